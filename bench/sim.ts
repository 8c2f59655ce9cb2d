/**
 * Simulation benchmark (issue 5), one run, anchors side by side:
 *   1. bare event-queue throughput: the "hold" model (pop, push now + Exp) at 100 and 100,000 pending events;
 *   2. the same M/M/c model on our engine and on simjs (the npm discrete-event library), customers/s and
 *      events/s, both checked against Erlang C; and the bare hold model on simjs at 100,000 entities;
 *   3. the full operations model's events/s on the Ukraine scenario, and its ratio to the bare queue;
 *   4. the 180-day Ukraine run with many replications on 2 workers (wall time), and 1 vs 2 workers scaling.
 *
 *   npx tsx bench/sim.ts [--ukraine-reps 1000] [--scaling-reps 60] [--quick]
 * Seeded, with a warm-up; min and mean ± sd of 5 timed rounds.
 */

import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { computeZone } from "../src/geo/zone.js";
import { loadScenarioFile } from "../src/scenario/load.js";
import { type Model, Simulator } from "../src/sim/engine.js";
import { createPool } from "../src/sim/pool.js";
import { EventQueue } from "../src/sim/queue.js";
import { simulate } from "../src/sim/simulate.js";
import { meanWaitH } from "../src/sizing/erlang.js";
import { stream } from "../src/util/random.js";

const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const quick = args.includes("--quick");
const UKRAINE_REPS = arg("ukraine-reps", quick ? 40 : 1000);
const SCALING_REPS = arg("scaling-reps", quick ? 16 : 60);
const ROUNDS = quick ? 3 : 5;

function timeIt(label: string, f: () => number): { min: number; mean: number; sd: number; work: number } {
  f(); // warm-up
  const t: number[] = [];
  let work = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    work = f();
    t.push((performance.now() - t0) / 1000);
  }
  const mean = t.reduce((a, b) => a + b) / t.length;
  const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, t.length - 1));
  const min = Math.min(...t);
  console.log(
    `  ${label.padEnd(52)} ${(work / min / 1e6).toFixed(2).padStart(7)} M/s best   (${(work / mean / 1e6).toFixed(2)} ± ${((work / mean / 1e6) * (sd / mean)).toFixed(2)} mean)`,
  );
  return { min, mean, sd, work };
}
const rate = (r: { min: number; work: number }) => r.work / r.min;

// ---------------------------------------------------------------- 1. bare queue
console.log("1. Bare event queue: hold model (pop the earliest, push it back at now + Exp(1)), events/s");
function holdOurs(pending: number, ops: number): number {
  const q = new EventQueue(pending);
  const rng = stream(1);
  for (let i = 0; i < pending; i++) q.push(rng.exponential(1), 0, i);
  for (let i = 0; i < ops; i++) {
    q.pop();
    q.push(q.lastTime + rng.exponential(1), 0, q.lastA);
  }
  return ops;
}
timeIt("ours, 100 pending", () => holdOurs(100, 2_000_000));
const bareLarge = timeIt("ours, 100,000 pending", () => holdOurs(100_000, 1_000_000));

// ---------------------------------------------------------------- 2. M/M/c, ours vs simjs
// simjs 2.0.3 is a browserify bundle that exports nothing under Node; it registers itself on
// `window` when one exists, so give it one.
const require = createRequire(import.meta.url);
const g = globalThis as unknown as { window?: Record<string, unknown> };
g.window = g.window ?? {};
require("simjs");
// biome-ignore lint/suspicious/noExplicitAny: simjs ships no types
const simjs: any = g.window.Sim;
delete g.window;

/** M/M/c on our engine: two event kinds, a FIFO ring of waiting arrival times. */
class MMc implements Model {
  free: number;
  ring = new Float64Array(1 << 16);
  head = 0;
  tail = 0;
  served = 0;
  waitSum = 0;
  constructor(
    readonly lambda: number,
    readonly mu: number,
    c: number,
    readonly rng = stream(2),
  ) {
    this.free = c;
  }
  handle(kind: number, _a: number, _b: number, sim: Simulator): void {
    if (kind === 0) {
      sim.schedule(this.rng.exponential(1 / this.lambda), 0);
      if (this.free > 0) {
        this.free--;
        this.served++;
        sim.schedule(this.rng.exponential(1 / this.mu), 1);
      } else {
        this.ring[this.tail] = sim.now;
        this.tail = (this.tail + 1) & 0xffff;
      }
    } else if (this.head !== this.tail) {
      this.waitSum += sim.now - this.ring[this.head];
      this.head = (this.head + 1) & 0xffff;
      this.served++;
      sim.schedule(this.rng.exponential(1 / this.mu), 1);
    } else this.free++;
  }
}

