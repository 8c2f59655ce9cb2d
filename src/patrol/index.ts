/**
 * Patrol planning (src/patrol): randomised patrols from a Stackelberg security game.
 * See docs/patrol.md.
 *
 * - `planPatrols(scenario, zone, options)` → `PatrolPlan`: coverage per target and per
 *   sector, the attacker's best response, the baselines and sampled daily schedules.
 * - Solvers on a plain `SecurityGame`: `solveOrigami` (sort-and-fill), `solveMinimaxLp`
 *   (the same game as one HiGHS LP), `solveEraser` (MILP with routes), `solveMultipleLps`
 *   (the Conitzer–Sandholm oracle for tiny games).
 */
export { type BaselinePlan, proportionalPlan, uniformPlan } from "./baselines.js";
export { type EraserOptions, type EraserResult, induceEraser, minimaxLevel, solveEraser } from "./eraser.js";
export { scheduleCsv, scheduleGeoJson } from "./export.js";
export {
  checkGame,
  evaluateCoverage,
  type GameOutcome,
  makeGame,
  type PayoffRow,
  type Pool,
  type SecurityGame,
} from "./game.js";
export { solveMinimaxLp } from "./lp.js";
export { solveMultipleLps } from "./oracle.js";
export { induceBestResponse, type SolveResult, solveOrigami, spendSpareTeams } from "./origami.js";
export { DEFAULT_PAYOFFS, SITE_TYPES, type SiteType, TARGET_TYPES, type TargetType } from "./payoffs.js";
export {
  lineCoverageBySector,
  type PatrolOptions,
  type PatrolPlan,
  type PlanSummary,
  planPatrols,
  planToJson,
  type ScheduleRow,
  type SectorCoverage,
  scheduleRows,
  sectorCoverage,
} from "./plan.js";
export { type Assignment, combSample, sampleSchedules } from "./sample.js";
export { type PatrolConfig, patrolSchema, type SiteInput, siteSchema, sitesSchema } from "./schema.js";
export { buildPatrolGame, type PatrolGame, type PatrolTarget, type SectorTeams } from "./targets.js";
export {
  type AttackOptions,
  type AttackOutcome,
  compareAgainstAttackers,
  playAgainstAttackers,
  simCoverageBySector,
} from "./versus.js";
export { planPatrolsInWorker } from "./worker-client.js";
