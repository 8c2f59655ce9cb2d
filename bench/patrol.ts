/**
 * Patrol-game benchmark (issue 6). Seeded games, a warm-up, min and mean ± sd.
 *
 * 1. ORIGAMI (sort-and-fill, TypeScript) against the anchor, the same game as one plain
 *    HiGHS LP, on zero-sum singleton games of 1,000 and 10,000 targets; the two
 *    defender utilities must agree (printed). Issue's anchor: the LP took ~90 ms for
 *    1,000 targets and ~1.5 s for 10,000; the aim is ORIGAMI ≥ 10× faster.
 * 2. The ERASER MILP on route games of 200 and 500 targets (issue's anchor: ~1 s for
 *    100 targets, ~3 s for 500).
 *
 * Run: npx tsx bench/patrol.ts [origami|eraser]
 */

import { solveEraser } from "../src/patrol/eraser.js";
import { makeGame, type PayoffRow, type Pool } from "../src/patrol/game.js";
import { solveMinimaxLp } from "../src/patrol/lp.js";
import { solveOrigami } from "../src/patrol/origami.js";
import { mulberry32 } from "../test/support/mulberry32.js";

type Dist = "uniform" | "identical" | "heavy-tail";

function zeroSumPayoffs(n: number, dist: Dist, seed: number): PayoffRow[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const value = dist === "identical" ? 5 : dist === "uniform" ? 1 + 9 * r() : 1 / (0.05 + r()) ** 1.5;
    const penalty = dist === "identical" ? 2 : 10 * r();
    return { attackerUncovered: value, attackerCovered: -penalty, defenderUncovered: -value, defenderCovered: penalty };
  });
}

function stats(xs: number[]): { min: number; median: number; mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  const sorted = [...xs].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], mean, sd };
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1));

async function benchOrigami(n: number, dist: Dist): Promise<void> {
  const payoffs = zeroSumPayoffs(n, dist, 1000 + n);
  const teams = Math.round(n / 10);
  const pools: Pool[] = [{ id: "all", teams, schedules: Array.from({ length: n }, (_, i) => [i]) }];
  const g = makeGame(
    payoffs.map((_, i) => `t${i}`),
    payoffs,
    pools,
  );
  // Warm-up.
  solveOrigami(g);
  await solveMinimaxLp(g, { timeLimitS: 120 });
  const oTimes: number[] = [];
  let o = solveOrigami(g);
  for (let k = 0; k < 30; k++) {
    const t0 = performance.now();
    o = solveOrigami(g);
    oTimes.push(performance.now() - t0);
  }
  const lTimes: number[] = [];
  let lp = await solveMinimaxLp(g, { timeLimitS: 120 });
  for (let k = 0; k < (n >= 10_000 ? 2 : 5); k++) {
    const t0 = performance.now();
    lp = await solveMinimaxLp(g, { timeLimitS: 120 });
    lTimes.push(performance.now() - t0);
  }
  const so = stats(oTimes);
  const sl = stats(lTimes);
  const diff = Math.abs(o.defenderUtility - lp.defenderUtility);
  console.log(
    `${String(n).padStart(6)} targets ${dist.padEnd(10)} teams ${String(teams).padStart(5)} | LP ${n + 1} cols × ${n + 1} rows` +
      ` | ORIGAMI min ${fmt(so.min)} ms, median ${fmt(so.median)}, mean ${fmt(so.mean)} ± ${fmt(so.sd)} | HiGHS LP min ${fmt(sl.min)} ms, mean ${fmt(sl.mean)} ± ${fmt(sl.sd)}` +
      ` | LP/ORIGAMI ${(sl.min / so.min).toFixed(0)}× on min, ${(sl.mean / so.mean).toFixed(0)}× on mean | utility ${o.defenderUtility.toFixed(6)} vs ${lp.defenderUtility.toFixed(6)} (|Δ| ${diff.toExponential(1)})`,
  );
  if (diff > 1e-6) throw new Error(`ORIGAMI and the LP disagree by ${diff}`);
}

/** A route game: sectors of 20 segments, routes of 3 segments, 3 sites per sector, general-sum payoffs. */
function routeGame(targetsWanted: number, seed: number) {
  const r = mulberry32(seed);
  const perSector = 23;
  const sectors = Math.round(targetsWanted / perSector);
  const names: string[] = [];
  const payoffs: PayoffRow[] = [];
  const pools: Pool[] = [];
  for (let s = 0; s < sectors; s++) {
    const first = names.length;
    for (let k = 0; k < 20; k++) {
      names.push(`S${s}-${k}`);
      const v = 2 + 3 * r();
      payoffs.push({
        defenderCovered: 1,
        defenderUncovered: -v,
        attackerCovered: -1 - r(),
        attackerUncovered: v * (0.6 + 0.4 * r()),
      });
    }
    const schedules: number[][] = [];
    for (let a = 0; a + 3 <= 20; a++) schedules.push([first + a, first + a + 1, first + a + 2]);
    for (let k = 0; k < 3; k++) {
      schedules.push([names.length]);
      names.push(`S${s}-site${k}`);
      const v = 5 + 5 * r();
      payoffs.push({
        defenderCovered: 1 + r(),
        defenderUncovered: -v,
        attackerCovered: -1 - 2 * r(),
        attackerUncovered: v * (0.6 + 0.4 * r()),
      });
    }
    pools.push({ id: `S${s}`, teams: 3, schedules });
  }
  return makeGame(names, payoffs, pools);
}

async function benchEraser(n: number): Promise<void> {
  const g = routeGame(n, 77 + n);
  const schedules = g.pools.reduce((a, p) => a + p.schedules.length, 0);
  await solveEraser(routeGame(46, 5), { timeLimitS: 60 }); // warm-up
  const times: number[] = [];
  let e = await solveEraser(g, { timeLimitS: 120 });
  times.push(e.timeMs);
  for (let k = 0; k < 2; k++) {
    e = await solveEraser(g, { timeLimitS: 120 });
    times.push(e.timeMs);
  }
  const s = stats(times);
  const t = await solveEraser(g, { timeLimitS: 120, bounds: false });
  const m = g.targets.length;
  console.log(
    `${String(m).padStart(6)} targets, ${g.pools.length} sectors, ${schedules} schedules | MILP ${schedules + 2 * m + 2} cols (≤ ${m} binary) × ≤ ${2 + 4 * m + g.pools.length} rows` +
      ` | ERASER (bounded) min ${fmt(s.min)} ms, mean ${fmt(s.mean)} ± ${fmt(s.sd)} ms, ${e.status}, utility ${e.objective.toFixed(6)}` +
      ` | textbook big-M ${fmt(t.timeMs)} ms, ${t.status}, utility ${t.objective.toFixed(6)} | ${(t.timeMs / s.mean).toFixed(1)}×`,
  );
}

const only = process.argv[2];
if (only !== "eraser") {
  console.log(
    "ORIGAMI vs the same game as one plain HiGHS LP (anchor: LP ~90 ms at 1,000 and ~1.5 s at 10,000 targets; aim ≥ 10×)",
  );
  for (const n of [1000, 10_000]) {
    for (const dist of ["uniform", "heavy-tail", "identical"] as const) await benchOrigami(n, dist);
  }
}
if (only !== "origami")
  console.log("\nERASER MILP on HiGHS, routes of 3 segments + single sites (anchor: ~1 s at 100 targets, ~3 s at 500)");
if (only !== "origami") for (const n of [100, 200, 500]) await benchEraser(n);
