/**
 * The simulation tornado as a plan stage: the sensitivity of the KPIs to the behavioural
 * assumptions (src/sim/sensitivity.ts), run through the pipeline's simulation inputs (zone,
 * patrol coverage, linked force, shared assumptions), with progress over all runs and
 * cancellation between and within them. `Planner.sensitivity` is its one caller, so
 * `truce simulate --sensitivity`, the planning API and the report show the same numbers.
 */
import { KPI_INFO } from "../sim/kpis.js";
import { type TornadoRun, tornado, tornadoRuns } from "../sim/sensitivity.js";
import { type Progress, type SimResult, SimulationCancelled } from "../sim/simulate.js";
import type { SensitivityView, SimulationLinks, WhatIf } from "./types.js";

/** Replications done over all runs of the tornado, and which run is going. */
export interface SensitivityProgress {
  done: number;
  total: number;
  /** "golden time (all types), low end (2 of 11)". */
  message: string;
}

/** One line for a run of the tornado. */
export function tornadoRunMessage(w: TornadoRun): string {
  const of = `(${w.index + 1} of ${w.total})`;
  return w.factor ? `${w.factor}, ${w.end} end ${of}` : `assumptions as stated ${of}`;
}

/**
 * Run the tornado: `run(section, onProgress)` simulates the scenario with its `simulation:`
 * section replaced (same seed, replications, days and troops every time).
 */
export async function simulationTornado(
  section: unknown,
  run: (section: unknown, onProgress: (p: Progress) => void) => Promise<SimResult>,
  ctx: {
    links: SimulationLinks;
    whatIf: WhatIf;
    signal?: AbortSignal;
    onProgress?: (p: SensitivityProgress) => void;
  },
): Promise<SensitivityView> {
  let first: SimResult | undefined;
  const t = await tornado(section, async (variant, which) => {
    if (ctx.signal?.aborted) throw new SimulationCancelled();
    const message = tornadoRunMessage(which);
    const r = await run(variant, (p) =>
      ctx.onProgress?.({ done: which.index * p.total + p.done, total: which.total * p.total, message }),
    );
    first ??= r;
    return r;
  });
  if (!first) throw new Error("the tornado ran no simulation");
  return {
    replications: first.replications,
    seed: first.seed,
    days: first.days,
    troops: first.troops,
    links: ctx.links,
    whatIf: ctx.whatIf,
    kpis: t.kpis,
    rankedBy: t.rankedBy,
    kpiInfo: Object.fromEntries(t.kpis.map((k) => [k, { label: KPI_INFO[k].label, unit: KPI_INFO[k].unit }])),
    base: t.base,
    bars: t.bars,
    runs: tornadoRuns(),
  };
}
