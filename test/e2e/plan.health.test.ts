/**
 * Issue 18 item 12: 12 concurrent plans on fresh uploads once stalled the event loop for 7 s.
 * Against a real `truce serve` process (another process, so the poller's own loop is not the
 * server's), a planner uploads 12 new scenarios (the GCSP case, each line shifted a little, so
 * nothing is cached) and asks for all 12 full plans at once while /api/health is polled. The
 * plans' heavy stages run off the server's event loop (zone, generation and patrols on worker
 * threads, two plans and two zones at a time, the rest waiting their turn), so health keeps
 * answering and every plan is answered (none refused as busy). The bound is generous (a shared 2-core test machine); the figures
 * are printed. Needs the build (`npm test` builds first).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type ServerProcess, startServer } from "../support/serve.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const PLANS = 12;
/** Generous: the target elsewhere is 100 ms; before, 12 plans stalled the loop for 7 s. */
const MAX_HEALTH_MS = 1500;

/** The GCSP scenario as one self-contained upload (its line and contributors inlined), line shifted by `dLon`. */
function gcspUpload(i: number): string {
  const s = parse(readFileSync(join(ROOT, "data/scenarios/ukraine-gcsp.yaml"), "utf8")) as Record<string, unknown>;
  const line = JSON.parse(readFileSync(join(ROOT, "data/lines/ukraine-contact-line-2025.geojson"), "utf8"));
  const geometry = (line.type === "FeatureCollection" ? line.features[0].geometry : (line.geometry ?? line)) as {
    type: string;
    coordinates: number[][];
  };
  const contributors = parse(readFileSync(join(ROOT, "data/contributors/ukraine-2025.yaml"), "utf8")) as {
    contributors: unknown;
  };
  const dLon = 0.001 * (i + 1);
  return stringify({
    ...s,
    name: `GCSP load test ${i}`,
    contactLine: { type: geometry.type, coordinates: geometry.coordinates.map(([x, y]) => [x + dLon, y]) },
    contributors: contributors.contributors,
  });
}

describe("12 concurrent plans on fresh uploads (real `truce serve`)", () => {
  let dir: string;
  let server: ServerProcess;
  let planner: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "truce-plan-health-"));
    server = await startServer({ dir, scenarios: false, adminToken: true });
    const made = await fetch(`${server.url}/api/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "load-planner", role: "planner" }),
    });
    expect(made.status).toBe(201);
    planner = { authorization: `Bearer ${((await made.json()) as { token: string }).token}` };
  }, 90_000);
  afterAll(() => {
    server?.proc.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps /api/health answering while 12 full plans are computed at once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < PLANS; i++) {
      const r = await fetch(`${server.url}/api/plan/scenarios`, {
        method: "POST",
        headers: { ...planner, "content-type": "application/json" },
        body: JSON.stringify({ file: `load-${i}.yaml`, text: gcspUpload(i) }),
      });
      expect(r.status, await r.clone().text()).toBe(201);
      ids.push(((await r.json()) as { scenario: { id: string } }).scenario.id);
    }
    expect(new Set(ids).size).toBe(PLANS);

    const health = async () => {
      const t0 = performance.now();
      const r = await fetch(`${server.url}/api/health`);
      await r.json();
      expect(r.status).toBe(200);
      return performance.now() - t0;
    };
    const baseline: number[] = [];
    for (let i = 0; i < 50; i++) baseline.push(await health());

    let done = false;
    const during: number[] = [];
    // One poll every 25 ms at most: the server's rate limit (50/s per address) must not answer for it.
    const poller = (async () => {
      while (!done) {
        during.push(await health());
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const t0 = performance.now();
    const plans = await Promise.all(
      ids.map(async (id) => {
        const r = await fetch(`${server.url}/api/plan/scenarios/${id}/plan`, { headers: planner });
        return { status: r.status, body: (await r.json()) as Record<string, { status: string }> };
      }),
    );
    const wallS = (performance.now() - t0) / 1000;
    done = true;
    await poller;

    for (const p of plans) {
      expect(p.status).toBe(200);
      expect(p.body.zone.status, JSON.stringify(p.body.zone)).toBe("ok");
      expect(p.body.sizing.status).toBe("ok");
      expect(p.body.generation.status).toBe("ok");
      expect(["ok", "unavailable"]).toContain(p.body.patrol.status);
    }
    const sorted = [...during].sort((a, b) => a - b);
    const worst = sorted.at(-1) ?? 0;
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
    process.stdout.write(
      `12 concurrent plans: ${wallS.toFixed(1)} s wall; /api/health over ${during.length} polls: ` +
        `worst ${worst.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (idle worst ${Math.max(...baseline).toFixed(0)} ms)\n`,
    );
    expect(during.length).toBeGreaterThan(10);
    expect(worst).toBeLessThan(MAX_HEALTH_MS);
  }, 600_000);
});
