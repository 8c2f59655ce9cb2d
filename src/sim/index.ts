/**
 * Operations simulation (src/sim): a discrete-event engine that knows nothing
 * of peacekeeping (engine, queue, random), and the operations model on top of
 * it (model, spec, params), with KPIs and sweeps. See docs/simulation.md.
 */

export { RandomStream, stream } from "../util/random.js";
export { type Model, Simulator } from "./engine.js";
export { KPI_INFO } from "./kpis.js";
export {
  FORCE_LADDER,
  INCIDENT_TYPES,
  resolveSimulationParams,
  type SimulationInput,
  type SimulationParams,
  simulationSchema,
} from "./params.js";
export { createPool, type ReplicationPool } from "./pool.js";
export { EventQueue } from "./queue.js";
export {
  type KpiName,
  type Progress,
  type SimResult,
  type SimulateOptions,
  SimulationCancelled,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
  simulate,
  sweep,
} from "./simulate.js";
export { compileSpec, type ForceMapping, type PerSector, type SpecOptions } from "./spec.js";
export { type Summary, summarize } from "./stats.js";
