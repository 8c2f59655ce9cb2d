/**
 * Worker threads for replications (piscina). The worker file is worker.js next
 * to this file when running compiled (dist/), or worker.ts run through tsx's
 * loader when running TypeScript directly (vitest, tsx).
 */
import { Piscina } from "piscina";
import type { BlockResult, BlockTask } from "./run.js";

export interface ReplicationPool {
  run(task: BlockTask, signal?: AbortSignal): Promise<BlockResult>;
  destroy(): Promise<void>;
  readonly threads: number;
}

export function createPool(threads: number): ReplicationPool {
  const here = import.meta.url;
  const isTs = here.endsWith(".ts");
  const filename = new URL(isTs ? "./worker.ts" : "./worker.js", here).href;
  const piscina = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    execArgv: isTs ? ["--import", "tsx"] : [],
  });
  return {
    threads,
    run: (task, signal) => piscina.run(task, signal ? { signal } : {}) as Promise<BlockResult>,
    destroy: () => piscina.destroy(),
  };
}
