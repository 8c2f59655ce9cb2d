/**
 * Force generation as a mixed-integer program on HiGHS.
 *
 * @example
 *   const scenario = loadScenarioFile("data/scenarios/kosovo-1999.yaml");
 *   const plan = await generateForce(scenario, { objective: "cost" });
 *   plan.feasible; plan.totalTroops; plan.byNation; plan.explanation;
 *
 * `generateForce` solves on the calling thread; `generateForceInWorker` runs the
 * same thing in a worker thread (for the server and the CLI's progress display).
 */

export { loadHighs } from "../solver/highs.js";
export { checkPlan } from "./check.js";
export {
  type GenerateOptions,
  type GenerationProgress,
  generateForce,
  generateForceWith,
} from "./generate.js";
export { type BuiltModel, buildModel, type ConstraintGroup, type Objective } from "./model.js";
export { buildProblem, type Problem, type WhatIf } from "./problem.js";
export type * from "./result.js";
export { CAPABILITIES, type Contributor, type GenerationInput } from "./schema.js";
export { generateForceInWorker } from "./worker-client.js";
