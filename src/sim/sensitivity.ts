/**
 * Sensitivity of the simulation KPIs to the behavioural assumptions (issue 12, item 4): golden
 * time, the escalation-of-force ladder, containment, detection and the escalation probability
 * are judgement, not measurement. Each is moved down and up by a stated factor, one at a time,
 * with the same seed (common random numbers), and the KPI means at both ends make a tornado,
 * widest swing first. The runner is passed in, so the CLI, the API and the report can run the
 * variants through the same plan pipeline as the base run.
 */
import { INCIDENT_TYPES, resolveSimulationParams, type SimulationParams } from "./params.js";
import type { KpiName, SimResult } from "./simulate.js";

export interface SensitivityFactor {
  /** Parameter group, e.g. "golden time". */
  name: string;
  /** What low and high mean, e.g. "× 0.5 / × 1.5". */
  change: string;
  apply: (p: SimulationParams, high: boolean) => void;
}

const clip01 = (x: number) => Math.min(1, Math.max(0, x));

/** The behavioural assumptions and how far each is moved. */
export const SENSITIVITY_FACTORS: readonly SensitivityFactor[] = [
  {
    name: "golden time (all types)",
    change: "× 0.5 / × 1.5",
    apply: (p, high) => {
      for (const t of INCIDENT_TYPES) p.incidents[t].goldenTimeMin *= high ? 1.5 : 0.5;
    },
  },
  {
    name: "force ladder success (every rung)",
    change: "× 0.5 / × 1.5 (at most 1)",
    apply: (p, high) => {
      p.force.ladderSuccess = p.force.ladderSuccess.map((q) => clip01(q * (high ? 1.5 : 0.5)));
    },
  },
  {
    name: "containment (responders per participant needed)",
    change: "containRatio × 2 / × 0.5",
    // "high" is the favourable end for the force everywhere: fewer responders needed
    apply: (p, high) => {
      for (const t of INCIDENT_TYPES) p.incidents[t].containRatio *= high ? 0.5 : 2;
    },
  },
  {
    name: "detection (min and max probability)",
    change: "halve / halve the gap to 1",
    apply: (p, high) => {
      const d = p.detection;
      d.minProbability = high ? d.minProbability + (1 - d.minProbability) / 2 : d.minProbability / 2;
      d.maxProbability = high ? d.maxProbability + (1 - d.maxProbability) / 2 : d.maxProbability / 2;
      if (d.minProbability > d.maxProbability) d.minProbability = d.maxProbability;
    },
  },
  {
    name: "escalation probability (all types)",
    change: "× 1.5 / × 0.5 (at most 1)",
    apply: (p, high) => {
      for (const t of INCIDENT_TYPES)
        p.incidents[t].escalationProbability = clip01(p.incidents[t].escalationProbability * (high ? 0.5 : 1.5));
    },
  },
];

export interface TornadoBar {
  factor: string;
  change: string;
  /** KPI means at the unfavourable (low) and favourable (high) end. */
  low: Record<KpiName, number>;
  high: Record<KpiName, number>;
  /** |high − low| of the ranking KPI. */
  swing: number;
}

export interface Tornado {
  base: Record<KpiName, number>;
  /** KPI the bars are ranked by. */
  rankedBy: KpiName;
  kpis: KpiName[];
  bars: TornadoBar[];
}

/** KPIs a tornado reports by default. */
export const TORNADO_KPIS: KpiName[] = ["deathsTotal", "escalations", "breakdown", "metInTimeShare", "injuredTotal"];

/**
 * Variants of a `simulation:` section, one factor at a time, fully defaulted (so they can be run
 * as they are).
 */
export function sensitivityVariants(
  section: unknown,
  factors: readonly SensitivityFactor[] = SENSITIVITY_FACTORS,
): Array<{ factor: SensitivityFactor; low: SimulationParams; high: SimulationParams }> {
  return factors.map((factor) => {
    const low = resolveSimulationParams(section);
    const high = resolveSimulationParams(section);
    factor.apply(low, false);
    factor.apply(high, true);
    return { factor, low, high };
  });
}

/** Which run of a tornado a call is: the base, or one factor at one end. */
export interface TornadoRun {
  /** 0 for the base, then two per factor (low, high). */
  index: number;
  /** Runs in all (`tornadoRuns`). */
  total: number;
  factor?: string;
  end?: "low" | "high";
}

/** How many simulations a tornado runs: the base and both ends of every factor. */
export const tornadoRuns = (factors: readonly SensitivityFactor[] = SENSITIVITY_FACTORS): number =>
  1 + 2 * factors.length;

/**
 * Run the tornado: `run(section)` simulates one variant (the caller keeps seed, replications and
 * troops fixed across calls, so the variants share their random numbers); `which` says which run it is.
 * @example const t = await tornado(scenario.simulation, (s) => simulate({ ...scenario, simulation: s }, zone, { seed: 1 }));
 */
export async function tornado(
  section: unknown,
  run: (section: SimulationParams | unknown, which: TornadoRun) => Promise<SimResult>,
  opts: { kpis?: KpiName[]; rankedBy?: KpiName; factors?: readonly SensitivityFactor[] } = {},
): Promise<Tornado> {
  const kpis = opts.kpis ?? TORNADO_KPIS;
  const rankedBy = opts.rankedBy ?? kpis[0];
  const total = tornadoRuns(opts.factors);
  const means = (r: SimResult) => Object.fromEntries(kpis.map((k) => [k, r.kpis[k].mean])) as Record<KpiName, number>;
  const base = means(await run(section, { index: 0, total }));
  const bars: TornadoBar[] = [];
  let index = 1;
  for (const v of sensitivityVariants(section, opts.factors)) {
    const factor = v.factor.name;
    const low = means(await run(v.low, { index: index++, total, factor, end: "low" }));
    const high = means(await run(v.high, { index: index++, total, factor, end: "high" }));
    bars.push({
      factor: v.factor.name,
      change: v.factor.change,
      low,
      high,
      swing: Math.abs(high[rankedBy] - low[rankedBy]),
    });
  }
  bars.sort((a, b) => b.swing - a.swing);
  return { base, rankedBy, kpis, bars };
}
