/** Worker-thread entry: runs planPatrols and posts the plan back (see worker-client.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { TruceInputError } from "../errors/index.js";
import type { Zone } from "../geo/types.js";
import type { Scenario } from "../scenario/schema.js";
import { type PatrolOptions, planPatrols } from "./plan.js";

const { scenario, zone, options } = workerData as { scenario: Scenario; zone: Zone; options: PatrolOptions };
const port = parentPort!;
try {
  port.postMessage({ type: "result", plan: await planPatrols(scenario, zone, options) });
} catch (e) {
  if (e instanceof TruceInputError) port.postMessage({ type: "input-error", detail: e.detail });
  else port.postMessage({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
