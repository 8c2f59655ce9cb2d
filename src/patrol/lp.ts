/**
 * The singleton game as one plain HiGHS LP: minimise the attacker's best expected
 * utility k subject to k ≥ Ua(i, c_i) for every target and the teams in each pool.
 * For a zero-sum game this LP is the whole equilibrium; for a general-sum game its
 * optimal k is the water line from which the SSE follows (see origami.ts). It is the
 * anchor ORIGAMI is benchmarked and tested against.
 */

import { ModelBuilder, solveBuilt, type Term } from "../solver/builder.js";
import { evaluateCoverage, isSingletonGame, payoffScale, type SecurityGame } from "./game.js";
import type { SolveResult } from "./origami.js";

interface LpSolveOptions {
  timeLimitS?: number;
}

export async function solveMinimaxLp(g: SecurityGame, opts: LpSolveOptions = {}): Promise<SolveResult> {
  const t0 = performance.now();
  if (!isSingletonGame(g)) throw new Error("solveMinimaxLp: singleton schedules only");
  const n = g.targets.length;
  const au = g.attackerUncovered;
  const ac = g.attackerCovered;
  const coverable = new Uint8Array(n);
  const w = new ModelBuilder();
  w.objective("minimize", [[1, "k"]]);
  for (let i = 0; i < n; i++)
    w.row(
      [
        [1, "k"],
        [au[i] - ac[i], `c${i}`],
      ],
      ">=",
      au[i],
    );
  for (const pool of g.pools) {
    const terms: Term[] = pool.schedules.map((s) => [1, `c${s[0]}`]);
    for (const s of pool.schedules) coverable[s[0]] = 1;
    if (terms.length > 0) w.row(terms, "<=", pool.teams);
  }
  w.free("k");
  for (let i = 0; i < n; i++) w.bounds(`c${i}`, 0, coverable[i] ? 1 : 0);
  const res = await solveBuilt(w, { timeLimitS: opts.timeLimitS ?? 60 });
  if (res.status !== "optimal") throw new Error(`HiGHS LP ended with status ${res.status}`);
  const level = res.value("k");
  // The SSE coverage at this water line (the LP may park spare coverage anywhere).
  const coverage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (coverable[i] && au[i] > level) coverage[i] = Math.min(1, (au[i] - level) / (au[i] - ac[i]));
  }
  const schedules = g.pools.map((pool) => Float64Array.from(pool.schedules, (s) => coverage[s[0]]));
  const outcome = evaluateCoverage(g, coverage, 1e-7 * payoffScale(g));
  return { ...outcome, solver: "lp", coverage, schedules, timeMs: performance.now() - t0 };
}
