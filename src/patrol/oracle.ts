/**
 * The multiple-LPs method (Conitzer & Sandholm, "Computing the optimal strategy to
 * commit to", EC 2006) on the game's explicit joint pure strategies: one LP per
 * target t, "make t a best response and maximise the defender's utility there", and
 * the best of the feasible LPs is the SSE. Exponential in the number of teams, so only
 * for tiny games; it is the oracle ORIGAMI and ERASER are tested against, and it does
 * not assume anything about how marginals map to schedules: each joint pure strategy
 * is a set of at most `teams` schedules per pool that share no target (Truce's patrol
 * rule: two teams of a sector never work the same segment or site in one shift), and a
 * target is covered if one of them includes it.
 */

import { ModelBuilder, solveBuilt, type Term } from "../solver/builder.js";
import { evaluateCoverage, payoffScale, type SecurityGame } from "./game.js";
import type { SolveResult } from "./origami.js";

/** Sets of at most m pairwise disjoint schedules (each a sorted list of schedule indices). */
function disjointChoices(schedules: number[][], m: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const used = new Set<number>();
  const rec = (from: number) => {
    out.push([...cur]);
    if (cur.length === m) return;
    for (let j = from; j < schedules.length; j++) {
      if (schedules[j].some((t) => used.has(t))) continue;
      cur.push(j);
      for (const t of schedules[j]) used.add(t);
      rec(j + 1);
      for (const t of schedules[j]) used.delete(t);
      cur.pop();
    }
  };
  rec(0);
  return out;
}

interface OracleOptions {
  /** Refuse games with more joint pure strategies than this (default 20,000). */
  maxPureStrategies?: number;
  timeLimitS?: number;
  feasibilityTol?: number;
}

export async function solveMultipleLps(g: SecurityGame, opts: OracleOptions = {}): Promise<SolveResult> {
  const t0 = performance.now();
  const n = g.targets.length;
  const limit = opts.maxPureStrategies ?? 20_000;
  // Each pool: the sets of targets its teams can cover together (schedule index k = idle).
  let joint: Uint8Array[] = [new Uint8Array(n)];
  for (const pool of g.pools) {
    const options = disjointChoices(pool.schedules, pool.teams);
    const next: Uint8Array[] = [];
    if (joint.length * options.length > limit) throw new Error(`oracle: more than ${limit} joint pure strategies`);
    for (const base of joint) {
      for (const choice of options) {
        const cov = base.slice();
        for (const s of choice) for (const t of pool.schedules[s]) cov[t] = 1;
        next.push(cov);
      }
    }
    joint = next;
  }
  // Deduplicate identical coverage sets.
  const seen = new Map<string, Uint8Array>();
  for (const j of joint) seen.set(j.join(""), j);
  const pure = [...seen.values()];

  let best: { value: number; coverage: Float64Array } | undefined;
  for (let t = 0; t < n; t++) {
    const w = new ModelBuilder();
    w.objective("maximize", [[g.defenderCovered[t] - g.defenderUncovered[t], `c${t}`]]);
    w.row(
      pure.map((_, j): Term => [1, `p${j}`]),
      "=",
      1,
    );
    for (let i = 0; i < n; i++) {
      const terms: Term[] = [[1, `c${i}`]];
      pure.forEach((cov, j) => {
        if (cov[i]) terms.push([-1, `p${j}`]);
      });
      w.row(terms, "=", 0);
    }
    // Ua(t) ≥ Ua(i):  au_t + (ac_t − au_t) c_t − au_i − (ac_i − au_i) c_i ≥ 0
    for (let i = 0; i < n; i++) {
      if (i === t) continue;
      w.row(
        [
          [g.attackerCovered[t] - g.attackerUncovered[t], `c${t}`],
          [-(g.attackerCovered[i] - g.attackerUncovered[i]), `c${i}`],
        ],
        ">=",
        g.attackerUncovered[i] - g.attackerUncovered[t],
      );
    }
    const res = await solveBuilt(w, { timeLimitS: opts.timeLimitS ?? 30, feasibilityTol: opts.feasibilityTol });
    if (res.status !== "optimal") continue;
    const value = g.defenderUncovered[t] + res.objective;
    if (!best || value > best.value) {
      const coverage = Float64Array.from({ length: n }, (_, i) => res.value(`c${i}`));
      best = { value, coverage };
    }
  }
  if (!best) throw new Error("oracle: no target can be made a best response (no LP feasible)");
  const outcome = evaluateCoverage(g, best.coverage, 1e-6 * payoffScale(g));
  return {
    ...outcome,
    defenderUtility: best.value,
    solver: "multiple-lps",
    coverage: best.coverage,
    schedules: [],
    timeMs: performance.now() - t0,
  };
}
