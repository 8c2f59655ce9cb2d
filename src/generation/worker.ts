/** Worker-thread entry: runs generateForce and posts progress and the result back. */
import { parentPort, workerData } from "node:worker_threads";
import { TruceInputError } from "../errors/index.js";
import { type GenerateOptions, generateForce } from "./generate.js";
import type { GenerationInput } from "./schema.js";

const { input, options } = workerData as { input: GenerationInput; options: Omit<GenerateOptions, "onProgress"> };
const port = parentPort!;
try {
  const result = await generateForce(input, {
    ...options,
    onProgress: (p) => port.postMessage({ type: "progress", progress: p }),
  });
  port.postMessage({ type: "result", result });
} catch (e) {
  if (e instanceof TruceInputError) port.postMessage({ type: "input-error", detail: e.detail });
  else port.postMessage({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
