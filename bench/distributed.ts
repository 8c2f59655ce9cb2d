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
import { createPool, type ReplicationPool } from "../src/sim/pool.js";
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

interface Timing {
  min: number;
  mean: number;
  sd: number;
  hex: string;
}

async function time(pool: ReplicationPool): Promise<Timing> {
  const opts = { replications: REPS, days: DAYS, seed: SEED, pool };
  await simulate(scenario, zone, { ...opts, replications: Math.max(4, pool.threads * 2) }); // warm-up
  const t: number[] = [];
  let hex = "";
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const r = await simulate(scenario, zone, opts);
    t.push((performance.now() - t0) / 1000);
    hex = Buffer.from(r.perReplication.buffer).toString("hex");
  }
  const mean = t.reduce((a, b) => a + b) / t.length;
  const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, t.length - 1));
  return { min: Math.min(...t), mean, sd, hex };
}

const rate = (t: Timing) => REPS / t.min;
const fmt = (t: Timing) =>
  `${rate(t).toFixed(1).padStart(6)} rep/s best (${(REPS / t.mean).toFixed(1)} ± ${((REPS / t.mean) * (t.sd / t.mean)).toFixed(1)} mean)`;

console.log(
  `Ukraine GCSP, ${REPS} replications × ${DAYS} days, seed ${SEED}; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}; ${ROUNDS} timed round(s)`,
);
const workers: ChildProcess[] = [];
let reference: string | undefined;
try {
  for (const k of WORKER_COUNTS) {
    const local = createPool(k);
    const inProcess = await time(local).finally(() => local.destroy());
    while (workers.length < k) workers.push(await spawnWorker());
    const pool = await createQueuePool(redis.url, { threads: k });
    const before = await netBytes();
    const onQueue = await time(pool).finally(() => pool.destroy());
    const bytes = (await netBytes()) - before;
    reference ??= inProcess.hex;
    if (onQueue.hex !== reference || inProcess.hex !== reference) throw new Error(`results differ at ${k} threads`);
    const runs = ROUNDS + 1;
    const repsMoved = runs === 1 ? REPS : ROUNDS * REPS + Math.max(4, k * 2);
    const chunks = Math.ceil(REPS / Math.max(1, Math.min(50, Math.ceil(REPS / (k * 8)))));
    console.log(`${k} thread${k > 1 ? "s" : " "}: in-process pool ${fmt(inProcess)}`);
    console.log(
      `           ${k} worker${k > 1 ? "s" : " "}      ${fmt(onQueue)}   queue/in-process ${(rate(onQueue) / rate(inProcess)).toFixed(2)}×`,
    );
    console.log(
      `           Redis traffic ${(bytes / repsMoved / 1024).toFixed(1)} KiB/replication, ~${(bytes / ((ROUNDS * chunks + k * 2) * 1024)).toFixed(0)} KiB/chunk of ${Math.ceil(REPS / chunks)} (in + out, all clients)`,
    );
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
