/**
 * Run force generation in a worker thread, so a server stays responsive during
 * a long solve. The worker loads its own HiGHS runtime and exits when done, so
 * its WebAssembly memory is returned to the system with it.
 */
import { TruceInputError } from "../errors/index.js";
import { startWorker } from "../util/worker.js";
import type { GenerateOptions, GenerationProgress } from "./generate.js";
import type { GenerationResult } from "./result.js";
import type { GenerationInput } from "./schema.js";

/** Same as generateForce, on a worker thread. Progress callbacks arrive on the calling thread. */
export function generateForceInWorker(
  input: GenerationInput,
  options: GenerateOptions = {},
): Promise<GenerationResult> {
  const { onProgress, ...rest } = options;
  // Only plain data crosses the thread boundary.
  const plainInput: GenerationInput = {
    parties: input.parties?.map((p) => ({ id: p.id, name: p.name })),
    requirements: input.requirements,
    contributors: input.contributors,
    backstops: input.backstops,
    consent: input.consent,
    policy: input.policy,
  };
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, "worker", { input: plainInput, options: rest });
    let settled = false;
    worker.on("message", (msg: { type: string; [k: string]: unknown }) => {
      if (msg.type === "progress") onProgress?.(msg.progress as GenerationProgress);
      else if (msg.type === "result") {
        settled = true;
        resolve(msg.result as GenerationResult);
      } else if (msg.type === "input-error") {
        settled = true;
        reject(new TruceInputError(msg.detail as ConstructorParameters<typeof TruceInputError>[0]));
      } else if (msg.type === "error") {
        settled = true;
        reject(new Error(String(msg.message)));
      }
    });
    worker.on("error", (e) => {
      settled = true;
      reject(e);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`force-generation worker exited with code ${code}`));
    });
  });
}
