/** Worker-thread entry: computes one zone and posts progress and the result back (see worker-client.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { TruceInputError } from "../errors/index.js";
import type { ZoneInput } from "./zone.js";
import { computeZone } from "./zone.js";

const { scenario } = workerData as { scenario: ZoneInput };
const port = parentPort!;
try {
  const zone = computeZone(scenario, {
    onProgress: (fraction, stage) => port.postMessage({ type: "progress", fraction, stage }),
  });
  port.postMessage({ type: "result", zone });
} catch (e) {
  if (e instanceof TruceInputError) port.postMessage({ type: "input-error", detail: e.detail });
  else port.postMessage({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