function mmcOurs(
  lambda: number,
  mu: number,
  c: number,
  hours: number,
): { customers: number; events: number; meanWait: number } {
  const sim = new Simulator();
  const m = new MMc(lambda, mu, c);
  sim.schedule(0, 0);
  sim.run(m, hours);
  return { customers: m.served, events: sim.events, meanWait: m.waitSum / m.served };
}

function mmcSimjs(
  lambda: number,
  mu: number,
  c: number,
  hours: number,
): { customers: number; events: number; meanWait: number } {
  const sim = new simjs.Sim();
  const fac = new simjs.Facility("qrf", simjs.Facility.FCFS, c);
  const rnd = new simjs.Random(2);
  let customers = 0;
  let waitSum = 0;
  class Source extends simjs.Entity {
    start() {
      const next = () => {
        this.setTimer(rnd.exponential(lambda)).done(() => {
          const arrived = this.time();
          const service = rnd.exponential(mu);
          this.useFacility(fac, service).done(() => {
            customers++;
            waitSum += this.time() - arrived - service;
          });
          next();
        });
      };
      next();
    }
  }
  sim.addEntity(Source);
  sim.simulate(hours);
  // simjs counts no events; each customer is an arrival timer and a service completion
  return { customers, events: 2 * customers, meanWait: waitSum / customers };
}

function holdSimjs(entities: number, ops: number): number {
  const sim = new simjs.Sim();
  const rnd = new simjs.Random(1);
  let done = 0;
  class Holder extends simjs.Entity {
    start() {
      const loop = () => {
        this.setTimer(rnd.exponential(1)).done(() => {
          done++;
          if (done < ops) loop();
        });
      };
      loop();
    }
  }
  for (let i = 0; i < entities; i++) sim.addEntity(Holder);
  sim.simulate(Number.POSITIVE_INFINITY, ops + entities);
  return done;
}

console.log("\n2. The same M/M/c model (λ = 0.9 cμ, μ = 1/h) on our engine and on simjs 2.0.3, customers/s");
const ratios: number[] = [];
for (const c of [4, 64]) {
  const lambda = 0.9 * c;
  const hours = (quick ? 100_000 : 400_000) / lambda;
  const ref = meanWaitH({ arrivalsPerH: lambda, serviceTimeH: 1, servers: c });
  let o = mmcOurs(lambda, 1, c, hours);
  let s = mmcSimjs(lambda, 1, c, hours);
  console.log(
    `  c = ${c}: mean wait ours ${(o.meanWait * 60).toFixed(2)} min, simjs ${(s.meanWait * 60).toFixed(2)} min, Erlang C ${(ref * 60).toFixed(2)} min`,
  );
  const ro = timeIt(`ours, M/M/${c}`, () => {
    o = mmcOurs(lambda, 1, c, hours);
    return o.customers;
  });
  const rs = timeIt(`simjs, M/M/${c}`, () => {
    s = mmcSimjs(lambda, 1, c, hours);
    return s.customers;
  });
  console.log(
    `  events/s: ours ${(o.events / ro.min / 1e6).toFixed(2)} M, simjs ${(s.events / rs.min / 1e6).toFixed(2)} M (2 events per customer)`,
  );
  console.log(`  => ours / simjs on M/M/${c}: ${(rate(ro) / rate(rs)).toFixed(1)}x (target >= 5x)`);
  ratios.push(rate(ro) / rate(rs));
}
const sjHold = timeIt("simjs hold model, 100,000 entities", () => holdSimjs(100_000, quick ? 200_000 : 400_000));
console.log(`  => bare queue ours / simjs at 100,000 pending: ${(rate(bareLarge) / rate(sjHold)).toFixed(1)}x`);

