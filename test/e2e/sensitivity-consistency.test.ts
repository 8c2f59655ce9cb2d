/**
 * The simulation's sensitivity (the tornado over its behavioural assumptions) through the three
 * entry points, which all call `Planner.sensitivity`, gives the same numbers bit for bit:
 * - `truce simulate --sensitivity --json`, a real process on bin/truce.js (run `npm run build` first; `npm test` does);
 * - the planning API's sensitivity job (the real app on a real port, with a planner token; result read from its SSE stream,
 *   on the server's replication pool of worker threads);
 * - the report builder (`buildReportData` with `sensitivity: true`), whose HTML draws it.
 * And the CLI's refusals of flags that cannot go with it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/monitor/store/open.js";
import type { SensitivityView } from "../../src/plan/index.js";
import { buildReportData, renderReportHtml } from "../../src/report/index.js";
import { loadScenarioFile } from "../../src/scenario/load.js";
import { buildApp } from "../../src/server/app.js";
import { issueToken } from "../../src/server/auth.js";
import { planPlugin } from "../../src/server/plan/index.js";
import { jobResult } from "../support/sse.js";

const root = new URL("../../", import.meta.url).pathname;
const file = join(root, "data/scenarios/kosovo-2004.yaml");
// Small: the point is that the three paths agree, not the numbers themselves.
const RUN = { replications: 3, days: 2, seed: 5 };

function truce(args: string[]) {
  return spawnSync(process.execPath, [join(root, "bin/truce.js"), ...args], { cwd: root, encoding: "utf8" });
}

let cli: { sensitivity: SensitivityView; kpis: Record<string, { mean: number }> };
let api: SensitivityView;
let apiProgress: Array<{ done: number; total: number; message?: string }>;
let report: SensitivityView;
let html: string;

beforeAll(async () => {
  const out = truce([
    "simulate",
    file,
    "--sensitivity",
    "--json",
    "--replications",
    String(RUN.replications),
    "--days",
    String(RUN.days),
    "--seed",
    String(RUN.seed),
    "--threads",
    "1",
  ]);
  if (out.status !== 0) throw new Error(`truce simulate failed (${out.status}): ${out.stderr}`);
  cli = JSON.parse(out.stdout);

  const dir = mkdtempSync(join(tmpdir(), "truce-sensitivity-"));
  const store = await openStore({ databaseUrl: join(dir, "truce.db") });
  const { token } = await issueToken(store, "sensitivity-planner", "planner");
  // The server's default replication pool (up to 2 threads): the tornado does not depend on the thread count.
  const app = await buildApp({
    store,
    rateLimit: false,
    plugins: [{ plugin: planPlugin, options: { prefix: "/api/plan" } }],
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const started = await fetch(`${base}/api/plan/scenarios/kosovo-2004/sensitivities`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(RUN),
    });
    expect(started.status).toBe(202);
    const job = await jobResult<SensitivityView>(
      base,
      ((await started.json()) as { job: { id: string } }).job.id,
      token,
    );
    api = job.result;
    apiProgress = job.progress;
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const data = await buildReportData(
    "kosovo-2004",
    file,
    loadScenarioFile(file),
    readFileSync(join(root, "data/missions.csv"), "utf8"),
    {
      replications: 1,
      sweepReplications: 1,
      days: RUN.days,
      seed: RUN.seed,
      sensitivity: true,
      sensitivityReplications: RUN.replications,
      generatedAt: "2025-03-15T00:00:00.000Z",
    },
  );
  if (data.sensitivity.status !== "ok") throw new Error(`report sensitivity: ${JSON.stringify(data.sensitivity)}`);
  report = data.sensitivity.value;
  html = renderReportHtml(data);
}, 600_000);

describe("one tornado: CLI, planning API and report agree (kosovo-2004, one seed)", () => {
  it("the API's tornado equals the CLI's --sensitivity --json, bit for bit", () => {
    expect(cli.sensitivity.bars).toHaveLength(5);
    expect(cli.sensitivity).toMatchObject({ ...RUN, runs: 11, rankedBy: "deathsTotal" });
    expect(api).toEqual(cli.sensitivity);
  });

  it("the report's tornado is the same one, and the report draws it", () => {
    expect(report).toEqual(cli.sensitivity);
    expect(html).toContain("Sensitivity to the simulation's behavioural assumptions");
    expect((html.match(/<svg[^>]*class="chart tornado"/g) ?? []).length).toBeGreaterThanOrEqual(3); // sizing + 2 KPIs
    expect(html).toContain("low / high: × 0.5 / × 1.5");
  });

  it("its base run is the plain simulation's, and the bars move the KPIs both ways", () => {
    expect(cli.sensitivity.base.deathsTotal).toBe(cli.kpis.deathsTotal.mean);
    expect(cli.sensitivity.base.metInTimeShare).toBe(cli.kpis.metInTimeShare.mean);
    const golden = cli.sensitivity.bars.find((b) => b.factor.startsWith("golden time"));
    expect(golden?.high.metInTimeShare).toBeGreaterThan(golden?.low.metInTimeShare ?? 1);
  });

  it("the API job reports progress over all 11 runs, naming each", () => {
    const last = apiProgress.at(-1);
    expect(last?.total).toBe(11 * RUN.replications);
    const runs = new Set(apiProgress.map((p) => p.message).filter(Boolean));
    expect(runs.size).toBeGreaterThan(1);
    for (let i = 1; i < apiProgress.length; i++)
      expect(apiProgress[i].done).toBeGreaterThanOrEqual(apiProgress[i - 1].done);
  });
});

describe("flags that cannot go with the sensitivity get one clear error", () => {
  it("truce simulate --sensitivity --sweep", () => {
    const r = truce(["simulate", file, "--sensitivity", "--sweep", "troops=5000..20000:3"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe(
      "error: at --sensitivity: the sensitivity tornado moves the assumptions around one force size, not a sweep. Drop --sweep (give the force with --troops), or run the sweep and the sensitivity separately.",
    );
  });

  it("truce report --sensitivity --no-simulation, and a bad --sensitivity-replications, write nothing", () => {
    const out = mkdtempSync(join(tmpdir(), "truce-sensitivity-report-"));
    try {
      const a = truce(["report", file, "--out", out, "--sensitivity", "--no-simulation"]);
      expect(a.status).toBe(1);
      expect(a.stderr).toMatch(/^error: at --sensitivity: .*--no-simulation skips the simulation\. Drop/);
      const b = truce(["report", file, "--out", out, "--sensitivity", "--sensitivity-replications", "0"]);
      expect(b.status).toBe(1);
      expect(b.stderr).toMatch(/--sensitivity-replications/);
      expect(spawnSync("ls", [out], { encoding: "utf8" }).stdout).toBe("");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
