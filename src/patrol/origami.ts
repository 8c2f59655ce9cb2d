/**
 * ORIGAMI (Kiekintveld et al., AAMAS 2009): the strong Stackelberg equilibrium of a
 * security game whose teams each guard one target per shift, by sort-and-fill.
 *
 * Why it is exact: for any equilibrium with attacker utility U*, covering each target
 * just enough to bring it down to U*, c_i(U*) = (Ua_u(i) − U*) / (Ua_u(i) − Ua_c(i)),
 * uses no more teams and leaves the attacked target's coverage unchanged; and the
 * defender's value max_{i: Ua_u(i) ≥ U*} Ud(i, c_i(U*)) only grows as U* falls. So the
 * optimum is the lowest U* the teams can afford, pool by pool: sort each pool's targets
 * by attacker value, lower the water line until the teams run out or a target is fully
 * covered, and take the highest line over all pools.
 *
 * O(n log n) on typed arrays; 10,000 targets in a few milliseconds.
 */
import { evaluateCoverage, type GameOutcome, isSingletonGame, payoffScale, type SecurityGame } from "./game.js";

export interface SolveResult extends GameOutcome {
  solver: "origami" | "lp" | "eraser" | "multiple-lps";
  /** Coverage probability per target. */
  coverage: Float64Array;
  /** Expected teams per schedule, per pool (same order as `game.pools[p].schedules`). */
  schedules: Float64Array[];
  /** Wall time of the solve, ms. */
  timeMs: number;
}

/** Lowest water line (attacker utility) one pool of `teams` can hold its targets to. */
function poolLevel(g: SecurityGame, targets: Int32Array, teams: number): number {
  const au = g.attackerUncovered;
  const ac = g.attackerCovered;
  const k = targets.length;
  if (k === 0) return Number.NEGATIVE_INFINITY;
  // A fully covered target cannot go below its attackerCovered payoff.
  let floor = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) floor = Math.max(floor, ac[targets[j]]);
  if (teams <= 0) {
    let top = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) top = Math.max(top, au[targets[j]]);
    return top;
  }
  const order = Array.from(targets).sort((a, b) => au[b] - au[a]);
  // Coverage needed to hold the first j targets at level U: Σ (au − U)/Δ = S2 − U·S1.
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < k; j++) {
    const t = order[j];
    const inv = 1 / (au[t] - ac[t]);
    s1 += inv;
    s2 += au[t] * inv;
    const next = j + 1 < k ? au[order[j + 1]] : Number.NEGATIVE_INFINITY;
    const level = (s2 - teams) / s1;
    if (level >= next) return Math.max(level, floor);
    if (next <= floor) return floor;
  }
  return floor;
}

/**
 * Solve a singleton-schedule game (every schedule one target, every target in at most
 * one pool). Targets no schedule covers stay at coverage 0.
 */
export function solveOrigami(g: SecurityGame): SolveResult {
  const t0 = performance.now();
  if (!isSingletonGame(g)) throw new Error("solveOrigami: every schedule must cover exactly one target, in one pool");
  const n = g.targets.length;
  const au = g.attackerUncovered;
  const ac = g.attackerCovered;
  const covered = new Uint8Array(n);
  let level = Number.NEGATIVE_INFINITY;
  for (const pool of g.pools) {
    const ts = Int32Array.from(pool.schedules, (s) => s[0]);
    for (const t of ts) covered[t] = 1;
    level = Math.max(level, poolLevel(g, ts, pool.teams));
  }
  for (let i = 0; i < n; i++) if (!covered[i]) level = Math.max(level, au[i]);
  const coverage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!covered[i] || au[i] <= level) continue;
    coverage[i] = Math.min(1, (au[i] - level) / (au[i] - ac[i]));
  }
  const schedules = g.pools.map((pool) => Float64Array.from(pool.schedules, (s) => coverage[s[0]]));
  const outcome = evaluateCoverage(g, coverage, 1e-9 * payoffScale(g));
  return { ...outcome, solver: "origami", coverage, schedules, timeMs: performance.now() - t0 };
}

