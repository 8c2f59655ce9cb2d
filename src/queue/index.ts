/**
 * Simulations on a BullMQ/Redis worker fleet (an edge: it imports src/sim; only cli/ and
 * server/ import it). `createQueuePool` gives simulate()/sweep() a pool whose blocks run on
 * `truce worker` processes; `startQueueWorker` is that worker. See docs/scale.md.
 */
export { CHUNK_FORMAT, decodeValue, encodeValue } from "./codec.js";
export { ChunkFailed, createQueuePool, type QueuePool, type QueuePoolOptions } from "./pool.js";
export { type QueueWorker, type QueueWorkerOptions, startQueueWorker } from "./worker.js";

import { createQueuePool, type QueuePool } from "./pool.js";

/**
 * The pool for `truce simulate --queue URL`: checks the URL and that Redis answers (one
 * TruceInputError naming --queue otherwise), and sizes the run to the live workers unless
 * `threads` is given.
 */
export function queuePoolForUrl(url: string, opts: { threads?: number; runId?: string } = {}): Promise<QueuePool> {
  return createQueuePool(url, opts);
}
