/**
 * Distributed simulation benchmark (issue 15): the Ukraine GCSP run on 1, 2 and 4 `truce worker`
 * processes (one thread each) through a throwaway redis-server, against the anchor, the in-process
 * worker-thread pool at the same number of threads, timed side by side in one run. Prints
 * replications/s, the queue/in-process ratio, and the Redis traffic per chunk and per replication
 * (from Redis's own INFO counters) for planning larger fleets (docs/scale.md).
 *
 *   npm run build && npx tsx bench/distributed.ts [--reps 128] [--days 30] [--rounds 3] [--quick]
 * Same seed everywhere (the results are checked bit-identical); a warm-up per setting; min and mean ± sd.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { computeZone } from "../src/geo/zone.js";
import { createQueuePool } from "../src/queue/index.js";
import { loadScenarioFile } from "../src/scenario/load.js";
import type { ReplicationPool } from "../src/sim/pool.js";
import { simulate } from "../src/sim/simulate.js";
import { startRedis } from "../test/support/redis.js";

const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const quick = args.includes("--quick");
const REPS = arg("reps", quick ? 32 : 128);
const DAYS = arg("days", 30);
const ROUNDS = arg("rounds", quick ? 1 : 3);
const SEED = 7;
const WORKER_COUNTS = [1, 2, 4];

const BIN = new URL("../bin/truce.js", import.meta.url).pathname;
if (!existsSync(new URL("../dist/src/cli/index.js", import.meta.url))) {
  process.stderr.write("bench/distributed.ts runs `truce worker` from dist/: run `npm run build` first.\n");
  process.exit(2);
}

// The anchor runs the same compiled code as the workers (dist/), not tsx's on-the-fly build.
const { createPool } = (await import(
  new URL("../dist/src/sim/pool.js", import.meta.url).href
)) as typeof import("../src/sim/pool.js");

const scenario = loadScenarioFile(new URL("../data/scenarios/ukraine-gcsp.yaml", import.meta.url).pathname);
const zone = computeZone(scenario);
const redis = await startRedis();
const info = new Redis(redis.url);

function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "worker", "--redis", redis.url, "--concurrency", "1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (b: Buffer) => {
    log += b.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`truce worker exited (${code}):\n${log}`)));
    createInterface({ input: child.stdout! }).on("line", (l) => {
      if (l.startsWith("ready ")) resolve(child);
    });
  });
}

async function netBytes(): Promise<number> {
  const s = await info.info("stats");
  const get = (k: string) => Number(new RegExp(`${k}:(\\d+)`).exec(s)?.[1] ?? 0);
  return get("total_net_input_bytes") + get("total_net_output_bytes");
}

interface Round {
  seconds: number;
  hex: string;
}

async function once(pool: ReplicationPool, replications = REPS, days = DAYS): Promise<Round> {
  const t0 = performance.now();
  const r = await simulate(scenario, zone, { replications, days, seed: SEED, pool });
  return { seconds: (performance.now() - t0) / 1000, hex: Buffer.from(r.perReplication.buffer).toString("hex") };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { best: Math.max(...xs), mean, sd };
};
const fmt = (rates: number[]) => {
  const s = stats(rates);
  return `${s.best.toFixed(1).padStart(6)} rep/s best (${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)} mean)`;
};

console.log(
  `Ukraine GCSP, ${REPS} replications × ${DAYS} days, seed ${SEED}; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}; ${ROUNDS} timed round(s)`,
);
const workers: ChildProcess[] = [];
let reference: string | undefined;
try {
  for (const k of WORKER_COUNTS) {
    while (workers.length < k) workers.push(await spawnWorker());
    const local = createPool(k);
    const pool = await createQueuePool(redis.url, { threads: k });
    try {
      // Warm-up, then rounds alternating in-process and queue, so both see the same load on a shared machine.
      await once(local, k * 2);
      await once(pool, k * 2);
      const inRates: number[] = [];
      const qRates: number[] = [];
      const ratios: number[] = [];
      let bytes = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const a = await once(local);
        const before = await netBytes();
        const b = await once(pool);
        bytes += (await netBytes()) - before;
        reference ??= a.hex;
        if (a.hex !== reference || b.hex !== reference) throw new Error(`results differ at ${k} threads`);
        inRates.push(REPS / a.seconds);
        qRates.push(REPS / b.seconds);
        ratios.push(a.seconds / b.seconds);
      }
      const chunkSize = Math.max(1, Math.min(50, Math.ceil(REPS / (k * 8))));
      const chunks = Math.ceil(REPS / chunkSize);
      console.log(`${k} thread${k > 1 ? "s" : " "}: in-process pool ${fmt(inRates)}`);
      console.log(
        `           ${k} worker${k > 1 ? "s" : " "}      ${fmt(qRates)}   queue/in-process ${median(ratios).toFixed(2)}× (median of paired rounds; ${ratios.map((r) => r.toFixed(2)).join(", ")})`,
      );
      console.log(
        `           Redis traffic ${(bytes / (ROUNDS * chunks * 1024)).toFixed(0)} KiB per chunk of ${chunkSize} replications, ${(bytes / (ROUNDS * REPS * 1024)).toFixed(1)} KiB per replication (in + out, all clients)`,
      );
    } finally {
      await local.destroy();
      await pool.destroy();
    }
  }
  // The queue's own cost: one worker, 1-day replications (~1 ms of work) in chunks of one.
  {
    const pool = await createQueuePool(redis.url, { threads: 8 });
    try {
      await once(pool, 16, 1);
      const r = await once(pool, 128, 1);
      const one = createPool(1);
      await once(one, 16, 1);
      const local = await once(one, 128, 1).finally(() => one.destroy());
      console.log(
        `Queue round trip: ${(128 / r.seconds).toFixed(0)} chunks/s (${((r.seconds * 1000) / 128).toFixed(1)} ms each) with 16 in flight on one worker, 1-day replications in chunks of one; the in-process pool (1 thread) runs ${(128 / local.seconds).toFixed(0)} of them/s`,
      );
    } finally {
      await pool.destroy();
    }
  }
  console.log("Results bit-identical across all settings.");
} finally {
  for (const w of workers) {
    const gone = new Promise((r) => w.once("exit", r));
    w.kill("SIGTERM");
    await gone;
  }
  info.disconnect();
  await redis.stop();
}
