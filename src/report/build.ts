/**
 * Gathers everything the mission-plan report shows for one scenario: the plan
 * (zone, sizing, generation), the what-if matrix of force generation, the
 * simulation with confidence intervals and a force-size sweep, calibration on
 * history. Each stage that cannot run is kept as a stated reason.
 */
import type { Scenario } from "../scenario/schema.js";
import { simulate, sweep } from "../sim/index.js";
import { type Calibration, calibrate, parseMissions as parseSizingMissions } from "../sizing/index.js";
import type { MissionRow } from "./missions.js";
import { parseMissions } from "./missions.js";
import { buildPlanView, DEFAULT_WHAT_IF, generationOf, logSteps, zoneOf } from "./plan.js";
import { simResultView, sweepView } from "./simulationView.js";
import type { GenerationView, PlanView, SimulationView, Stage, WhatIf } from "./types.js";

export interface ReportOptions {
  /** Replications of the main simulation (default 100). */
  replications?: number;
  /** Replications per point of the force-size sweep (default 20). */
  sweepReplications?: number;
  /** Simulated days (default: the scenario's, else 30). */
  days?: number;
  seed?: number;
  /** Worker threads for the simulation (default 1). */
  threads?: number;
  /** Skip the simulation (for a quick report). */
  simulate?: boolean;
  /** Progress lines (the CLI prints them to stderr); `step` of `steps` for a progress bar. */
  onProgress?: (message: string, step: number, steps: number) => void;
  /** Cancels the simulation (the slow part). */
  signal?: AbortSignal;
  /** Solve force generation in worker threads (the server, so its event loop stays free). */
  inWorker?: boolean;
  /** Fixed time stamp (reproducible examples). */
  generatedAt?: string;
}

export interface WhatIfRow {
  label: string;
  whatIf: WhatIf;
  result: Stage<GenerationView>;
}

export interface ReportData {
  generatedAt: string;
  file: string;
  plan: PlanView;
  whatIfs: WhatIfRow[];
  simulation: Stage<SimulationView>;
  sweep: Stage<SimulationView>;
  calibration: Stage<Calibration>;
  missions: MissionRow[];
  options: {
    replications: number;
    sweepReplications: number;
    days?: number;
    seed: number;
    coverageFromPatrols: boolean;
  };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The force sizes the sweep covers: 5,000 to 250,000 on a log scale, with the three proposals included exactly. */
export function sweepTroops(): number[] {
  return [...new Set([...logSteps(5000, 250000, 7), 10000, 30000, 200000])].sort((a, b) => a - b);
}

export async function buildReportData(
  id: string,
  file: string,
  scenario: Scenario,
  missionsCsv: string,
  opts: ReportOptions = {},
): Promise<ReportData> {
  let step = 0;
  const say = (m: string) => opts.onProgress?.(m, step++, 5);
  const seed = opts.seed ?? 1;
  const replications = opts.replications ?? 100;
  const sweepReplications = opts.sweepReplications ?? 20;
  say("zone and sizing…");
  const plan = await buildPlanView(id, file, scenario, DEFAULT_WHAT_IF, { inWorker: opts.inWorker });

  const whatIfs: WhatIfRow[] = [];
  if (scenario.contributors && scenario.contributors.length > 0) {
    say("force generation: what-if matrix…");
    const hasBackstops = (scenario.backstops ?? []).length > 0;
    const hasVetoes = Object.keys(scenario.consent ?? {}).length > 0;
    const combos: Array<[string, WhatIf]> = [["As stated in the scenario", { veto: true }]];
    if (hasVetoes) combos.push(["Without the parties' vetoes", { veto: false }]);
    if (hasBackstops) {
      combos.push(
        ["Backstops present", { veto: true, backstop: true }],
        ["Backstops absent", { veto: true, backstop: false }],
      );
      if (hasVetoes) combos.push(["No vetoes, backstops present", { veto: false, backstop: true }]);
    }
    for (const [label, w] of combos)
      whatIfs.push({ label, whatIf: w, result: await generationOf(scenario, w, { inWorker: opts.inWorker }) });
  }

  const zone = zoneOf(scenario);
  let simulation: Stage<SimulationView> = {
    status: "unavailable",
    reason: "the simulation was not run (--no-simulation).",
  };
  let sweepStage: Stage<SimulationView> = {
    status: "unavailable",
    reason: "the simulation was not run (--no-simulation).",
  };
  if (opts.simulate !== false && zone.status === "ok") {
    try {
      say(`simulation: ${replications} replications…`);
      // Detection follows the patrol plan's coverage when there is one.
      const coverageBySector = plan.patrol.status === "ok" ? plan.patrol.value.simCoverage : undefined;
      const r = await simulate(scenario, zone.value, {
        replications,
        days: opts.days,
        seed,
        threads: opts.threads ?? 1,
        coverageBySector,
        signal: opts.signal,
      });
      simulation = { status: "ok", value: simResultView(r) };
      const troops = sweepTroops();
      say(`sweep: ${troops.length} force sizes × ${sweepReplications} replications…`);
      const sw = await sweep(scenario, zone.value, {
        troops,
        replications: sweepReplications,
        days: opts.days,
        seed,
        threads: opts.threads ?? 1,
        coverageBySector,
        signal: opts.signal,
      });
      sweepStage = { status: "ok", value: sweepView(sw) };
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      simulation = simulation.status === "ok" ? simulation : { status: "error", message: message(e) };
      sweepStage = { status: "error", message: message(e) };
    }
  }

  say("calibration on history…");
  let calibration: Stage<Calibration>;
  try {
    calibration = { status: "ok", value: calibrate(parseSizingMissions("data/missions.csv", missionsCsv)) };
  } catch (e) {
    calibration = { status: "error", message: message(e) };
  }

  return {
    generatedAt: opts.generatedAt ?? new Date().toISOString(),
    file,
    plan,
    whatIfs,
    simulation,
    sweep: sweepStage,
    calibration,
    missions: parseMissions(missionsCsv),
    options: {
      replications,
      sweepReplications,
      days: opts.days,
      seed,
      coverageFromPatrols: plan.patrol.status === "ok",
    },
  };
}