/**
 * Lexicographic water-filling of one pool's `budget` over `targets`: lower the water
 * line as far as it goes; when it reaches a target's floor (fully covered), fix that
 * target at coverage 1 and keep lowering the rest. Returns the coverage per target.
 */
function lexFill(g: SecurityGame, targets: Int32Array, budget: number, ceiling: number): Map<number, number> {
  const au = g.attackerUncovered;
  const ac = g.attackerCovered;
  const out = new Map<number, number>();
  let rest = Array.from(targets);
  let left = budget;
  while (rest.length > 0) {
    const ts = Int32Array.from(rest);
    const level = Math.min(poolLevel(g, ts, left), ceiling);
    let floor = Number.NEGATIVE_INFINITY;
    for (const t of rest) floor = Math.max(floor, ac[t]);
    if (level > floor || left <= 0) {
      for (const t of rest) out.set(t, au[t] > level ? Math.min(1, (au[t] - level) / (au[t] - ac[t])) : 0);
      return out;
    }
    // Floor-bound: the targets whose covered payoff is the floor are fully covered; go on without them.
    const next: number[] = [];
    for (const t of rest) {
      if (ac[t] >= floor) {
        out.set(t, 1);
        left -= 1;
      } else next.push(t);
    }
    rest = next;
  }
  return out;
}

/**
 * Put teams the equilibrium leaves idle to work without changing the equilibrium: in
 * each pool with spare teams, lower the water line over every target except the one
 * the attacker is expected to hit (`result.target`), as far as the pool's teams allow
 * (lexicographically: fully covered targets drop out and the rest go lower). Those
 * targets leave the attacker's indifference set, so the outcome depends less on how the
 * attacker breaks ties, while the attacked target and `defenderUtility` stay as they were.
 */
export function spendSpareTeams(g: SecurityGame, result: SolveResult): SolveResult {
  const t0 = performance.now();
  const coverage = result.coverage.slice();
  const star = result.target;
  for (const pool of g.pools) {
    const ts = pool.schedules.map((s) => s[0]);
    let used = 0;
    for (const t of ts) used += coverage[t];
    if (pool.teams - used <= 1e-12) continue;
    const others = Int32Array.from(ts.filter((t) => t !== star));
    const budget = pool.teams - (ts.includes(star) ? coverage[star] : 0);
    for (const [t, c] of lexFill(g, others, budget, result.attackerUtility)) coverage[t] = Math.max(coverage[t], c);
  }
  const schedules = g.pools.map((pool) => Float64Array.from(pool.schedules, (s) => coverage[s[0]]));
  const outcome = evaluateCoverage(g, coverage, 1e-9 * payoffScale(g));
  return { ...result, ...outcome, coverage, schedules, timeMs: result.timeMs + performance.now() - t0 };
}

/**
 * Make the attacked target the attacker's strict best response (von Stengel & Zamir,
 * 2004: the defender can induce the favourable tie-break at an arbitrarily small cost):
 * take coverage δ = margin / (Ua_u − Ua_c) off the target, so it pays the attacker
 * `margin` more than any other. The defender gives up δ·(Ud_c − Ud_u) there and no
 * longer relies on how the attacker breaks ties. Singleton schedules only.
 */
export function induceBestResponse(g: SecurityGame, result: SolveResult, margin: number): SolveResult {
  const t = result.target;
  const coverage = result.coverage.slice();
  const delta = Math.min(coverage[t], margin / (g.attackerUncovered[t] - g.attackerCovered[t]));
  if (!(delta > 0)) return result;
  coverage[t] -= delta;
  const schedules = g.pools.map((pool) => Float64Array.from(pool.schedules, (s) => coverage[s[0]]));
  const outcome = evaluateCoverage(g, coverage, 1e-9 * payoffScale(g));
  return { ...result, ...outcome, coverage, schedules };
}
