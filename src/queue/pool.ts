/**
 * A ReplicationPool backed by a BullMQ queue on Redis: each block of replications that
 * simulate()/sweep() hand it becomes one job, run by any `truce worker` on that Redis.
 * Each result waits under a per-chunk key that the job returns; simulate() assembles the
 * results by replication index, so the numbers are bit-identical to an in-process run.
 *
 * Jobs are keyed by run, task and replication range, so a retried or re-added chunk is the
 * same job and its result counts once. A chunk that fails on every attempt fails the run with
 * the worker's message. Aborting removes the run's waiting chunks and tells workers to drop
 * the active ones.
 */
import { createHash, randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { TruceInputError } from "../errors/index.js";
import type { ReplicationPool } from "../sim/pool.js";
import type { BlockResult, BlockTask } from "../sim/run.js";
import { SimulationCancelled } from "../sim/simulate.js";
import { type ChunkDone, decodeResult, encodeTask } from "./codec.js";
import {
  CANCEL_CHANNEL,
  cancelKey,
  checkPositiveIntegers,
  connectRedis,
  liveWorkerSlots,
  PREFIX,
  QUEUE_NAME,
  redisClient,
  resultKey,
} from "./connect.js";

export interface QueuePoolOptions {
  /** Names this run's chunks (letters, digits, _ and -); default a random UUID. */
  runId?: string;
  /** Fail a chunk (and so the run) when no worker finishes it within this time after it is queued. Default: wait. */
  chunkTimeoutMs?: number;
  /**
   * Chunk slots: simulate() keeps 2 × threads chunks queued and cuts the work into about 8 × threads chunks.
   * Default: the total concurrency of the workers alive when the pool is made (at least 2).
   */
  threads?: number;
  /** Attempts per chunk before it fails the run (default 3). */
  attempts?: number;
  /** Queue name (default "sim"); workers must use the same. */
  queueName?: string;
}

export interface QueuePool extends ReplicationPool {
  readonly runId: string;
  /** Workers and their total concurrency seen when the pool was made. */
  readonly workersAtStart: { workers: number; slots: number };
  /** Live workers now. */
  workers(): Promise<{ workers: number; slots: number }>;
}

/** A chunk failed on every attempt; the message is the worker's. */
export class ChunkFailed extends Error {
  constructor(
    readonly jobId: string,
    readonly workerMessage: string,
  ) {
    super(`simulation chunk ${jobId} failed on the worker: ${workerMessage}`);
    this.name = "ChunkFailed";
  }
}

interface Waiter {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
// How long destroy() waits for cancelled active chunks to be dropped and removed.
const CANCEL_CLEANUP_MS = 10_000;

/**
 * Make a queue-backed pool for a Redis URL.
 * @example const pool = await createQueuePool("redis://127.0.0.1:6379");
 *          const r = await simulate(scenario, zone, { replications: 1000, pool }); await pool.destroy();
 */
export async function createQueuePool(redisUrl: string, opts: QueuePoolOptions = {}): Promise<QueuePool> {
  const runId = opts.runId ?? randomUUID();
  if (!RUN_ID.test(runId))
    throw new TruceInputError({
      path: "runId",
      problem: `"${runId}" is not a run id.`,
      fix: "Use 1-64 letters, digits, _ or - (BullMQ job ids may not contain ':').",
    });
  checkPositiveIntegers([
    ["threads", opts.threads],
    ["attempts", opts.attempts],
    ["chunkTimeoutMs", opts.chunkTimeoutMs],
  ]);
  const connection = await connectRedis(redisUrl, "--queue");
  const queueName = opts.queueName ?? QUEUE_NAME;
  const attempts = opts.attempts ?? 3;
  const redis = redisClient(connection);
  const queue = new Queue(queueName, { connection, prefix: PREFIX });
  const events = new QueueEvents(queueName, { connection, prefix: PREFIX });
  queue.on("error", () => {});
  events.on("error", () => {});
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

  const waiters = new Map<string, Waiter>();
  const inFlight = new Map<string, Promise<unknown>>();
  const added = new Map<string, Promise<unknown>>();
  const settle = (jobId: string, f: (w: Waiter) => void) => {
    const w = waiters.get(jobId);
    if (!w) return;
    waiters.delete(jobId);
    f(w);
  };
  const ours = (jobId: string) => jobId.startsWith(`${runId}.`);
  // Background Redis calls (removals, cancels); destroy() waits for them.
  const cleanups = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch(() => {}).finally(() => cleanups.delete(q));
    cleanups.add(q);
  };
  // Cancelled chunks a worker still holds: removed once the worker lets go of them.
  const cancelling = new Set<string>();
  let onNoneCancelling: (() => void) | undefined;
  const dropCancelled = (jobId: string) => {
    if (!cancelling.has(jobId)) return;
    track(
      queue.remove(jobId).then((n) => {
        if (n !== 1) return;
        cancelling.delete(jobId);
        if (cancelling.size === 0) onNoneCancelling?.();
      }),
    );
  };
  events.on("completed", ({ jobId, returnvalue }) => {
    settle(jobId, (w) => w.resolve(returnvalue));
    // The result is in hand (or no longer wanted): the job need not stay in Redis.
    if (cancelling.has(jobId)) {
      dropCancelled(jobId);
      track(redis.del(resultKey(jobId)));
    } else if (ours(jobId)) track(queue.remove(jobId));
  });
  events.on("failed", ({ jobId, failedReason }) => {
    settle(jobId, (w) => w.reject(new ChunkFailed(jobId, failedReason)));
    dropCancelled(jobId);
  });
  events.on("waiting", ({ jobId }) => dropCancelled(jobId)); // a stalled, cancelled chunk back in the queue

  const cancel = async (jobId: string) => {
    await added.get(jobId)?.catch(() => {}); // removing before the add lands would leave the job behind
    if ((await queue.remove(jobId)) === 1) return;
    // A worker holds it: tell the workers to drop it (pub/sub now, a key for one that checks later).
    cancelling.add(jobId);
    await redis.multi().set(cancelKey(jobId), "1", "EX", 3600).publish(CANCEL_CHANNEL, jobId).exec();
  };

  const await1 = async (jobId: string, task: BlockTask): Promise<unknown> => {
    const result = new Promise<unknown>((resolve, reject) => waiters.set(jobId, { resolve, reject }));
    let timer: NodeJS.Timeout | undefined;
    if (opts.chunkTimeoutMs) {
      const ms = opts.chunkTimeoutMs;
      timer = setTimeout(() => {
        settle(jobId, (w) =>
          w.reject(
            new ChunkFailed(
              jobId,
              `no worker finished it within ${ms} ms (are \`truce worker --redis ${redisUrl}\` processes running?)`,
            ),
          ),
        );
        track(cancel(jobId));
      }, ms);
    }
    // Listening before adding: a fast worker cannot finish the chunk unseen. An existing job with this id
    // (a re-added chunk) is not added twice; if it has already finished, take its outcome from Redis.
    const adding = (async () => {
      const job = await queue.add("chunk", encodeTask(task), {
        jobId,
        attempts,
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
      const state = await job.getState();
      if (state === "completed" || state === "failed") {
        const fresh = await queue.getJob(jobId);
        if (state === "completed") settle(jobId, (w) => w.resolve(fresh?.returnvalue));
        else settle(jobId, (w) => w.reject(new ChunkFailed(jobId, fresh?.failedReason ?? "unknown failure")));
      }
    })();
    added.set(jobId, adding);
    adding.catch((e) => settle(jobId, (w) => w.reject(e as Error)));
    try {
      const done = (await result) as Partial<ChunkDone> | null;
      if (typeof done?.resultKey !== "string")
        throw new ChunkFailed(jobId, "the worker returned no result key (a worker of another Truce version?)");
      const raw = await redis.get(done.resultKey);
      if (raw === null) throw new ChunkFailed(jobId, "its result expired from Redis before it was read");
      track(redis.del(done.resultKey));
      return JSON.parse(raw);
    } finally {
      clearTimeout(timer);
      added.delete(jobId);
    }
  };

  const workersAtStart = await liveWorkerSlots(redis);
  const threads = opts.threads ?? Math.max(2, workersAtStart.slots);
  let closed = false;

  return {
    runId,
    threads,
    workersAtStart,
    workers: () => liveWorkerSlots(redis),
    async run(task: BlockTask, signal?: AbortSignal): Promise<BlockResult> {
      if (closed) throw new Error("the queue pool is closed");
      if (signal?.aborted) throw new SimulationCancelled();
      const data = encodeTask(task);
      const taskKey = createHash("sha256").update(JSON.stringify(data)).digest("hex").slice(0, 16);
      const jobId = `${runId}.${taskKey}.${task.repStart}-${task.repEnd}`;
      let p = inFlight.get(jobId);
      if (!p) {
        p = await1(jobId, task).finally(() => inFlight.delete(jobId));
        inFlight.set(jobId, p);
      }
      const pending = p;
      const value = await new Promise<unknown>((resolve, reject) => {
        const onAbort = () => {
          track(cancel(jobId));
          settle(jobId, (w) => w.reject(new SimulationCancelled()));
          reject(new SimulationCancelled());
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        pending.then(resolve, reject).finally(() => signal?.removeEventListener("abort", onAbort));
      });
      return decodeResult(value, task);
    },
    async destroy() {
      if (closed) return;
      closed = true;
      // Chunks nobody will wait for (a run that failed or was given up): take them off the queue.
      for (const id of [...waiters.keys()]) {
        track(cancel(id));
        settle(id, (w) => w.reject(new Error("the queue pool was closed")));
      }
      // Give workers a moment to drop cancelled chunks so they can be removed, then close.
      const drained = (async () => {
        while (cleanups.size > 0) await Promise.all([...cleanups]);
        if (cancelling.size > 0) await new Promise<void>((r) => (onNoneCancelling = r));
      })();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => (timer = setTimeout(r, CANCEL_CLEANUP_MS)));
      await Promise.race([drained, deadline]);
      clearTimeout(timer);
      await Promise.allSettled([events.close(), queue.close()]);
      redis.disconnect();
    },
  };
}
