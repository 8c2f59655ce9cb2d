/**
 * Simulation jobs for the planner. The simulation stage (issue 5) runs its
 * replications on worker threads; this adapter starts it and reports progress.
 */

import type { SimulationView } from "../../report/types.js";
import type { Scenario } from "../../scenario/schema.js";
import type { JobContext } from "./jobs.js";

export interface SimulationRequest {
  replications?: number;
  days?: number;
  seed?: number;
  troops?: number;
  sweep?: { from: number; to: number; steps?: number };
}

export function simulationAvailable(): boolean {
  return false;
}

export async function startSimulation(
  _scenario: Scenario,
  _req: SimulationRequest,
  _ctx: JobContext,
): Promise<SimulationView> {
  throw new Error("the simulation stage (issue 5) is not in this build yet.");
}
