/**
 * The plan pipeline (src/plan): runs the stages in order, links them, owns the shared
 * assumptions' wiring, the what-if translation, the troop sweep and the proposals.
 * Entry points (CLI, server, report) call a `Planner`; stages never import this folder.
 *
 * ```ts
 * const planner = new Planner();
 * const plan = await planner.plan(scenario, { veto: true });
 * const sim = await planner.simulate(scenario, { replications: 20, seed: 1 });
 * sim.view.kpis.metInTimeShare.mean; sim.links.troopsSource; sim.view.check?.sentence
 * const t = await planner.sensitivity(scenario, { replications: 20, seed: 1 }); // the simulation tornado
 * t.bars[0].factor; t.bars[0].low.deathsTotal; t.bars[0].high.deathsTotal
 * ```
 */
export {
  computeZoneAsync,
  Planner,
  type PlannerOptions,
  type PlanSimulation,
  type PlanStages,
  type SensitivityRequest,
  type SimulationRequest,
  targetCheck,
  teamsFromForce,
  unwrap,
  type ZoneFn,
} from "./pipeline.js";
export { type ProposalMarker, proposalMarkers } from "./proposals.js";
export { type SensitivityProgress, tornadoRunMessage } from "./sensitivity.js";
export {
  DEFAULT_SWEEP_STEPS,
  parseTroopRange,
  REPORT_SWEEP,
  type TroopRange,
  troopSweep,
  withTroops,
} from "./sweep.js";
export type * from "./types.js";
export {
  generationView,
  patrolView,
  planSectorFor,
  simResultView,
  sizingView,
  summariseScenario,
  summariseZone,
  sweepView,
} from "./views.js";
export { DEFAULT_WHAT_IF, whatIfKey, whatIfMatrix, whatIfOptions } from "./whatIf.js";
