/**
 * Daily schedules by comb sampling (systematic sampling; Tsai et al., IRIS, 2009):
 * lay a pool's schedules end to end, each as long as its expected number of teams x_s,
 * and drop a comb of `teams` teeth spaced 1 apart at a uniform random offset. Tooth j
 * picks the schedule it lands on (or the reserve, past the end). Because x_s ≤ 1, a
 * schedule is picked with probability exactly x_s; and when the schedules through any
 * target sit next to each other in the order with total weight c_i ≤ 1 (equal-length
 * runs ordered along the line, single sites), the target is covered with probability
 * exactly c_i and never by two teams at once.
 */

import { stream } from "../util/random.js";
import type { SecurityGame } from "./game.js";

export interface Assignment {
  /** Day number from 1. */
  day: number;
  /** Shift number from 1. */
  shift: number;
  /** Pool (sector) index in game.pools. */
  pool: number;
  /** Team number within the pool from 1 (labels are shuffled each shift). */
  team: number;
  /** Schedule index in game.pools[pool].schedules, or −1 for a team held in reserve. */
  schedule: number;
}

interface SampleOptions {
  days: number;
  shiftsPerDay: number;
  seed: number;
}

/** Sample concrete team assignments for every day and shift. */
export function sampleSchedules(g: SecurityGame, x: Float64Array[], opts: SampleOptions): Assignment[] {
  const out: Assignment[] = [];
  const cums = g.pools.map((pool, p) => {
    const cum = new Float64Array(pool.schedules.length + 1);
    for (let k = 0; k < pool.schedules.length; k++) cum[k + 1] = cum[k] + Math.min(1, Math.max(0, x[p][k]));
    return cum;
  });
  for (let day = 1; day <= opts.days; day++) {
    for (let shift = 1; shift <= opts.shiftsPerDay; shift++) {
      g.pools.forEach((pool, p) => {
        if (pool.teams === 0) return;
        const random = stream(opts.seed, day, shift, p);
        const rng = () => random.next();
        const picks = combSample(cums[p], pool.teams, rng());
        // Shuffle team labels so a team's number says nothing about where it goes.
        const labels = Array.from({ length: pool.teams }, (_, j) => j + 1);
        for (let j = labels.length - 1; j > 0; j--) {
          const r = Math.floor(rng() * (j + 1));
          [labels[j], labels[r]] = [labels[r], labels[j]];
        }
        picks.forEach((schedule, j) => {
          out.push({ day, shift, pool: p, team: labels[j], schedule });
        });
      });
    }
  }
  out.sort((a, b) => a.day - b.day || a.shift - b.shift || a.pool - b.pool || a.team - b.team);
  return out;
}

/**
 * One comb draw: cumulative weights `cum` (cum[0] = 0, non-decreasing), `teams` teeth at
 * offset u ∈ [0, 1). Returns a schedule index per tooth, −1 past the end (reserve).
 */
export function combSample(cum: Float64Array, teams: number, u: number): number[] {
  const picks: number[] = [];
  const total = cum[cum.length - 1];
  let k = 0;
  for (let j = 0; j < teams; j++) {
    const point = u + j;
    if (point >= total) {
      picks.push(-1);
      continue;
    }
    while (k + 1 < cum.length - 1 && cum[k + 1] <= point) k++;
    picks.push(k);
  }
  return picks;
}
