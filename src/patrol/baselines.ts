/**
 * The two naive plans the game plan is compared with, both implementable by the same
 * comb sampling (they are given as expected teams per schedule):
 * - uniform: each pool's teams spread evenly over its schedules;
 * - proportional: each pool's teams spread in proportion to what its schedules protect,
 *   the sum of the defender's stake (defenderCovered − defenderUncovered) of their targets.
 * Where a target would be covered more than once in expectation, the pool's plan is
 * scaled down (single-target pools are water-filled instead: capped at 1, the rest
 * shared out again).
 */
import { coverageFromSchedules, evaluateCoverage, type GameOutcome, payoffScale, type SecurityGame } from "./game.js";

export interface BaselinePlan extends GameOutcome {
  name: "uniform" | "proportional";
  coverage: Float64Array;
  schedules: Float64Array[];
}

/** Spread `teams` over schedules in proportion to `weight`, keeping every target's coverage ≤ 1. */
function spread(schedules: number[][], weight: Float64Array, teams: number, n: number): Float64Array {
  const k = schedules.length;
  const x = new Float64Array(k);
  if (k === 0 || teams === 0) return x;
  const singleton = schedules.every((s) => s.length === 1) && new Set(schedules.map((s) => s[0])).size === k;
  if (singleton) {
    // Water-filling: cap at 1, share what is left among the rest.
    const capped = new Uint8Array(k);
    let left = teams;
    for (let round = 0; round < k && left > 1e-12; round++) {
      let wsum = 0;
      for (let j = 0; j < k; j++) if (!capped[j]) wsum += weight[j];
      if (wsum <= 0) break;
      let over = false;
      for (let j = 0; j < k; j++) {
        if (capped[j]) continue;
        x[j] = (left * weight[j]) / wsum;
        if (x[j] >= 1) over = true;
      }
      if (!over) break;
      left = teams;
      for (let j = 0; j < k; j++) {
        if (x[j] >= 1 || capped[j]) {
          capped[j] = 1;
          x[j] = 1;
          left -= 1;
        }
      }
      if (left <= 0) break;
    }
    return x;
  }
  let wsum = 0;
  for (let j = 0; j < k; j++) wsum += weight[j];
  if (wsum <= 0) return x;
  for (let j = 0; j < k; j++) x[j] = (teams * weight[j]) / wsum;
  const c = new Float64Array(n);
  schedules.forEach((s, j) => {
    for (const t of s) c[t] += x[j];
  });
  let peak = 0;
  for (const v of c) peak = Math.max(peak, v);
  if (peak > 1) for (let j = 0; j < k; j++) x[j] /= peak;
  return x;
}

function finish(g: SecurityGame, name: BaselinePlan["name"], x: Float64Array[]): BaselinePlan {
  const coverage = coverageFromSchedules(g, x);
  for (let i = 0; i < coverage.length; i++) coverage[i] = Math.min(1, coverage[i]);
  return { name, coverage, schedules: x, ...evaluateCoverage(g, coverage, 1e-9 * payoffScale(g)) };
}

export function uniformPlan(g: SecurityGame): BaselinePlan {
  const n = g.targets.length;
  const x = g.pools.map((pool) =>
    spread(pool.schedules, new Float64Array(pool.schedules.length).fill(1), pool.teams, n),
  );
  return finish(g, "uniform", x);
}

export function proportionalPlan(g: SecurityGame): BaselinePlan {
  const n = g.targets.length;
  const x = g.pools.map((pool) => {
    const w = Float64Array.from(pool.schedules, (s) =>
      s.reduce((sum, t) => sum + (g.defenderCovered[t] - g.defenderUncovered[t]), 0),
    );
    return spread(pool.schedules, w, pool.teams, n);
  });
  return finish(g, "proportional", x);
}
