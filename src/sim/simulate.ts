/**
 * Public entry points: `simulate` (Monte Carlo replications of one plan) and
 * `sweep` (the same over several force sizes). Pure apart from optional worker
 * threads; results for a scenario and seed are bit-identical whatever the
 * thread count.
 */
import { TruceInputError } from "../errors/index.js";
import type { Zone } from "../geo/types.js";
import { BOUNDS, checkBound } from "../scenario/bounds.js";
import { KPI_INFO } from "./kpis.js";
import { HIST_BINS, KPI_NAMES, NK, type ReplicationTrace, runReplication } from "./model.js";
import { resolveSimulationParams, type SimulationParams, stabilityWarnings } from "./params.js";
import type { ReplicationPool } from "./pool.js";
import { type BlockResult, runBlock } from "./run.js";
import { compileSpec, type ForceMapping, type ModelSpec, type SpecOptions } from "./spec.js";
import { type Summary, summarize } from "./stats.js";

export interface Progress {
  /** Replications finished (over all sweep points). */
  done: number;
  total: number;
}

export interface SimulateOptions extends SpecOptions {
  /** Overrides simulation.replications. */
  replications?: number;
  /** Overrides simulation.seed. */
  seed?: number;
  /** Overrides simulation.days. */
  days?: number;
  /** Worker threads; 1 (default) runs in this thread, yielding to the event loop between replications. */
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Keep raw per-replication traces (in-process only; for validation). */
  trace?: boolean;
  /** A pool to reuse (the sweep shares one); otherwise one is made for threads > 1 and closed at the end. */
  pool?: ReplicationPool;
}

export interface ScenarioForSim {
  force?: { troops?: number; civilianMonitors?: number };
  simulation?: unknown;
}

export type KpiName = (typeof KPI_NAMES)[number];

export interface SimResult {
  replications: number;
  seed: number;
  days: number;
  troops: number;
  mapping: ForceMapping;
  /** Events handled over all replications. */
  events: number;
  eventsPerSecond: number;
  wallSeconds: number;
  threads: number;
  kpis: Record<KpiName, Summary>;
  /** First-responder arrival after incident start, all replications pooled: counts per 1-minute bin (last bin: 24 h and more). */
  responseTimeDistribution: { binMin: number; counts: number[] };
  /** Raw KPI vectors, replication-major (length replications × kpiNames.length). */
  perReplication: Float64Array;
  kpiNames: readonly KpiName[];
  traces?: ReplicationTrace[];
  /** Stability warnings (effective branching near or above 1). */
  warnings: string[];
}

export interface SweepPoint {
  troops: number;
  mapping: ForceMapping;
  kpis: Record<KpiName, Summary>;
}

export interface SweepResult {
  replications: number;
  seed: number;
  days: number;
  events: number;
  eventsPerSecond: number;
  wallSeconds: number;
  points: SweepPoint[];
  warnings: string[];
}

/** Thrown when a run is cancelled through its AbortSignal. */
export class SimulationCancelled extends Error {
  constructor() {
    super("simulation cancelled");
    this.name = "AbortError";
  }
}

function checkInt(name: string, v: number | undefined, min: number, fix: string): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min)
    throw new TruceInputError({ path: name, problem: `${v} is not an integer >= ${min}.`, fix });
}

interface Prepared {
  params: SimulationParams;
  warnings: string[];
  replications: number;
  seed: number;
  threads: number;
}

function prepare(scenario: ScenarioForSim, opts: SimulateOptions): Prepared {
  checkInt("replications", opts.replications, 1, "Run at least one replication (e.g. --replications 200).");
  checkInt("seed", opts.seed, 0, "Use a non-negative integer seed.");
  checkInt("threads", opts.threads, 1, "Use at least one thread.");
  if (opts.replications !== undefined) checkBound("replications", opts.replications, BOUNDS.replications);
  if (opts.threads !== undefined) checkBound("threads", opts.threads, BOUNDS.threads);
  if (opts.days !== undefined) checkBound("days", opts.days, BOUNDS.days);
  if (opts.days !== undefined && !(opts.days > 0 && Number.isFinite(opts.days))) {
    throw new TruceInputError({
      path: "days",
      problem: `${opts.days} is not a positive number of days.`,
      fix: "Use e.g. --days 30.",
    });
  }
  const section = { ...((scenario.simulation as object | undefined) ?? {}) } as Record<string, unknown>;
  if (opts.days !== undefined) section.days = opts.days;
  const params = resolveSimulationParams(section);
  return {
    params,
    warnings: stabilityWarnings(params, section),
    replications: opts.replications ?? params.replications,
    seed: opts.seed ?? params.seed,
    threads: opts.threads ?? 1,
  };
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Run `replications` of `spec`, in this thread or on the pool, in blocks; results are assembled by replication index. */
async function runAll(
  spec: ModelSpec,
  seed: number,
  replications: number,
  pool: ReplicationPool | undefined,
  opts: SimulateOptions,
  progress: { done: number; total: number },
): Promise<{ kpis: Float64Array; hist: Float64Array; events: number; traces?: ReplicationTrace[] }> {
  const kpis = new Float64Array(replications * NK);
  const hist = new Float64Array(HIST_BINS);
  let events = 0;
  const signal = opts.signal;
  const absorb = (b: BlockResult) => {
    kpis.set(b.kpis, b.repStart * NK);
    for (let i = 0; i < HIST_BINS; i++) hist[i] += b.hist[i];
    events += b.events;
    progress.done += b.kpis.length / NK;
    opts.onProgress?.({ done: progress.done, total: progress.total });
  };
  if (signal?.aborted) throw new SimulationCancelled();
  if (!pool) {
    const traces: ReplicationTrace[] | undefined = opts.trace ? [] : undefined;
    let last = performance.now();
    for (let r = 0; r < replications; r++) {
      if (traces) {
        const res = runReplication(spec, seed, r, true);
        absorb({ repStart: r, kpis: res.kpis, hist: res.responseHist, events: res.events });
        traces.push(res.trace as ReplicationTrace);
      } else absorb(runBlock({ spec, seed, repStart: r, repEnd: r + 1 }));
      if (performance.now() - last > 50) {
        await yieldToLoop();
        last = performance.now();
        if (signal?.aborted) throw new SimulationCancelled();
      }
    }
    return { kpis, hist, events, traces };
  }
  // Blocks go out with at most 2 per thread in flight, so an abort stops new work at once and
  // only a few listeners sit on the signal.
  const blockSize = Math.max(1, Math.min(50, Math.ceil(replications / (pool.threads * 8))));
  let next = 0;
  const worker = async () => {
    while (next < replications) {
      if (signal?.aborted) throw new SimulationCancelled();
      const r = next;
      next = Math.min(replications, r + blockSize);
      absorb(await pool.run({ spec, seed, repStart: r, repEnd: next }, signal));
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.threads * 2 }, worker));
  } catch (e) {
    if (signal?.aborted) throw new SimulationCancelled();
    throw e;
  }
  return { kpis, hist, events };
}

