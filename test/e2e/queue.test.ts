/**
 * Issue 15's "done when", end to end: real redis-server, real `truce worker` processes
 * (node bin/truce.js worker, after `npm run build`), simulate()/sweep() from src/sim on the
 * queue pool. The KPIs must be bit-identical to the in-process run, also when a worker is
 * killed with SIGKILL in the middle of a chunk.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeZone } from "../../src/geo/zone.js";
import { ChunkFailed, createQueuePool } from "../../src/queue/index.js";
import { loadScenarioFile } from "../../src/scenario/load.js";
import type { ReplicationPool } from "../../src/sim/pool.js";
import { type SimResult, SimulationCancelled, simulate, sweep } from "../../src/sim/simulate.js";
import { type StartedRedis, startRedis } from "../support/redis.js";

const BIN = new URL("../../bin/truce.js", import.meta.url).pathname;
const scenario = loadScenarioFile(new URL("../../data/scenarios/ukraine-gcsp.yaml", import.meta.url).pathname);
const zone = computeZone(scenario);
const RUN = { replications: 64, days: 30, seed: 7 };
const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
// The queue is named "sim" under the key prefix "truce" (src/queue/connect.ts).
const queueOpts = (url: string) => ({ connection: { url }, prefix: "truce" });

interface WorkerProc {
  id: string;
  child: ChildProcess;
  stderr: string[];
}

let redis: StartedRedis;
const workers: WorkerProc[] = [];
let local: SimResult;

/** Spawn `truce worker` and resolve when it prints `ready <id>` on stdout. */
function startWorker(url: string): Promise<WorkerProc> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "worker",
      "--redis",
      url,
      "--concurrency",
      "1",
      "--lock-duration-ms",
      "3000",
      "--stalled-interval-ms",
      "1000",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => stderr.push(l));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`truce worker exited (${code}):\n${stderr.join("\n")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^ready (\S+)$/.exec(line);
      if (m) {
        const w = { id: m[1], child, stderr };
        workers.push(w);
        resolve(w);
      }
    });
  });
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r));

beforeAll(async () => {
  if (!existsSync(new URL("../../dist/src/cli/index.js", import.meta.url)))
    throw new Error("these tests run bin/truce.js: run `npm run build` first");
  redis = await startRedis();
  await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
  local = await simulate(scenario, zone, RUN);
});

afterAll(async () => {
  if (process.env.DEBUG_QUEUE)
    for (const w of workers) console.log(w.id, w.child.exitCode, w.child.signalCode, w.stderr.join("\n"));
  for (const w of workers) {
    w.child.kill("SIGTERM");
    await exited(w.child);
  }
  await redis?.stop();
});

function expectSameAsLocal(r: SimResult) {
  expect(bits(r.perReplication)).toBe(bits(local.perReplication));
  expect(r.kpis).toEqual(local.kpis);
  expect(r.events).toBe(local.events);
  expect(r.responseTimeDistribution).toEqual(local.responseTimeDistribution);
}

describe("simulations on truce worker processes", () => {
  it("two workers give KPIs bit-identical to the in-process run", async () => {
    const pool = await createQueuePool(redis.url);
    try {
      expect(pool.workersAtStart).toEqual({ workers: 2, slots: 2 });
      expectSameAsLocal(await simulate(scenario, zone, { ...RUN, pool }));
    } finally {
      await pool.destroy();
    }
  });

  it("truce simulate --queue prints the same --json KPIs as without", () => {
    const args = [
      BIN,
      "simulate",
      "data/scenarios/ukraine-gcsp.yaml",
      "--json",
      "--replications",
      "64",
      "--days",
      "30",
    ];
    const run = (extra: string[]) => {
      const r = spawnSync(process.execPath, [...args, "--seed", "7", ...extra], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const viaQueue = run(["--queue", redis.url]);
    const inProcess = run([]);
    expect(viaQueue.kpis).toEqual(inProcess.kpis);
    expect(viaQueue.responseTimeDistribution).toEqual(inProcess.responseTimeDistribution);
    expect(viaQueue.events).toBe(inProcess.events);
  });

  it("a worker killed with SIGKILL mid-chunk loses nothing and nothing counts twice", async () => {
    const events = new QueueEvents("sim", queueOpts(redis.url));
    const queue = new Queue("sim", queueOpts(redis.url));
    await events.waitUntilReady();
    const completed = new Map<string, number>();
    const stalled: string[] = [];
    // Our own view of the completions; the pool may hear of the last one before this listener does.
    let allEight: () => void = () => {};
    const sawAllEight = new Promise<void>((r) => (allEight = r));
    events.on("completed", ({ jobId }) => {
      completed.set(jobId, (completed.get(jobId) ?? 0) + 1);
      if ([...completed.keys()].filter((id) => id.startsWith("kill9.")).length === 8) allEight();
    });
    events.on("stalled", ({ jobId }) => stalled.push(jobId));
    // Bigger chunks (threads 1: 8 replications each) so a chunk is in hand for a while.
    const pool = await createQueuePool(redis.url, { threads: 1, runId: "kill9" });
    let victim: { jobId: string; worker: WorkerProc } | undefined;
    let looking = false; // one look at a time: handlers interleave at their awaits
    const killed = new Promise<void>((resolve) => {
      events.on("active", async ({ jobId }) => {
        if (victim || looking) return;
        looking = true;
        try {
          const job = await queue.getJob(jobId);
          const w = workers.find((x) => x.id === job?.processedBy && x.child.exitCode === null);
          if (!w) return;
          // Freeze it, and kill it only if the chunk is still in hand (it could have finished meanwhile).
          w.child.kill("SIGSTOP");
          if ((await queue.getJobState(jobId)) !== "active") {
            w.child.kill("SIGCONT");
            return;
          }
          victim = { jobId, worker: w };
          w.child.kill("SIGKILL");
          resolve();
        } finally {
          looking = false;
        }
      });
    });
    try {
      const run = simulate(scenario, zone, { ...RUN, pool });
      await killed;
      const r = await run;
      expectSameAsLocal(r);
      expect(victim?.worker.child.signalCode).toBe("SIGKILL");
      expect(stalled).toContain(victim?.jobId);
      await sawAllEight;
      const ours = [...completed].filter(([id]) => id.startsWith("kill9."));
      expect(ours.length).toBe(8); // 64 replications in chunks of 8
      expect(ours.every(([, n]) => n === 1)).toBe(true);
    } finally {
      await pool.destroy();
      await events.close();
      await queue.close();
    }
    // Back to two workers for the next tests.
    await startWorker(redis.url);
  });

  it("a sweep on the workers equals the in-process sweep", async () => {
    const opts = { replications: 16, days: 10, seed: 7, troops: [5000, 20000, 60000] };
    const inProcess = await sweep(scenario, zone, opts);
    const pool = await createQueuePool(redis.url);
    try {
      const onQueue = await sweep(scenario, zone, { ...opts, pool });
      expect(onQueue.points).toEqual(inProcess.points);
      expect(onQueue.events).toBe(inProcess.events);
    } finally {
      await pool.destroy();
    }
  });

  it("a chunk that fails on every attempt fails the run with the worker's message", async () => {
    const pool = await createQueuePool(redis.url, { runId: "broken" });
    // A client of another Truce version, seen by the workers as a spec without muPerH for one chunk.
    const skewed: ReplicationPool = {
      threads: pool.threads,
      destroy: () => pool.destroy(),
      run: (task, signal) =>
        pool.run(task.repStart === 0 ? { ...task, spec: { ...task.spec, muPerH: undefined as never } } : task, signal),
    };
    const queue = new Queue("sim", queueOpts(redis.url));
    try {
      const err = await simulate(scenario, zone, { ...RUN, days: 2, pool: skewed }).catch((e) => e);
      expect(err).toBeInstanceOf(ChunkFailed);
      expect(err.message).toMatch(/spec\.muPerH is missing or not a Float64Array/);
      const job = await queue.getJob((err as ChunkFailed).jobId);
      expect(job?.attemptsMade).toBe(3);
      expect(await job?.getState()).toBe("failed");
    } finally {
      await pool.destroy();
      await queue.close();
    }
    // The run's other chunks were taken off the queue when it failed.
    const q2 = new Queue("sim", queueOpts(redis.url));
    const left = (await q2.getJobs(["waiting", "active", "delayed", "prioritized"])).filter((j) =>
      j.id?.startsWith("broken."),
    );
    await q2.close();
    expect(left.map((j) => j.id)).toEqual([]);
    const logged = workers.flatMap((w) => w.stderr).filter((l) => l.includes("spec.muPerH is missing"));
    expect(logged.length).toBe(3);
  });

  it("cancelling removes the run's outstanding chunks", async () => {
    const pool = await createQueuePool(redis.url, { runId: "ctrl-c" });
    const ac = new AbortController();
    const run = simulate(scenario, zone, {
      replications: 2000,
      days: 30,
      seed: 7,
      pool,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(SimulationCancelled);
    await pool.destroy();
    const queue = new Queue("sim", queueOpts(redis.url));
    try {
      const left = await queue.getJobs(["waiting", "active", "delayed", "prioritized", "failed", "completed"]);
      expect(left.filter((j) => j.id?.startsWith("ctrl-c.")).map((j) => j.id)).toEqual([]);
      // The workers are free again: a small run goes through.
      const again = await createQueuePool(redis.url);
      try {
        const r = await simulate(scenario, zone, { replications: 4, days: 2, seed: 1, pool: again });
        expect(r.replications).toBe(4);
      } finally {
        await again.destroy();
      }
    } finally {
      await queue.close();
    }
  });

  it("truce worker with a bad or missing Redis URL is one clear message and exit code 1", () => {
    const env = { ...process.env, REDIS_URL: "" };
    const bad = spawnSync(process.execPath, [BIN, "worker", "--redis", "http://x"], { encoding: "utf8", env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--redis: "http:\/\/x" is not a Redis URL\. Use redis:\/\/HOST:PORT/);
    const none = spawnSync(process.execPath, [BIN, "worker"], { encoding: "utf8", env });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no Redis to take chunks from\. Give --redis redis:\/\/HOST:PORT or set REDIS_URL/);
  });
});