// ---------------------------------------------------------------- 3. full model
console.log("\n3. Full operations model, Ukraine GCSP scenario (180 days), one replication per round, events/s");
const scenarioFile = new URL("../data/scenarios/ukraine-gcsp.yaml", import.meta.url).pathname;
const scenario = loadScenarioFile(scenarioFile);
const zone = computeZone(scenario);
console.log(`  line ${zone.lengthKm.toFixed(0)} km, ${zone.sectors.length} sectors, ${scenario.force?.troops} troops`);
// The machine is shared: rounds alternate the full model and the bare queue so both see the same load,
// and the ratio is taken per round (median reported).
let lastIncidentsPerDay = 0;
await simulate(scenario, zone, { replications: 1, seed: 999, days: 30 }); // warm-up
const fullRates: number[] = [];
const roundRatios: number[] = [];
let eventsPerRep = 0;
for (let i = 0; i < ROUNDS; i++) {
  const r = await simulate(scenario, zone, { replications: 1, seed: i });
  eventsPerRep = r.events;
  lastIncidentsPerDay = r.kpis.incidents.mean / r.days;
  const t0 = performance.now();
  const ops = holdOurs(100, 1_000_000);
  const bare = ops / ((performance.now() - t0) / 1000);
  fullRates.push(r.eventsPerSecond);
  roundRatios.push(r.eventsPerSecond / bare);
}
const median = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
console.log(
  `  ${"ours, full model".padEnd(52)} ${(Math.max(...fullRates) / 1e6).toFixed(2).padStart(7)} M/s best   (${(median(fullRates) / 1e6).toFixed(2)} median), ${lastIncidentsPerDay.toFixed(0)} incidents/day, ${(eventsPerRep / 1e6).toFixed(2)} M events/replication`,
);
const fullRatio = median(roundRatios);
console.log(
  `  => full model / bare queue (100 pending), same rounds: ${(100 * fullRatio).toFixed(0)}% median (${roundRatios.map((r) => `${(100 * r).toFixed(0)}%`).join(", ")}; target >= 30%)`,
);

// ---------------------------------------------------------------- 4. replications on workers
console.log(
  `\n4. Ukraine, 180 days: ${SCALING_REPS} replications on 1 and 2 workers, then ${UKRAINE_REPS} on ${Math.min(2, availableParallelism())}`,
);
const wall: Record<number, number> = {};
let kpiOne: unknown;
for (const threads of [1, 2]) {
  const pool = createPool(threads);
  try {
    await simulate(scenario, zone, { replications: threads * 2, seed: 7, pool, days: 10 }); // start the workers
    const r = await simulate(scenario, zone, { replications: SCALING_REPS, seed: 7, pool });
    wall[threads] = r.wallSeconds;
    if (threads === 1) kpiOne = r.kpis;
    else console.log(`  bit-identical KPIs on 1 and 2 workers: ${JSON.stringify(kpiOne) === JSON.stringify(r.kpis)}`);
    console.log(
      `  ${threads} worker${threads > 1 ? "s" : " "}: ${r.wallSeconds.toFixed(1)} s, ${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s`,
    );
  } finally {
    await pool.destroy();
  }
}
console.log(`  => speed-up 1 -> 2 workers: ${(wall[1] / wall[2]).toFixed(2)}x`);
const t0 = performance.now();
let lastPct = -1;
const big = await simulate(scenario, zone, {
  replications: UKRAINE_REPS,
  seed: 2025,
  threads: Math.min(2, availableParallelism()),
  onProgress: (p) => {
    const pct = Math.floor((100 * p.done) / p.total / 10) * 10;
    if (pct !== lastPct) {
      lastPct = pct;
      process.stderr.write(`  ${pct}%`);
    }
  },
});
process.stderr.write("\n");
console.log(
  `  ${UKRAINE_REPS} replications × 180 days: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${(big.events / 1e6).toFixed(0)} M events, ${(big.eventsPerSecond / 1e6).toFixed(2)} M events/s; met in time ${(100 * big.kpis.metInTimeShare.mean).toFixed(1)}% [${(100 * big.kpis.metInTimeShare.ci95[0]).toFixed(1)}, ${(100 * big.kpis.metInTimeShare.ci95[1]).toFixed(1)}]`,
);
console.log(
  `\nSummary: M/M/c ours/simjs ${ratios.map((r) => `${r.toFixed(1)}x`).join(", ")}; full model ${(100 * fullRatio).toFixed(0)}% of bare queue; 1->2 workers ${(wall[1] / wall[2]).toFixed(2)}x`,
);