function summarizeAll(kpis: Float64Array, replications: number): Record<KpiName, Summary> {
  const out = {} as Record<KpiName, Summary>;
  const col = new Float64Array(replications);
  KPI_NAMES.forEach((name, j) => {
    for (let r = 0; r < replications; r++) col[r] = kpis[r * NK + j];
    // every KPI is a count, share, probability or duration: its interval must stay in range
    out[name] = summarize(col, KPI_INFO[name].binary === true, true);
  });
  return out;
}

async function withPool<T>(
  threads: number,
  given: ReplicationPool | undefined,
  f: (p: ReplicationPool | undefined) => Promise<T>,
): Promise<T> {
  if (given || threads <= 1) return f(given);
  const { createPool } = await import("./pool.js");
  const pool = createPool(threads);
  try {
    return await f(pool);
  } finally {
    await pool.destroy();
  }
}

/**
 * Simulate a plan: `replications` independent runs of incidents and response
 * over `days`, with KPIs summarised as mean, 95% CI and spread.
 *
 * @param scenario a validated scenario (its `force` and optional `simulation` section are read)
 * @param zone the zone stage's output (sectors along the line)
 * @example const r = await simulate(scenario, computeZone(scenario), { replications: 100, seed: 7, threads: 2 });
 *          r.kpis.metInTimeShare.mean // share of incidents met within their golden time
 */
export async function simulate(
  scenario: ScenarioForSim,
  zone: Zone,
  options: SimulateOptions = {},
): Promise<SimResult> {
  const { params, replications, seed, threads, warnings } = prepare(scenario, options);
  const spec = compileSpec(scenario, zone, params, options);
  const t0 = performance.now();
  const progress = { done: 0, total: replications };
  const raw = await withPool(threads, options.pool, (pool) =>
    runAll(spec, seed, replications, pool, options, progress),
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  return {
    replications,
    seed,
    days: params.days,
    troops: spec.mapping.troops,
    mapping: spec.mapping,
    events: raw.events,
    eventsPerSecond: raw.events / Math.max(wallSeconds, 1e-9),
    wallSeconds,
    threads: options.pool?.threads ?? threads,
    kpis: summarizeAll(raw.kpis, replications),
    responseTimeDistribution: { binMin: 1, counts: trimZeros(raw.hist) },
    perReplication: raw.kpis,
    kpiNames: KPI_NAMES,
    traces: raw.traces,
    warnings,
  };
}

function trimZeros(h: Float64Array): number[] {
  let n = h.length;
  while (n > 0 && h[n - 1] === 0) n--;
  return Array.from(h.subarray(0, n));
}

export type SweepOptions = Omit<SimulateOptions, "troops"> & { troops: readonly number[] };

/**
 * KPI-versus-force-size curve: the same replications (same seed, so common
 * random numbers across points) for each troop number.
 */
export async function sweep(scenario: ScenarioForSim, zone: Zone, options: SweepOptions): Promise<SweepResult> {
  const { troops, ...rest } = options;
  const { params, replications, seed, threads, warnings } = prepare(scenario, rest);
  if (troops.length === 0)
    throw new TruceInputError({
      path: "sweep",
      problem: "no troop numbers to sweep.",
      fix: "Use e.g. --sweep troops=5000..250000.",
    });
  const specs = troops.map((t) => {
    if (!(Number.isInteger(t) && t >= 0))
      throw new TruceInputError({
        path: "sweep.troops",
        problem: `${t} is not a troop number.`,
        fix: "Use non-negative integers.",
      });
    return compileSpec(scenario, zone, params, { ...rest, troops: t });
  });
  const t0 = performance.now();
  const progress = { done: 0, total: replications * specs.length };
  let events = 0;
  const points = await withPool(threads, rest.pool, async (pool) => {
    const out: SweepPoint[] = [];
    for (const spec of specs) {
      const raw = await runAll(spec, seed, replications, pool, { ...rest, trace: false }, progress);
      events += raw.events;
      out.push({ troops: spec.mapping.troops, mapping: spec.mapping, kpis: summarizeAll(raw.kpis, replications) });
    }
    return out;
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  return {
    replications,
    seed,
    days: params.days,
    events,
    eventsPerSecond: events / Math.max(wallSeconds, 1e-9),
    wallSeconds,
    points,
    warnings,
  };
}
