/**
 * planPatrols on a worker thread, so a server stays responsive while HiGHS solves an
 * ERASER MILP (seconds for hundreds of targets). The worker loads its own HiGHS
 * runtime and exits when done, returning its WebAssembly memory. The plan is plain
 * data (objects and typed arrays) and crosses the thread boundary as is.
 */
import { TruceInputError } from "../errors/index.js";
import type { Zone } from "../geo/types.js";
import type { Scenario } from "../scenario/schema.js";
import { startWorker } from "../util/worker.js";
import type { PatrolOptions, PatrolPlan } from "./plan.js";

/** Same as planPatrols, on a worker thread. */
export function planPatrolsInWorker(scenario: Scenario, zone: Zone, options: PatrolOptions = {}): Promise<PatrolPlan> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, "worker", { scenario, zone, options });
    let settled = false;
    worker.on("message", (msg: { type: string; [k: string]: unknown }) => {
      settled = true;
      if (msg.type === "result") resolve(msg.plan as PatrolPlan);
      else if (msg.type === "input-error")
        reject(new TruceInputError(msg.detail as ConstructorParameters<typeof TruceInputError>[0]));
      else reject(new Error(String(msg.message)));
    });
    worker.on("error", (e) => {
      settled = true;
      reject(e);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`patrol worker exited with code ${code}`));
    });
  });
}
