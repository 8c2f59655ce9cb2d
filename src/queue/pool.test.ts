/** The queue pool against a real redis-server and real BullMQ workers in this process. */
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { type StartedRedis, startRedis } from "../../test/support/redis.js";
import { isInputError } from "../errors/index.js";
import { SimulationCancelled, simulate, sweep } from "../sim/simulate.js";
import { PREFIX, QUEUE_NAME } from "./connect.js";
import { createQueuePool } from "./pool.js";
import { type QueueWorker, startQueueWorker } from "./worker.js";

const scenario = { force: { troops: 6000 }, simulation: { days: 3 } };
const zone = lineZone(400, 5);
const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

let redis: StartedRedis;
let worker: QueueWorker;
beforeAll(async () => {
  redis = await startRedis();
  worker = await startQueueWorker(redis.url, { concurrency: 2 });
});
afterAll(async () => {
  await worker?.close();
  await redis?.stop();
});

describe("queue pool", () => {
  it("gives simulate() bit-identical replications, and sizes itself to the live workers", async () => {
    const local = await simulate(scenario, zone, { replications: 20, seed: 3 });
    const pool = await createQueuePool(redis.url);
    try {
      expect(pool.workersAtStart).toEqual({ workers: 1, slots: 2 });
      expect(pool.threads).toBe(2);
      const seen: number[] = [];
      const remote = await simulate(scenario, zone, {
        replications: 20,
        seed: 3,
        pool,
        onProgress: (p) => seen.push(p.done),
      });
      expect(bits(remote.perReplication)).toBe(bits(local.perReplication));
      expect(remote.kpis).toEqual(local.kpis);
      expect(remote.events).toBe(local.events);
      expect(remote.responseTimeDistribution).toEqual(local.responseTimeDistribution);
      expect(seen.at(-1)).toBe(20);
      const s = await sweep(scenario, zone, { replications: 6, seed: 3, troops: [2000, 9000], pool });
      const s0 = await sweep(scenario, zone, { replications: 6, seed: 3, troops: [2000, 9000] });
      expect(s.points).toEqual(s0.points);
    } finally {
      await pool.destroy();
    }
    // Finished chunks do not stay in Redis.
    const q = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix: PREFIX });
    const counts = await q.getJobCounts("completed", "waiting", "active");
    await q.close();
    expect(counts).toEqual({ completed: 0, waiting: 0, active: 0 });
    const r = new Redis(redis.url);
    const leftovers = await r.keys("truce:result:*");
    r.disconnect();
    expect(leftovers).toEqual([]);
  });

  it("a bad URL or an unreachable Redis is one input error naming --queue", async () => {
    const e1 = await createQueuePool("http://x").catch((e) => e);
    expect(isInputError(e1) && e1.message).toMatch(/--queue: "http:\/\/x" is not a Redis URL/);
    const e2 = await createQueuePool("redis://127.0.0.1:1").catch((e) => e);
    expect(isInputError(e2) && e2.message).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    const e3 = await createQueuePool(redis.url, { runId: "a:b" }).catch((e) => e);
    expect(isInputError(e3) && e3.message).toMatch(/not a run id/);
  });

  it("aborting cancels the run and leaves no chunk behind", async () => {
    const pool = await createQueuePool(redis.url, { runId: "cancel-me" });
    const ac = new AbortController();
    const run = simulate({ ...scenario, simulation: { days: 30 } }, zone, {
      replications: 400,
      seed: 1,
      pool,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 4) ac.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(SimulationCancelled);
    await pool.destroy();
    const q = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix: PREFIX });
    const left = (await q.getJobs(["waiting", "active", "delayed", "failed", "completed"])).filter((j) =>
      j.id?.startsWith("cancel-me."),
    );
    await q.close();
    expect(left.map((j) => j.id)).toEqual([]);
  });

  it("a worker closed with release hands its chunk back at a replication boundary; the run's numbers do not change", async () => {
    // A queue of its own, so the chunk is sure to go to the worker that is closed.
    const queueName = "release-test";
    const reps = { replications: 100, seed: 5 };
    const long = { ...scenario, simulation: { days: 30 } };
    const local = await simulate(long, zone, reps);
    const first = await startQueueWorker(redis.url, { concurrency: 1, queueName });
    const events = new QueueEvents(queueName, { connection: { url: redis.url }, prefix: PREFIX });
    await events.waitUntilReady();
    const handedBack: string[] = [];
    events.on("waiting", ({ jobId, prev }) => {
      if (prev === "active") handedBack.push(jobId);
    });
    let released: string | undefined;
    let next: QueueWorker | undefined;
    events.on("active", ({ jobId }) => {
      if (released) return;
      released = jobId;
      // Closed while its first chunk (13 replications) is in hand; another worker takes over.
      void first.close({ release: true }).then(async () => {
        next = await startQueueWorker(redis.url, { concurrency: 1, queueName });
      });
    });
    const pool = await createQueuePool(redis.url, { threads: 1, runId: "release", queueName });
    try {
      const r = await simulate(long, zone, { ...reps, pool });
      expect(bits(r.perReplication)).toBe(bits(local.perReplication));
      expect(released).toMatch(/^release\.\w+\.0-13$/);
      expect(handedBack).toContain(released);
    } finally {
      await pool.destroy();
      await first.close();
      await next?.close();
      await events.close();
    }
  });
});
