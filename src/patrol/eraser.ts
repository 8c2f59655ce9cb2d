/**
 * ERASER-style MILP (Jain et al., "Software assistants for randomized patrol planning
 * for the LAX airport police and the Federal Air Marshal Service", Interfaces 2010;
 * Kiekintveld et al., AAMAS 2009) for schedules that cover several targets, solved on
 * HiGHS. Variables: x_s, the expected number of teams on schedule s; c_i, the coverage
 * of target i; a_i ∈ {0,1}, the attacked target; d and k, the defender's and
 * attacker's utilities.
 *
 *   max d
 *   s.t. Σ_i a_i = 1
 *        c_i = Σ_{s ∋ i} x_s ≤ 1                  (coverage from schedules)
 *        Σ_{s ∈ pool r} x_s ≤ teams_r              (teams per pool)
 *        d ≤ Ud(i, c_i) + M_d (1 − a_i)            (defender's payoff at the attacked target)
 *        0 ≤ k − Ua(i, c_i) ≤ M_a (1 − a_i)        (the attacked target is a best response)
 *
 * Σ_{s∋i} x_s is the probability that i is covered only if no two teams ever share a
 * target. That holds for Truce's schedules (equal-length runs of segments, ordered
 * along the line, plus single sites): comb sampling (sample.ts) then never picks two
 * schedules through one target, because those schedules are adjacent in the order and
 * their total weight is c_i ≤ 1.
 */
import { coverageFromSchedules, evaluateCoverage, payoffScale, type SecurityGame } from "./game.js";
import { LpWriter, solveLpText } from "./highs.js";
import type { SolveResult } from "./origami.js";

export interface EraserOptions {
  /** Wall-clock limit for HiGHS, seconds (default 60). */
  timeLimitS?: number;
  /** Relative MIP gap (default 1e-6). */
  mipRelGap?: number;
  /** Absolute MIP gap in payoff units (default 1e-7). */
  mipAbsGap?: number;
  /** Feasibility tolerance (default HiGHS's, 1e-7). */
  feasibilityTol?: number;
}

export interface EraserResult extends SolveResult {
  /** The MILP's objective (the defender's SSE utility). */
  objective: number;
  /** HiGHS status: "Optimal", or "Time limit reached" with an incumbent. */
  status: string;
}

export async function solveEraser(g: SecurityGame, opts: EraserOptions = {}): Promise<EraserResult> {
  const t0 = performance.now();
  const n = g.targets.length;
  const { defenderCovered: dc, defenderUncovered: du, attackerCovered: ac, attackerUncovered: au } = g;
  let maxD = Number.NEGATIVE_INFINITY;
  let minD = Number.POSITIVE_INFINITY;
  let maxA = Number.NEGATIVE_INFINITY;
  let minA = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    maxD = Math.max(maxD, dc[i]);
    minD = Math.min(minD, du[i]);
    maxA = Math.max(maxA, au[i]);
    minA = Math.min(minA, ac[i]);
  }
  const bigD = maxD - minD;
  const bigA = maxA - minA;

  // Which schedules cover each target.
  const by: Array<Array<[number, string]>> = Array.from({ length: n }, () => []);
  g.pools.forEach((pool, p) => {
    pool.schedules.forEach((s, k) => {
      for (const t of s) by[t].push([-1, `x${p}_${k}`]);
    });
  });

  const w = new LpWriter();
  w.objective("Maximize", [[1, "d"]]);
  w.row(
    "one",
    Array.from({ length: n }, (_, i): [number, string] => [1, `a${i}`]),
    "=",
    1,
  );
  for (let i = 0; i < n; i++) {
    if (by[i].length > 0) w.row(`cov${i}`, [[1, `c${i}`], ...by[i]], "=", 0);
    // d ≤ du + (dc − du) c + M(1 − a)
    w.row(
      `dd${i}`,
      [
        [1, "d"],
        [-(dc[i] - du[i]), `c${i}`],
        [bigD, `a${i}`],
      ],
      "<=",
      du[i] + bigD,
    );
    // k ≥ au + (ac − au) c
    w.row(
      `ka${i}`,
      [
        [1, "k"],
        [au[i] - ac[i], `c${i}`],
      ],
      ">=",
      au[i],
    );
    // k − Ua ≤ M(1 − a)
    w.row(
      `kb${i}`,
      [
        [1, "k"],
        [au[i] - ac[i], `c${i}`],
        [bigA, `a${i}`],
      ],
      "<=",
      au[i] + bigA,
    );
  }
  g.pools.forEach((pool, p) => {
    if (pool.schedules.length === 0) return;
    w.row(
      `m${p}`,
      pool.schedules.map((_, k): [number, string] => [1, `x${p}_${k}`]),
      "<=",
      pool.teams,
    );
  });
  w.bound("d free");
  w.bound("k free");
  for (let i = 0; i < n; i++) w.bound(`0 <= c${i} <= ${by[i].length > 0 ? 1 : 0}`);
  w.binaries(Array.from({ length: n }, (_, i) => `a${i}`));

  const res = await solveLpText(w.text(), {
    timeLimitS: opts.timeLimitS ?? 60,
    mipRelGap: opts.mipRelGap ?? 1e-6,
    mipAbsGap: opts.mipAbsGap ?? 1e-7,
    feasibilityTol: opts.feasibilityTol,
  });
  const hasIncumbent = res.Status === "Optimal" || (res.Status === "Time limit reached" && res.Columns.d !== undefined);
  if (!hasIncumbent) throw new Error(`HiGHS ERASER MILP ended with status ${res.Status}`);
  const x = g.pools.map((pool, p) =>
    Float64Array.from(pool.schedules, (_, k) => Math.max(0, res.Columns[`x${p}_${k}`]?.Primal ?? 0)),
  );
  const coverage = coverageFromSchedules(g, x);
  for (let i = 0; i < n; i++) coverage[i] = Math.min(1, coverage[i]);
  const outcome = evaluateCoverage(g, coverage, 1e-6 * payoffScale(g));
  return {
    ...outcome,
    solver: "eraser",
    coverage,
    schedules: x,
    objective: res.ObjectiveValue,
    status: res.Status,
    timeMs: performance.now() - t0,
  };
}
