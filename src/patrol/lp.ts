/**
 * The singleton game as one plain HiGHS LP: minimise the attacker's best expected
 * utility k subject to k ≥ Ua(i, c_i) for every target and the teams in each pool.
 * For a zero-sum game this LP is the whole equilibrium; for a general-sum game its
 * optimal k is the water line from which the SSE follows (see origami.ts). It is the
 * anchor ORIGAMI is benchmarked and tested against.
 */
import { evaluateCoverage, isSingletonGame, payoffScale, type SecurityGame } from "./game.js";
import { LpWriter, solveLpText } from "./highs.js";
import type { SolveResult } from "./origami.js";

export interface LpSolveOptions {
  timeLimitS?: number;
}

export async function solveMinimaxLp(g: SecurityGame, opts: LpSolveOptions = {}): Promise<SolveResult> {
  const t0 = performance.now();
  if (!isSingletonGame(g)) throw new Error("solveMinimaxLp: singleton schedules only");
  const n = g.targets.length;
  const au = g.attackerUncovered;
  const ac = g.attackerCovered;
  const coverable = new Uint8Array(n);
  const w = new LpWriter();
  w.objective("Minimize", [[1, "k"]]);
  for (let i = 0; i < n; i++)
    w.row(
      `r${i}`,
      [
        [1, "k"],
        [au[i] - ac[i], `c${i}`],
      ],
      ">=",
      au[i],
    );
  g.pools.forEach((pool, p) => {
    const terms: Array<[number, string]> = pool.schedules.map((s) => [1, `c${s[0]}`]);
    for (const s of pool.schedules) coverable[s[0]] = 1;
    if (terms.length > 0) w.row(`m${p}`, terms, "<=", pool.teams);
  });
  w.bound("k free");
  for (let i = 0; i < n; i++) w.bound(`0 <= c${i} <= ${coverable[i] ? 1 : 0}`);
  const res = await solveLpText(w.text(), { timeLimitS: opts.timeLimitS ?? 60 });
  if (res.Status !== "Optimal") throw new Error(`HiGHS LP ended with status ${res.Status}`);
  const level = res.Columns.k.Primal;
  // The SSE coverage at this water line (the LP may park spare coverage anywhere).
  const coverage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (coverable[i] && au[i] > level) coverage[i] = Math.min(1, (au[i] - level) / (au[i] - ac[i]));
  }
  const schedules = g.pools.map((pool) => Float64Array.from(pool.schedules, (s) => coverage[s[0]]));
  const outcome = evaluateCoverage(g, coverage, 1e-7 * payoffScale(g));
  return { ...outcome, solver: "lp", coverage, schedules, timeMs: performance.now() - t0 };
}
