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
 * Before the MILP, one LP finds the lowest attacker utility k_min any plan can hold every
 * target to (minimaxLevel). Targets worth less than k_min to the attacker are never
 * attacked (no binary), k ≥ k_min, and d ≤ Σ a_i·B_i where B_i is the defender's utility at
 * target i covered to the k_min level, the most it can get if i is attacked. These cuts
 * leave the optimum unchanged and shrink the search (measured in bench/patrol.ts).
 *
 * Σ_{s∋i} x_s is the probability that i is covered only if no two teams ever share a
 * target. That holds for Truce's schedules (equal-length runs of segments, ordered
 * along the line, plus single sites): comb sampling (sample.ts) then never picks two
 * schedules through one target, because those schedules are adjacent in the order and
 * their total weight is c_i ≤ 1.
 */

import { ModelBuilder, solveBuilt, type Term } from "../solver/builder.js";
import type { SolveStatus } from "../solver/highs.js";
import { coverageFromSchedules, evaluateCoverage, payoffScale, type SecurityGame } from "./game.js";
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
  /** Tighten the MILP with bounds from the minimax LP (default true; false = the textbook model). */
  bounds?: boolean;
}

export interface EraserResult extends SolveResult {
  /** The MILP's objective (the defender's SSE utility). */
  objective: number;
  /** "optimal", or "time-limit" with an incumbent. */
  status: SolveStatus;
}

/**
 * The lowest attacker utility any feasible coverage can hold every target to: one LP,
 * min k s.t. k ≥ Ua(i, c_i), c = Σ x over schedules, teams per pool. In any plan the
 * attacker gets at least this much, so a target whose uncovered value is below it is
 * never attacked, and an attacked target i has c_i ≤ (Ua_u(i) − k_min)/(Ua_u(i) − Ua_c(i)).
 */
export async function minimaxLevel(g: SecurityGame, timeLimitS = 60): Promise<number> {
  const n = g.targets.length;
  const by = coveringSchedules(g);
  const w = new ModelBuilder();
  w.objective("minimize", [[1, "k"]]);
  for (let i = 0; i < n; i++) {
    if (by[i].length > 0) w.row([[1, `c${i}`], ...by[i]], "=", 0);
    w.row(
      [
        [1, "k"],
        [g.attackerUncovered[i] - g.attackerCovered[i], `c${i}`],
      ],
      ">=",
      g.attackerUncovered[i],
    );
  }
  poolRows(g, w);
  w.free("k");
  for (let i = 0; i < n; i++) w.bounds(`c${i}`, 0, by[i].length > 0 ? 1 : 0);
  const res = await solveBuilt(w, { timeLimitS });
  if (res.status !== "optimal") throw new Error(`HiGHS minimax LP ended with status ${res.status}`);
  return res.value("k");
}

function coveringSchedules(g: SecurityGame): Array<Term[]> {
  const by: Array<Term[]> = Array.from({ length: g.targets.length }, () => []);
  g.pools.forEach((pool, p) => {
    pool.schedules.forEach((s, k) => {
      for (const t of s) by[t].push([-1, `x${p}_${k}`]);
    });
  });
  return by;
}

function poolRows(g: SecurityGame, w: ModelBuilder): void {
  g.pools.forEach((pool, p) => {
    if (pool.schedules.length === 0) return;
    w.row(
      pool.schedules.map((_, k): Term => [1, `x${p}_${k}`]),
      "<=",
      pool.teams,
    );
  });
}

