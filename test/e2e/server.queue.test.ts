/**
 * With REDIS_URL set, the server's simulation jobs run on the BullMQ queue (issue 15): a real
 * redis-server and an in-process `startQueueWorker` take the chunks. The job's KPIs equal an
 * in-process job's for the same seed, progress streams over SSE, and cancelling a job removes
 * its outstanding chunks from the queue.
 */
import { Queue, QueueEvents } from "bullmq";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREFIX, QUEUE_NAME } from "../../src/queue/connect.js";
import { type QueueWorker, startQueueWorker } from "../../src/queue/index.js";
import { planPlugin } from "../../src/server/plan/index.js";
import { testApp } from "../support/app.js";
import { type StartedRedis, startRedis } from "../support/redis.js";
import { openSse } from "../support/sse.js";
import { type StoreFactory, storeFactory } from "../support/stores.js";

interface PlanServer {
  app: FastifyInstance;
  url: string;
  /** A planner token: the planning API's jobs need one (issue 18). */
  token: string;
}

async function planServer(factory: StoreFactory): Promise<PlanServer> {
  const t = await testApp(await factory.open(), {
    plugins: [{ plugin: planPlugin, options: { prefix: "/api/plan" } }],
  });
  const url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  return { app: t.app, url, token: t.tokens.planner };
}

async function startJob(server: PlanServer, body: unknown): Promise<string> {
  const r = await fetch(`${server.url}/api/plan/scenarios/ukraine-gcsp/simulations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(202);
  return ((await r.json()) as { job: { id: string } }).job.id;
}

/** The events of a job until the server ends its stream (after the result). */
async function jobEvents(
  server: PlanServer,
  id: string,
): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const text = await (await fetch(`${server.url}/api/plan/jobs/${id}/events?access_token=${server.token}`)).text();
  return [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1], data: JSON.parse(m[2]) }));
}

describe("server simulation jobs on the Redis queue", () => {
  let redis: StartedRedis;
  let worker: QueueWorker;
  let factory: StoreFactory;
  let local: PlanServer;
  let queued: PlanServer;
  const chunks: string[] = [];
  const saved = process.env.REDIS_URL;

  beforeAll(async () => {
    redis = await startRedis();
    factory = await storeFactory("sqlite");
    delete process.env.REDIS_URL;
    local = await planServer(factory); // worker threads, as without Redis
    process.env.REDIS_URL = redis.url; // what `truce serve --redis` sets
    queued = await planServer(factory);
    worker = await startQueueWorker(redis.url, { concurrency: 1, onChunk: (c) => chunks.push(c.jobId) });
  }, 60_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
    await queued?.app.close();
    await local?.app.close();
    await worker?.close({ release: true });
    await redis?.stop();
    await factory?.cleanup();
  });

  it("gives the KPIs of an in-process job for the same seed, with progress", { timeout: 120_000 }, async () => {
    const body = { replications: 8, days: 5, seed: 7 };
    const [viaQueue, inProcess] = await Promise.all([
      jobEvents(queued, await startJob(queued, body)),
      jobEvents(local, await startJob(local, body)),
    ]);
    const result = (evs: typeof viaQueue) => evs.find((e) => e.event === "result")?.data;
    expect(result(viaQueue)?.replications).toBe(8);
    expect(result(viaQueue)?.kpis).toEqual(result(inProcess)?.kpis);
    const progress = viaQueue.filter((e) => e.event === "progress").map((e) => e.data);
    expect(progress.at(-1)).toMatchObject({ done: 8, total: 8 });
    // The chunks ran on the queue worker (their ids start with the job's id, the run id).
    expect(chunks.length).toBeGreaterThan(0);
  });

  it("runs a report job's simulations (the run and the sweep) on the queue too", { timeout: 180_000 }, async () => {
    const r = await fetch(`${queued.url}/api/plan/scenarios/ukraine-gcsp/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${queued.token}` },
      body: JSON.stringify({ replications: 6, days: 3, seed: 7 }),
    });
    expect(r.status).toBe(202);
    const id = ((await r.json()) as { job: { id: string } }).job.id;
    const events = await jobEvents(queued, id);
    const result = events.find((e) => e.event === "result")?.data;
    expect(result?.href).toBe(`/api/plan/jobs/${id}/report.html`);
    // The run (6 replications) and the sweep (11 sizes × 3) came back as chunks of this job's run id.
    const own = chunks.filter((c) => c.startsWith(`${id}.`));
    expect(own.length).toBeGreaterThanOrEqual(2);
    const html = await (await fetch(`${queued.url}${result?.href}?access_token=${queued.token}`)).text();
    expect(html).toContain("6 replications");
  });

  it("cancels a job: its waiting chunks leave the queue", { timeout: 120_000 }, async () => {
    const id = await startJob(queued, { replications: 400, days: 60, seed: 3 });
    const events = await openSse(`${queued.url}/api/plan/jobs/${id}/events?access_token=${queued.token}`);
    await events.waitFor((e) => e.event === "progress" && JSON.parse(e.data).done > 0); // a chunk came back
    const del = await fetch(`${queued.url}/api/plan/jobs/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${queued.token}` },
    });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { job: { status: string } }).job.status).toBe("cancelled");
    await events.waitFor((e) => e.event === "cancelled");

    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix: PREFIX });
    const qe = new QueueEvents(QUEUE_NAME, { connection: { url: redis.url }, prefix: PREFIX });
    try {
      await qe.waitUntilReady();
      const left = async () =>
        (await queue.getJobs(["waiting", "delayed", "prioritized", "active"])).filter((j) => j.id?.startsWith(`${id}.`))
          .length;
      // Wait on the queue's own events (removals, completions) until none of the run's chunks is left.
      await new Promise<void>((resolve, reject) => {
        const check = () =>
          left().then((n) => {
            if (n === 0) resolve();
          }, reject);
        for (const ev of ["removed", "completed", "failed", "drained"] as const) qe.on(ev, check);
        void check();
      });
      expect(await left()).toBe(0);
    } finally {
      await qe.close();
      await queue.close();
    }
  });
});
