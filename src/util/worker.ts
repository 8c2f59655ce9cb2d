/**
 * Start a worker thread on a module next to the caller, both when running compiled
 * (dist/*.js) and from sources under vitest or tsx (*.ts, through tsx's loader).
 */
import { Worker } from "node:worker_threads";

/**
 * @param callerUrl the caller's `import.meta.url`
 * @param name the worker module's name beside it, without extension (e.g. "worker")
 * @example startWorker(import.meta.url, "worker", { input })
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  // From sources: register tsx's loader inside the worker, then load the .ts module.
  const entry = JSON.stringify(new URL(`./${name}.ts`, callerUrl).href);
  const code = `import("tsx/esm/api").then((api) => { api.register(); return import(${entry}); });`;
  return new Worker(code, { eval: true, workerData });
}
