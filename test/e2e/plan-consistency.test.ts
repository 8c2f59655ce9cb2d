/**
 * Issue 11's closing test: the GCSP scenario with one seed through the three entry
 * points, which all go through the plan pipeline (src/plan), gives identical KPIs:
 * - `truce simulate --json`, a real process on bin/truce.js (run `npm run build` first; `npm test` does);
 * - the planning API's simulation job (the real app on a real port, with a planner token; result read from its SSE stream);
 * - the report builder (`buildReportData`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/monitor/store/open.js";
import type { SimulationView } from "../../src/plan/index.js";
import { buildReportData } from "../../src/report/index.js";
import { loadScenarioFile } from "../../src/scenario/load.js";
import { buildApp } from "../../src/server/app.js";
import { issueToken } from "../../src/server/auth.js";
import { planPlugin } from "../../src/server/plan/index.js";
import { jobResult } from "../support/sse.js";

const root = new URL("../../", import.meta.url).pathname;
const file = join(root, "data/scenarios/ukraine-gcsp.yaml");
// Affordable: a few short replications; the point is that the three paths agree, bit for bit.
const RUN = { replications: 4, days: 3, seed: 11 };

type Kpis = Record<string, { mean: number; ci95: [number, number] }>;
const core = (k: Kpis) => Object.fromEntries(Object.entries(k).map(([n, s]) => [n, { mean: s.mean, ci95: s.ci95 }]));

const simulateArgs = [
  "simulate",
  file,
  "--json",
  "--replications",
  String(RUN.replications),
  "--days",
  String(RUN.days),
  "--seed",
  String(RUN.seed),
  "--threads",
  "1",
];

function truce(args: string[]): string {
  const out = spawnSync(process.execPath, [join(root, "bin/truce.js"), ...args], { cwd: root, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`truce ${args[0]} failed (${out.status}): ${out.stderr}`);
  return out.stdout;
}

let cliText: string;
let cli: { troops: number; events: number; kpis: Kpis; links: { troopsSource: string; detectionSource: string } };
let api: SimulationView;
let report: SimulationView;

beforeAll(async () => {
  cliText = truce(simulateArgs);
  cli = JSON.parse(cliText);

  const dir = mkdtempSync(join(tmpdir(), "truce-consistency-"));
  const store = await openStore({ databaseUrl: join(dir, "truce.db") });
  const { token } = await issueToken(store, "consistency-planner", "planner");
  const app = await buildApp({
    store,
    rateLimit: false,
    plugins: [{ plugin: planPlugin, options: { prefix: "/api/plan", simulationThreads: 1 } }],
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const started = await fetch(`${base}/api/plan/scenarios/ukraine-gcsp/simulations`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(RUN),
    });
    expect(started.status).toBe(202);
    api = (await jobResult<SimulationView>(base, ((await started.json()) as { job: { id: string } }).job.id, token))
      .result;
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const data = await buildReportData(
    "ukraine-gcsp",
    file,
    loadScenarioFile(file),
    readFileSync(join(root, "data/missions.csv"), "utf8"),
    { ...RUN, sweepReplications: 1, threads: 1, generatedAt: "2025-03-15T00:00:00.000Z" },
  );
  if (data.simulation.status !== "ok") throw new Error(`report simulation: ${JSON.stringify(data.simulation)}`);
  report = data.simulation.value;
}, 600_000);

describe("one pipeline: CLI, planning API and report agree (GCSP, one seed)", () => {
  it("simulate the same force with the same inputs", () => {
    expect(cli.links.detectionSource).toBe("patrols");
    expect(api.links?.detectionSource).toBe("patrols");
    expect(report.links?.detectionSource).toBe("patrols");
    expect(api.links).toEqual(cli.links);
    expect(report.links).toEqual(cli.links);
    expect(api.troops).toBe(cli.troops);
    expect(report.troops).toBe(cli.troops);
    expect(api.events).toBe(cli.events);
    expect(report.events).toBe(cli.events);
  });

  it("give identical KPIs, bit for bit", () => {
    const c = core(cli.kpis);
    expect(Object.keys(c).length).toBeGreaterThan(10);
    expect(core(api.kpis as Kpis)).toEqual(c);
    expect(core(report.kpis as Kpis)).toEqual(c);
  });

  it("say whether the force meets the response-time target, in one sentence with the numbers", () => {
    expect(report.check?.sentence).toMatch(/reaches (only )?\d+\.\d% of incidents in time/);
    expect(api.check).toEqual(report.check);
  });
});

describe("--json is identical run to run for a seed (wall-clock figures only under timing)", () => {
  const withoutTiming = (text: string) => {
    const { timing, ...rest } = JSON.parse(text) as { timing?: unknown };
    expect(timing).toBeDefined();
    return rest;
  };

  it("truce simulate", () => {
    const again = truce(simulateArgs);
    expect(withoutTiming(again)).toEqual(withoutTiming(cliText));
    expect(JSON.stringify(withoutTiming(again))).not.toMatch(/wallSeconds|eventsPerSecond/);
  });

  it("truce patrol", () => {
    const args = ["patrol", join(root, "data/scenarios/kosovo-2025.yaml"), "--json", "--days", "1"];
    const a = truce(args);
    expect(withoutTiming(truce(args))).toEqual(withoutTiming(a));
    expect(JSON.stringify(withoutTiming(a))).not.toMatch(/solveTimeMs/);
  });
});