export async function solveEraser(g: SecurityGame, opts: EraserOptions = {}): Promise<EraserResult> {
  const t0 = performance.now();
  const n = g.targets.length;
  const { defenderCovered: dc, defenderUncovered: du, attackerCovered: ac, attackerUncovered: au } = g;
  const timeLimitS = opts.timeLimitS ?? 60;
  let maxD = Number.NEGATIVE_INFINITY;
  let maxA = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    maxD = Math.max(maxD, dc[i]);
    maxA = Math.max(maxA, au[i]);
  }
  // Bounds from the minimax LP (see minimaxLevel): which targets can be attacked at all, and
  // the most the defender can get at each (its coverage at the lowest attacker level).
  const useBounds = opts.bounds ?? true;
  const level = useBounds ? await minimaxLevel(g, timeLimitS) : Number.NEGATIVE_INFINITY;
  const slack = 1e-7 * payoffScale(g);
  const attackable = (i: number) => au[i] >= level - slack;
  const best = (i: number) => {
    const c = Math.min(1, Math.max(0, (au[i] - level) / (au[i] - ac[i])));
    return Number.isFinite(level) ? c * dc[i] + (1 - c) * du[i] + slack : dc[i];
  };
  const by = coveringSchedules(g);

  const w = new ModelBuilder();
  w.objective("maximize", [[1, "d"]]);
  const cand = Array.from({ length: n }, (_, i) => i).filter(attackable);
  w.row(
    cand.map((i): Term => [1, `a${i}`]),
    "=",
    1,
  );
  if (useBounds) {
    // d ≤ Σ a_i · best_i: the defender gets at most its best value at the attacked target.
    w.row([[1, "d"], ...cand.map((i): Term => [-best(i), `a${i}`])], "<=", 0);
  }
  for (let i = 0; i < n; i++) {
    if (by[i].length > 0) w.row([[1, `c${i}`], ...by[i]], "=", 0);
    // k ≥ au + (ac − au) c
    w.row(
      [
        [1, "k"],
        [au[i] - ac[i], `c${i}`],
      ],
      ">=",
      au[i],
    );
    if (!attackable(i)) continue;
    // d ≤ du + (dc − du) c + M(1 − a), with M_i = max dc − du_i
    const bigD = maxD - du[i];
    w.row(
      [
        [1, "d"],
        [-(dc[i] - du[i]), `c${i}`],
        [bigD, `a${i}`],
      ],
      "<=",
      du[i] + bigD,
    );
    // k − Ua ≤ M(1 − a), with M_i = max au − ac_i
    const bigA = maxA - ac[i];
    w.row(
      [
        [1, "k"],
        [au[i] - ac[i], `c${i}`],
        [bigA, `a${i}`],
      ],
      "<=",
      au[i] + bigA,
    );
  }
  poolRows(g, w);
  w.free("d");
  if (useBounds) w.bounds("k", level - slack);
  else w.free("k");
  for (let i = 0; i < n; i++) w.bounds(`c${i}`, 0, by[i].length > 0 ? 1 : 0);
  w.binaries(cand.map((i) => `a${i}`));

  const res = await solveBuilt(w, {
    timeLimitS,
    mipRelGap: opts.mipRelGap ?? 1e-6,
    mipAbsGap: opts.mipAbsGap ?? 1e-7,
    feasibilityTol: opts.feasibilityTol,
  });
  const hasIncumbent = res.hasSolution && (res.status === "optimal" || res.status === "time-limit");
  if (!hasIncumbent) throw new Error(`HiGHS ERASER MILP ended with status ${res.status}`);
  const x = g.pools.map((pool, p) => Float64Array.from(pool.schedules, (_, k) => Math.max(0, res.value(`x${p}_${k}`))));
  const coverage = coverageFromSchedules(g, x);
  for (let i = 0; i < n; i++) coverage[i] = Math.min(1, coverage[i]);
  const outcome = evaluateCoverage(g, coverage, 1e-6 * payoffScale(g));
  return {
    ...outcome,
    solver: "eraser",
    coverage,
    schedules: x,
    objective: res.objective,
    status: res.status,
    timeMs: performance.now() - t0,
  };
}

/**
 * Make ERASER's attacked target the attacker's strict best response, for schedules
 * with routes (where taking coverage off one target also moves its neighbours): one LP,
 * the multiple-LPs step for that target with a margin,
 *   max Ud(t, c_t)  s.t.  Ua(i, c_i) ≤ Ua(t, c_t) − margin for every i ≠ t,
 * over the same schedules and teams. Returns the input unchanged if the LP is infeasible.
 */
export async function induceEraser(
  g: SecurityGame,
  result: SolveResult,
  margin: number,
  timeLimitS = 60,
): Promise<SolveResult> {
  const n = g.targets.length;
  const t = result.target;
  const { defenderCovered: dc, defenderUncovered: du, attackerCovered: ac, attackerUncovered: au } = g;
  const by = coveringSchedules(g);
  const w = new ModelBuilder();
  w.objective("maximize", [[dc[t] - du[t], `c${t}`]]);
  for (let i = 0; i < n; i++) {
    if (by[i].length > 0) w.row([[1, `c${i}`], ...by[i]], "=", 0);
    if (i === t) continue;
    // au_i + (ac_i − au_i) c_i − au_t − (ac_t − au_t) c_t ≤ −margin
    w.row(
      [
        [ac[i] - au[i], `c${i}`],
        [-(ac[t] - au[t]), `c${t}`],
      ],
      "<=",
      au[t] - au[i] - margin,
    );
  }
  poolRows(g, w);
  for (let i = 0; i < n; i++) w.bounds(`c${i}`, 0, by[i].length > 0 ? 1 : 0);
  const res = await solveBuilt(w, { timeLimitS });
  if (res.status !== "optimal") return result;
  const x = g.pools.map((pool, p) => Float64Array.from(pool.schedules, (_, k) => Math.max(0, res.value(`x${p}_${k}`))));
  const coverage = coverageFromSchedules(g, x);
  for (let i = 0; i < n; i++) coverage[i] = Math.min(1, coverage[i]);
  const outcome = evaluateCoverage(g, coverage, 1e-9 * payoffScale(g));
  return { ...result, ...outcome, coverage, schedules: x };
}
