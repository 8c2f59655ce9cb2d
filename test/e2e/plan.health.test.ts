/**
 * Issue 18 item 12: 12 concurrent plans on fresh uploads once stalled the event loop for 7 s.
 * Against a real `truce serve` process (another process, so the poller's own loop is not the
 * server's), a planner uploads 12 new scenarios (the GCSP case, each line shifted a little, so
 * nothing is cached) and asks for all 12 full plans at once while /api/health is polled. The
 * plans' heavy stages run off the server's event loop (zone, generation and patrols on worker
 * threads, two plans and two zones at a time, the rest waiting their turn), so health keeps
 * answering and every plan is answered (none refused as busy). Health's latency depends on the
 * machine's load, so it is printed here and measured against the 100 ms target in `npm run bench:health`,
 * not asserted. Needs the build (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "../support/serve.js";
import { gcspUpload } from "../support/uploads.js";

const PLANS = 12;

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
    // Health answers counted at each plan's arrival: some must come between the first plan and the last.
    const answersAtPlan: number[] = [];
    const plans = await Promise.all(
      ids.map(async (id) => {
        const r = await fetch(`${server.url}/api/plan/scenarios/${id}/plan`, { headers: planner });
        const body = (await r.json()) as Record<string, { status: string }>;
        answersAtPlan.push(during.length);
        return { status: r.status, body };
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
    // Plans are answered one after another as slots free up, and health kept answering in between.
    expect(Math.max(...answersAtPlan) - Math.min(...answersAtPlan)).toBeGreaterThan(PLANS);
  }, 600_000);
});
