/**
 * A BullMQ worker that runs simulation chunks: each job is a block of replications,
 * run one replication at a time on `concurrency` worker threads (the sim's piscina pool),
 * so this thread stays free to renew job locks, send heartbeats and hear cancels.
 *
 * Faults: a worker killed mid-chunk stops renewing its lock; another worker's stalled-job
 * check puts the chunk back in the queue and it runs again from the start (replication i
 * depends only on (spec, seed, i), so the rerun gives the same numbers and, completing
 * once, counts once).
 */
import { hostname } from "node:os";
import { type Job, UnrecoverableError, WaitingError, Worker } from "bullmq";
import { HIST_BINS, NK } from "../sim/model.js";
import { createPool } from "../sim/pool.js";
import type { BlockResult } from "../sim/run.js";
import { type ChunkData, type ChunkDone, decodeTask, encodeResult } from "./codec.js";
import {
  CANCEL_CHANNEL,
  cancelKey,
  checkPositiveIntegers,
  connectRedis,
  HEARTBEAT_MS,
  PREFIX,
  QUEUE_NAME,
  RESULT_TTL_S,
  redisClient,
  resultKey,
  WORKER_SLOTS_KEY,
  WORKERS_KEY,
} from "./connect.js";

export interface QueueWorkerOptions {
  /** Chunks run at once, each on its own worker thread (default 1). */
  concurrency?: number;
  /** A chunk's lock lasts this long without renewal before it counts as stalled (default 30000 ms). */
  lockDurationMs?: number;
  /** How often this worker looks for stalled chunks (default 15000 ms). */
  stalledIntervalMs?: number;
  /** Times a chunk may stall before it fails (default 2). */
  maxStalledCount?: number;
  queueName?: string;
  /** Told about connection errors (BullMQ and ioredis keep retrying meanwhile). */
  onError?: (e: Error) => void;
  /** Told about each chunk finished or failed (for logs). */
  onChunk?: (e: { jobId: string; ok: boolean; message?: string; replications: number }) => void;
}

export interface QueueWorker {
  readonly id: string;
  readonly concurrency: number;
  /**
   * Stop taking chunks. By default the chunks in hand are finished first; with `release`
   * they are put back in the queue at the next replication boundary, for another worker.
   */
  close(opts?: { release?: boolean }): Promise<void>;
}

/**
 * Start a worker on a Redis URL.
 * @example const w = await startQueueWorker("redis://127.0.0.1:6379", { concurrency: 2 }); ... await w.close();
 */
export async function startQueueWorker(redisUrl: string, opts: QueueWorkerOptions = {}): Promise<QueueWorker> {
  const concurrency = opts.concurrency ?? 1;
  checkPositiveIntegers([
    ["concurrency", concurrency],
    ["lockDurationMs", opts.lockDurationMs],
    ["stalledIntervalMs", opts.stalledIntervalMs],
    ["maxStalledCount", opts.maxStalledCount],
  ]);
  const connection = await connectRedis(redisUrl, "--redis");
  const id = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const threads = createPool(concurrency);
  const redis = redisClient(connection);
  const sub = redisClient(connection);

  // Chunks in hand: an AbortController each, aborted by a client's cancel.
  const active = new Map<string, AbortController>();
  let releasing = false;
  await sub.subscribe(CANCEL_CHANNEL);
  sub.on("message", (_channel, jobId: string) => active.get(jobId)?.abort("cancelled"));

  const runChunk = async (job: Job<ChunkData, ChunkDone>, token?: string): Promise<ChunkDone> => {
    const task = decodeTask(job.data);
    const jobId = job.id as string;
    // In the map before the cancel-key check, so a cancel published meanwhile is not missed.
    const ac = new AbortController();
    active.set(jobId, ac);
    try {
      if (await redis.exists(cancelKey(jobId))) throw new UnrecoverableError("cancelled by the client");
      const n = task.repEnd - task.repStart;
      const kpis = new Float64Array(n * NK);
      const hist = new Float64Array(HIST_BINS);
      let events = 0;
      // One replication per thread task: the same sums in the same order as runBlock, so the same bits.
      for (let r = task.repStart; r < task.repEnd; r++) {
        if (releasing) {
          await job.moveToWait(token); // back in the queue, attempt not counted
          throw new WaitingError();
        }
        if (ac.signal.aborted) throw new UnrecoverableError("cancelled by the client");
        const one: BlockResult = await threads.run({ ...task, repStart: r, repEnd: r + 1 });
        kpis.set(one.kpis, (r - task.repStart) * NK);
        for (let b = 0; b < HIST_BINS; b++) hist[b] += one.hist[b];
        events += one.events;
      }
      // A rerun of this chunk (after a stall) writes the same bytes to the same key: idempotent.
      const key = resultKey(jobId);
      await redis.set(
        key,
        JSON.stringify(encodeResult({ repStart: task.repStart, kpis, hist, events })),
        "EX",
        RESULT_TTL_S,
      );
      return { resultKey: key };
    } finally {
      active.delete(jobId);
    }
  };

  const worker = new Worker<ChunkData, ChunkDone>(opts.queueName ?? QUEUE_NAME, runChunk, {
    connection,
    prefix: PREFIX,
    name: id,
    concurrency,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 15_000,
    maxStalledCount: opts.maxStalledCount ?? 2,
    autorun: false,
  });
  worker.on("error", (e) => opts.onError?.(e)); // BullMQ retries; the caller decides what to show
  worker.on("completed", (job) =>
    opts.onChunk?.({ jobId: job.id as string, ok: true, replications: job.data.repEnd - job.data.repStart }),
  );
  worker.on("failed", (job, err) => {
    if (job)
      opts.onChunk?.({
        jobId: job.id as string,
        ok: false,
        message: err.message,
        replications: job.data.repEnd - job.data.repStart,
      });
  });

  const beat = async () => {
    await redis.multi().zadd(WORKERS_KEY, Date.now(), id).hset(WORKER_SLOTS_KEY, id, concurrency).exec();
  };
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => {}), HEARTBEAT_MS);
  void worker.run();
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    id,
    concurrency,
    close(o = {}) {
      if (o.release) releasing = true;
      closing ??= (async () => {
        clearInterval(heartbeat);
        await worker.close();
        await redis
          .multi()
          .zrem(WORKERS_KEY, id)
          .hdel(WORKER_SLOTS_KEY, id)
          .exec()
          .catch(() => {});
        await threads.destroy();
        redis.disconnect();
        sub.disconnect();
      })();
      return closing;
    },
  };
}
