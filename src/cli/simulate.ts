/**
 * `truce simulate FILE`: Monte Carlo replications of incidents and response for
 * a scenario, or a sweep over force sizes. Progress (with ETA) goes to stderr;
 * Ctrl-C cancels cleanly: nothing is printed or written, exit code 130.
 */
import { availableParallelism } from "node:os";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { TruceInputError } from "../errors/index.js";
import {
  Planner,
  parseTroopRange,
  type SensitivityProgress,
  type SensitivityView,
  type SimulationLinks,
  type TargetCheck,
  withTroops,
} from "../plan/index.js";
import type { QueuePool } from "../queue/index.js";
import { BOUNDS } from "../scenario/bounds.js";
import { loadScenarioFile } from "../scenario/load.js";
import { KPI_INFO } from "../sim/kpis.js";
import { tornadoRuns } from "../sim/sensitivity.js";
import { type KpiName, type Progress, type SimResult, SimulationCancelled, type SweepResult } from "../sim/simulate.js";
import type { Summary } from "../sim/stats.js";
import { intFlag, numberFlag, outputFileFlag } from "./flags.js";
import { formatNumber, printJson, table, writeFileAtomic } from "./io.js";
import { cliZone } from "./zoneCache.js";

interface Opts {
  json?: boolean;
  replications?: string;
  seed?: string;
  days?: string;
  sweep?: string;
  threads?: string;
  troops?: string;
  out?: string;
  queue?: string;
  sensitivity?: boolean;
}

const slim = (s: Summary) => ({ mean: s.mean, ci95: s.ci95, median: s.median, p05: s.p05, p95: s.p95 });
const slimAll = (k: Record<KpiName, Summary>) =>
  Object.fromEntries(Object.entries(k).map(([n, s]) => [n, slim(s)])) as Record<KpiName, ReturnType<typeof slim>>;

/**
 * The `--json` document (a contract: keep field names stable). Results only: identical run to
 * run for a seed; wall-clock figures sit under `timing`.
 */
export function simulateJson(
  r: SimResult | undefined,
  s: SweepResult | undefined,
  links?: SimulationLinks,
  check?: TargetCheck,
) {
  const head = r ?? s;
  if (!head) throw new Error("nothing simulated");
  return {
    replications: head.replications,
    seed: head.seed,
    days: head.days,
    events: (r?.events ?? 0) + (s?.events ?? 0),
    ...(links ? { links } : {}),
    ...(check ? { check } : {}),
    ...(head.warnings.length > 0 ? { warnings: head.warnings } : {}),
    ...(r
      ? {
          troops: r.troops,
          mapping: r.mapping,
          kpis: slimAll(r.kpis),
          responseTimeDistribution: r.responseTimeDistribution,
        }
      : {}),
    ...(s ? { sweep: s.points.map((p) => ({ troops: p.troops, mapping: p.mapping, kpis: slimAll(p.kpis) })) } : {}),
    timing: {
      wallSeconds: (r?.wallSeconds ?? 0) + (s?.wallSeconds ?? 0),
      eventsPerSecond: s ? s.eventsPerSecond : (r?.eventsPerSecond ?? 0),
    },
  };
}

function fmtShare(name: KpiName, x: number): string {
  const u = KPI_INFO[name].unit;
  return u === "share" || u === "probability" ? `${(x * 100).toFixed(1)}%` : formatNumber(x);
}

function humanResult(name: string, r: SimResult): string {
  const m = r.mapping;
  const lines = [
    `${name}`,
    `${formatNumber(r.troops)} troops -> ${m.qrfUnits} quick-reaction units (${m.unitsOnDuty} on duty), ${formatNumber(m.observersOnWatch)} observers on watch, mean detection probability ${(m.meanDetectionProbability * 100).toFixed(0)}%`,
    `${r.replications} replications × ${r.days} days, seed ${r.seed} · ${formatNumber(r.events)} events in ${r.wallSeconds.toFixed(1)} s (${formatNumber(r.eventsPerSecond / 1e6)} M events/s, ${r.threads} thread${r.threads > 1 ? "s" : ""})`,
    "",
    table(
      ["KPI", "mean", "95% CI", "median", "5%–95% of runs"],
      (Object.keys(r.kpis) as KpiName[]).map((k) => {
        const s = r.kpis[k];
        return [
          KPI_INFO[k].label,
          fmtShare(k, s.mean),
          `${fmtShare(k, s.ci95[0])} – ${fmtShare(k, s.ci95[1])}`,
          fmtShare(k, s.median),
          `${fmtShare(k, s.p05)} – ${fmtShare(k, s.p95)}`,
        ];
      }),
    ),
  ];
  return lines.join("\n");
}

const SWEEP_COLUMNS: Array<[KpiName, string]> = [
  ["metInTimeShare", "met in time"],
  ["responseTimeMedianMin", "median response, min"],
  ["escalations", "escalations"],
  ["deathsTotal", "deaths"],
  ["peacekeepersInjured", "peacekeepers injured"],
  ["peakUnanswered", "peak unanswered"],
  ["breakdown", "P(breakdown)"],
];

