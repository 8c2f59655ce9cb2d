/**
 * Issue 18, critical #1 and item 13, against the real programs: a `truce serve` process given
 * 1e15 troops answers 400 and keeps answering /api/health (it used to die with "Fatal JavaScript
 * invalid size error"), and the CLI exits 1 with one message for each out-of-bounds flag (it used
 * to crash with exit 133, hang, or exit 2). Needs the build (`npm test` builds first).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "../support/serve.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const CLI = join(ROOT, "bin", "truce.js");

const SCENARIO = `name: Bounds line
contactLine: { type: LineString, coordinates: [[30, 47], [30, 48], [30, 49]] }
zone: { widthKm: 20, sectors: 2 }
parties: [{ id: WEST, name: West, side: left }, { id: EAST, name: East, side: right }]
mandate: { posture: monitor }
force: { troops: 5000 }
`;

function requireBuild(): void {
  if (!existsSync(join(ROOT, "dist", "src", "cli", "index.js")))
    throw new Error("this test runs the built CLI: run `npm run build` first (npm test does)");
}

describe("the server survives out-of-bounds numbers (real `truce serve`)", () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "truce-bounds-"));
    writeFileSync(join(dir, "meridian.yaml"), SCENARIO);
    server = await startServer({ dir, scenarios: dir, adminToken: true });
  }, 90_000);
  afterAll(() => {
    server?.proc.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  const headers = () => ({ authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" });

  it("troops: 1e15 is 400 with the documented error shape, and /api/health keeps answering", async () => {
    const r = await fetch(`${server.url}/api/plan/scenarios/ukraine-gcsp/simulations`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ replications: 2, days: 1, troops: 1000000000000000 }),
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/BAD_INPUT/);
    expect(body.error.message).toMatch(/troops/);
    expect(body.error.message).toContain("10,000,000");
    for (let i = 0; i < 3; i++) {
      const h = await fetch(`${server.url}/api/health`);
      expect(h.status).toBe(200);
    }
    expect(server.exitCode()).toBeUndefined();
  });

  it("a sweep up to 1e15 troops and 1e9 replications are refused the same way", async () => {
    for (const body of [{ sweep: { from: 1000, to: 1e15 } }, { replications: 1e9 }, { days: 1e308 }]) {
      const r = await fetch(`${server.url}/api/plan/scenarios/ukraine-gcsp/simulations`, {
        method: "POST",
        headers: headers(),
        body: JSON.stringify(body),
      });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/BAD_INPUT/);
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe("the CLI refuses out-of-bounds numbers with exit 1 and one message", () => {
  let dir: string;
  let scenario: string;
  beforeAll(() => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), "truce-bounds-cli-"));
    scenario = join(dir, "s.yaml");
    writeFileSync(scenario, SCENARIO);
    writeFileSync(join(dir, "huge.yaml"), SCENARIO.replace("troops: 5000", "troops: 1e15"));
    mkdirSync(join(dir, "outdir"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const truce = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

  it.each([
    ["--troops 1e20", ["--troops", "1e20"], /--troops: "1e20" is too large: the most is 10,000,000 troops/],
    ["--days 1e308", ["--days", "1e308"], /--days: "1e308" is too large: the most is 3,650 days/],
    ["--threads 1000", ["--threads", "1000"], /--threads: "1000" is too large: the most is 64 threads/],
    ["--replications 1e9", ["--replications", "1e9"], /--replications: "1e9" is too large/],
    ["--out <a directory>", ["--out", "OUTDIR"], /--out: ".*outdir" is a directory/],
  ])("simulate %s", (_name, flags, message) => {
    const args = flags.map((f) => (f === "OUTDIR" ? join(dir, "outdir") : f));
    const r = truce("simulate", scenario, "--replications", "2", "--days", "1", ...args);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(message);
  });

  it("force.troops: 1e15 in the scenario file", () => {
    const r = truce("simulate", join(dir, "huge.yaml"), "--replications", "2", "--days", "1");
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/huge\.yaml:6:\d+: at force\.troops: 1000000000000000 is too large: it must be at most/);
  });

  it("incidents export --bbox ,,, is refused, not read as 0,0,0,0 (issue 18 item 14)", () => {
    const r = truce("incidents", "export", "--data", join(dir, "db"), "--bbox", ",,,");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: at --bbox: ",,," is not west,south,east,north/);
  });

  it("the same bounds hold for the report command's flags", () => {
    const r = truce("report", scenario, "--out", dir, "--days", "1e308");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: at --days: "1e308" is too large/);
    const t = truce("report", scenario, "--out", dir, "--threads", "1000");
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/--threads/);
  });
});
