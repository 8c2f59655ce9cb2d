/**
 * Force sizing: several methods with named, documented assumptions, a recommendation
 * with a tornado table, calibration against past missions, and proposal comparison.
 *
 * ```ts
 * const inputs = sizingInputsFromScenario(scenario, computeZone(scenario));
 * const { estimates, recommended, sensitivity } = sizeScenario(inputs, { overrides: sizingOverrides(scenario) });
 * const { missions, summary } = calibrate(parseMissions("data/missions.csv", csvText));
 * ```
 */
export {
  CALIBRATION_METHODS,
  type Calibration,
  type CalibrationRow,
  calibrate,
  type MethodSummary,
  type TrackRecord,
  trackRecordFor,
  trackRecordOf,
} from "./calibrate.js";
export {
  compareProposals,
  type PostureMatch,
  type ProposalInput,
  type ProposalRow,
  proposalRow,
  type SizedProposal,
  sizeProposal,
} from "./compare.js";
export { erlangB, erlangC, meanWaitH, probWaitExceeds, teamsNeeded } from "./erlang.js";
export { proposalFromScenario, sizeFromScenario, sizingInputsFromScenario, sizingOverrides } from "./fromScenario.js";
export { calibrationMarkdown, calibrationSummaryMarkdown, comparisonMarkdown, defaultsMarkdown } from "./markdown.js";
export {
  brigadeFrontageMethod,
  densityMethod,
  frontageMethod,
  type MethodResult,
  sustainment,
  type TaskParams,
  taskMethod,
  zoneAreaMethod,
} from "./methods.js";
export { type Mission, missionClassOf, missionInputs, parseMissions, precedentCases } from "./missions.js";
export {
  defaultParams,
  PARAM_NAMES,
  type Param,
  type ParamName,
  type ParamOverride,
  type ParamSet,
  type Threat,
} from "./params.js";
export { classOf, type Precedent, type PrecedentCase, type PrecedentMission, precedentForecast } from "./precedent.js";
export { type QrfPlan, qrfPlan } from "./qrf.js";
export { sizingSectionSchema } from "./schema.js";
export {
  type Estimate,
  FOLLOWS,
  METHOD_NAMES,
  type MethodName,
  type MissionClass,
  paramsFor,
  primaryMethods,
  type Recommendation,
  type Requirement,
  type SizingInputs,
  type SizingResult,
  sizeScenario,
  type TornadoRow,
} from "./size.js";
export { type Distribution, probCovers } from "./uncertainty.js";