function humanSweep(s: SweepResult): string {
  return [
    `Sweep: ${s.points.length} force sizes × ${s.replications} replications × ${s.days} days, seed ${s.seed} (${s.wallSeconds.toFixed(1)} s). Means; --json gives CIs.`,
    "",
    table(
      ["troops", "QRF units", ...SWEEP_COLUMNS.map(([, label]) => label)],
      s.points.map((p) => [p.troops, p.mapping.qrfUnits, ...SWEEP_COLUMNS.map(([k]) => fmtShare(k, p.kpis[k].mean))]),
    ),
  ].join("\n");
}

function humanTornado(t: SensitivityView): string {
  const kpis = t.kpis as KpiName[];
  const cell = (k: KpiName, a: number, b: number) => `${fmtShare(k, a)} / ${fmtShare(k, b)}`;
  return [
    `Sensitivity (one assumption at a time, ${t.runs} simulations of ${t.replications} replications, same seed and ${formatNumber(t.troops)} troops; unfavourable / favourable end; ranked by ${KPI_INFO[t.rankedBy as KpiName].label.toLowerCase()}):`,
    table(
      ["assumption", "moved", ...kpis.map((k) => KPI_INFO[k].label)],
      [
        ["base", "", ...kpis.map((k) => fmtShare(k, t.base[k]))],
        ...t.bars.map((b) => [b.factor, b.change, ...kpis.map((k) => cell(k, b.low[k], b.high[k]))]),
      ],
    ),
  ].join("\n");
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description(
      "Monte Carlo simulation of incidents and response (Hawkes incidents, detection, quick-reaction force, escalation), KPIs with 95% CIs.",
    )
    .argument("<file>", "scenario file (.yaml or .json)")
    .option("--json", "print one JSON document")
    .option("--replications <n>", "replications (default: simulation.replications, 200)")
    .option("--seed <s>", "seed (default: simulation.seed, 1)")
    .option("--days <d>", "horizon in days (default: simulation.days, 30)")
    .option("--troops <n>", "troops to simulate (default: simulation.troops or force.troops)")
    .option(
      "--sweep <range>",
      "KPI-versus-force-size curve: troops=5000..250000 (8 steps), troops=A..B:N or troops=A,B,C",
    )
    .option("--threads <n>", "worker threads (default: all cores for 20+ replications)")
    .option("--out <file>", "also write the JSON document to this file (atomically)")
    .option("--queue <url>", "run the replications on `truce worker` processes through Redis, redis://HOST:PORT")
    .option(
      "--sensitivity",
      "also run a tornado over the behavioural assumptions (golden time, force ladder, containment, detection, escalation), same seed",
    )
    .action(async (file: string, opts: Opts) => {
      const replications = intFlag("--replications", opts.replications, BOUNDS.replications, 1);
      const threadsOpt = intFlag("--threads", opts.threads, BOUNDS.threads, 1);
      const troopsOpt = intFlag("--troops", opts.troops, BOUNDS.troops);
      const seed = intFlag("--seed", opts.seed, BOUNDS.seed);
      const days = numberFlag("--days", opts.days, BOUNDS.days, { positive: true });
      outputFileFlag("--out", opts.out);
      const scenario = loadScenarioFile(file);
      const planner = new Planner({ zone: cliZone });
      const sweepTroops = opts.sweep ? parseTroopRange(opts.sweep) : undefined;
      if (sweepTroops && opts.sensitivity)
        throw new TruceInputError({
          path: "--sensitivity",
          problem: "the sensitivity tornado moves the assumptions around one force size, not a sweep.",
          fix: "Drop --sweep (give the force with --troops), or run the sweep and the sensitivity separately.",
        });
      const reps = replications ?? (scenario.simulation as { replications?: number } | undefined)?.replications ?? 200;
      // Loaded only with --queue: a plain run never touches Redis or BullMQ.
      const pool: QueuePool | undefined = opts.queue
        ? await (await import("../queue/index.js")).queuePoolForUrl(opts.queue, { threads: threadsOpt })
        : undefined;
      if (pool && pool.workersAtStart.workers === 0)
        process.stderr.write(
          `simulate: no workers on ${opts.queue} yet; chunks wait until \`truce worker --redis ${opts.queue}\` runs\n`,
        );
      const threads =
        pool?.threads ?? threadsOpt ?? (reps >= 20 ? Math.min(availableParallelism(), BOUNDS.threads.max) : 1);
      const base = { replications, seed, days, threads, pool };

      const ac = new AbortController();
      const onSigint = () => ac.abort();
      process.once("SIGINT", onSigint);
      const started = Date.now();
      if (!process.stderr.isTTY) {
        const what = sweepTroops ? `a sweep over ${sweepTroops.length} force sizes` : "a simulation";
        const where = pool
          ? `${pool.workersAtStart.workers} worker(s), ${threads} slot${threads > 1 ? "s" : ""} via ${opts.queue}`
          : `${threads} thread${threads > 1 ? "s" : ""}`;
        process.stderr.write(`simulate: running ${what}, ${reps} replications, ${where} (Ctrl-C cancels)\n`);
      }
      let bar: SingleBar | undefined;
      let barStarted = started;
      const progressBar = (format: string, p: { done: number; total: number }, payload = {}) => {
        if (!bar && Date.now() - barStarted > 1000 && process.stderr.isTTY) {
          bar = new SingleBar(
            { stream: process.stderr, format, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
            Presets.shades_classic,
          );
          bar.start(p.total, p.done, payload);
        }
        bar?.update(p.done, payload);
      };
      const onProgress = (p: Progress) =>
        progressBar("simulate [{bar}] {percentage}% | {value}/{total} replications | ETA {eta_formatted}", p);
      const onSensitivityProgress = (p: SensitivityProgress) => {
        if (bar && p.done === 0 && bar.getTotal() !== p.total) {
          bar.stop(); // the base simulation's bar: the tornado gets its own
          bar = undefined;
          barStarted = Date.now();
        }
        progressBar(
          "sensitivity [{bar}] {percentage}% | {value}/{total} replications | {run} | ETA {eta_formatted}",
          p,
          { run: p.message },
        );
      };
      let result: SimResult | undefined;
      let sw: SweepResult | undefined;
      let links: SimulationLinks | undefined;
      let check: TargetCheck | undefined;
      let baseTroops: number | undefined;
      let tornadoResult: SensitivityView | undefined;
      try {
        // The pipeline's simulation stage: the same call as the planning API and the report.
        links = await planner.simulationLinks(scenario, undefined, troopsOpt);
        baseTroops = links.troops;
        if (sweepTroops) {
          const list = withTroops(sweepTroops, [baseTroops]);
          sw = (await planner.simulate(scenario, { ...base, sweepTroops: list, signal: ac.signal, onProgress })).sweep;
        } else {
          const r = await planner.simulate(scenario, { ...base, troops: troopsOpt, signal: ac.signal, onProgress });
          result = r.result;
          check = r.view.check;
          if (opts.sensitivity) {
            // The pipeline's tornado: the same call as the planning API and `truce report --sensitivity`.
            if (!process.stderr.isTTY)
              process.stderr.write(`simulate: sensitivity, ${tornadoRuns()} simulations of ${reps} replications\n`);
            tornadoResult = await planner.sensitivity(scenario, {
              ...base,
              troops: troopsOpt,
              signal: ac.signal,
              onProgress: onSensitivityProgress,
            });
          }
        }
      } catch (e) {
        bar?.stop();
        if (e instanceof SimulationCancelled) {
          await pool?.destroy(); // removes the outstanding chunks before exiting
          process.stderr.write("simulate: cancelled; nothing written.\n");
          process.exit(130);
        }
        throw e;
      } finally {
        process.off("SIGINT", onSigint);
        await pool?.destroy();
      }
      bar?.stop();
      if (sw && baseTroops !== undefined) {
        const pt = sw.points.find((p) => p.troops === baseTroops);
        if (pt) {
          result = {
            replications: sw.replications,
            seed: sw.seed,
            days: sw.days,
            troops: pt.troops,
            mapping: pt.mapping,
            events: 0,
            eventsPerSecond: 0,
            wallSeconds: 0,
            threads,
            kpis: pt.kpis,
            responseTimeDistribution: { binMin: 1, counts: [] },
            perReplication: new Float64Array(0),
            kpiNames: [],
            warnings: sw.warnings,
          };
        }
      }
      for (const w of (result ?? sw)?.warnings ?? []) process.stderr.write(`simulate: warning: ${w}\n`);
      const doc = {
        ...simulateJson(result, sw, links, check),
        ...(tornadoResult ? { sensitivity: tornadoResult } : {}),
      };
      if (sw && result) delete (doc as { responseTimeDistribution?: unknown }).responseTimeDistribution;
      if (opts.out) writeFileAtomic(opts.out, `${JSON.stringify(doc, null, 2)}\n`);
      if (opts.json) printJson(doc);
      else {
        const parts: string[] = [];
        if (result && !sw) parts.push(humanResult(scenario.name, result));
        if (links)
          parts.push(
            `Troops: ${links.note}; detection from ${links.detectionSource === "patrols" ? "the patrol plan's line coverage" : "observers on watch"}.`,
          );
        if (check) parts.push(check.sentence);
        if (sw) parts.push(`${scenario.name}\n${humanSweep(sw)}`);
        if (tornadoResult) parts.push(humanTornado(tornadoResult));
        process.stdout.write(`${parts.join("\n\n")}\n`);
      }
    });
}
