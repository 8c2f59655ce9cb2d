/**
 * The one definition of a troop sweep: force sizes spaced evenly on a log scale
 * between two ends, used by `truce simulate --sweep`, the planning API's sweep jobs
 * and the report. Ends are kept exactly; points between them are rounded to 10, 100
 * or 500 troops (below 1,000, below 10,000, above) and repeats dropped.
 */
import { TruceInputError } from "../errors/index.js";
import { BOUNDS, checkBound } from "../scenario/bounds.js";

export interface TroopRange {
  from: number;
  to: number;
  /** Force sizes, ends included (default 8). */
  steps?: number;
}

export const DEFAULT_SWEEP_STEPS = 8;

/**
 * Force sizes from `from` to `to` on a log scale.
 *
 * @example troopSweep({ from: 5000, to: 250000, steps: 8 }) // [5000, 8700, 15500, 26500, 47000, 82000, 143000, 250000]
 */
export function troopSweep(range: TroopRange): number[] {
  const { from, to } = range;
  const n = range.steps ?? DEFAULT_SWEEP_STEPS;
  if (!(Number.isInteger(from) && from > 0 && Number.isInteger(to) && to >= from && Number.isInteger(n) && n >= 2)) {
    throw new TruceInputError({
      path: "sweep",
      problem: `${from}..${to} in ${n} steps is not a troop range.`,
      fix: "Give whole troop numbers from low to high (from > 0) and at least 2 steps.",
    });
  }
  checkBound("sweep (troops)", to, BOUNDS.troops);
  checkBound("sweep (steps)", n, BOUNDS.sweepSteps);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = from * (to / from) ** (i / (n - 1));
    const step = x >= 10000 ? 500 : x >= 1000 ? 100 : 10;
    out.push(i === 0 ? from : i === n - 1 ? to : Math.round(x / step) * step);
  }
  return [...new Set(out)];
}

/** The sweep with extra force sizes (the proposals, the scenario's own force) included exactly, sorted. */
export function withTroops(troops: readonly number[], extra: readonly (number | undefined)[]): number[] {
  const all = [...troops, ...extra.filter((x): x is number => x !== undefined)];
  return [...new Set(all)].sort((a, b) => a - b);
}

/** Parse "5000..250000" (8 steps), "5000..250000:12" or "10000,30000,200000" (the CLI's --sweep) into troop numbers. */
export function parseTroopRange(text: string): number[] {
  const bad = () =>
    new TruceInputError({
      path: "--sweep",
      problem: `"${text}" is not a troop range.`,
      fix: "Use troops=A..B (8 steps), troops=A..B:N, or troops=A,B,C with positive integers.",
    });
  const body = text.replace(/^troops=/, "");
  if (body.includes("..")) {
    const m = /^(\d+)\.\.(\d+)(?::(\d+))?$/.exec(body.replace(/_/g, ""));
    if (!m) throw bad();
    const range = { from: Number(m[1]), to: Number(m[2]), steps: m[3] ? Number(m[3]) : DEFAULT_SWEEP_STEPS };
    if (!(range.from > 0 && range.to >= range.from && range.steps >= 2)) throw bad();
    return troopSweep(range);
  }
  const list = body.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (list.length === 0 || list.some((x) => !Number.isInteger(x) || x < 0)) throw bad();
  checkBound("--sweep (steps)", list.length, BOUNDS.sweepSteps);
  for (const x of list) checkBound("--sweep (troops)", x, BOUNDS.troops);
  return list;
}

/** The report's sweep: 5,000 to 250,000 troops in 7 steps, with the proposals included exactly. */
export const REPORT_SWEEP: TroopRange = { from: 5000, to: 250000, steps: 7 };
