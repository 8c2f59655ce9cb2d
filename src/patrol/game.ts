/**
 * A security game in plain, flat data: targets with four payoffs each, and pools of
 * identical patrol teams, each pool with the schedules its teams may run.
 *
 * Conventions (Kiekintveld et al., "Computing optimal randomized resource allocations
 * for massive security games", AAMAS 2009):
 * - a target is *covered* when at least one team's schedule includes it;
 * - covering must help the defender and hurt the attacker:
 *   defenderCovered > defenderUncovered and attackerUncovered > attackerCovered;
 * - the attacker observes the coverage (marginal probabilities) and attacks one target,
 *   the one with the highest expected utility; ties go to the defender (strong
 *   Stackelberg equilibrium, SSE).
 */
import { TruceInputError } from "../errors/index.js";

/** A set of identical teams sharing one list of schedules (for Truce: one sector's teams in one shift). */
export interface Pool {
  id: string;
  /** Number of teams in the pool. */
  teams: number;
  /** Each schedule is the list of target indices one team covers in one shift. */
  schedules: number[][];
  /** Optional schedule ids (same order as `schedules`). */
  scheduleIds?: string[];
}

export interface SecurityGame {
  /** Target ids, in index order. */
  targets: string[];
  defenderCovered: Float64Array;
  defenderUncovered: Float64Array;
  attackerCovered: Float64Array;
  attackerUncovered: Float64Array;
  pools: Pool[];
}

/** What the attacker does against a coverage, and what it costs the defender. */
export interface GameOutcome {
  /** The attacker's best target (ties broken in the defender's favour, the SSE convention). */
  target: number;
  attackerUtility: number;
  /** Defender's expected utility when the attacker hits `target`. */
  defenderUtility: number;
  /** Target among the attacker's best responses that is worst for the defender. */
  worstCaseTarget: number;
  /** Defender's utility if the attacker breaks ties against the defender. */
  defenderWorstCase: number;
  /** Indices of all targets the attacker is indifferent between (its best responses). */
  attackSet: number[];
}

export interface PayoffRow {
  defenderCovered: number;
  defenderUncovered: number;
  attackerCovered: number;
  attackerUncovered: number;
}

/** Build a game from per-target payoff rows. Checks the payoffs (see `checkGame`). */
export function makeGame(targets: string[], payoffs: PayoffRow[], pools: Pool[]): SecurityGame {
  const n = targets.length;
  const g: SecurityGame = {
    targets,
    defenderCovered: Float64Array.from(payoffs, (p) => p.defenderCovered),
    defenderUncovered: Float64Array.from(payoffs, (p) => p.defenderUncovered),
    attackerCovered: Float64Array.from(payoffs, (p) => p.attackerCovered),
    attackerUncovered: Float64Array.from(payoffs, (p) => p.attackerUncovered),
    pools,
  };
  if (payoffs.length !== n) throw new Error(`makeGame: ${n} targets but ${payoffs.length} payoff rows`);
  checkGame(g);
  return g;
}

/**
 * Validate a game: finite payoffs in the right order, schedules naming real targets,
 * and no more teams in a pool than it has disjoint schedules. Throws TruceInputError.
 * `where` maps a target index to the scenario field it came from, for the message.
 */
export function checkGame(g: SecurityGame, where: (i: number) => string = (i) => `targets[${i}]`): void {
  const n = g.targets.length;
  for (let i = 0; i < n; i++) {
    const dc = g.defenderCovered[i];
    const du = g.defenderUncovered[i];
    const ac = g.attackerCovered[i];
    const au = g.attackerUncovered[i];
    for (const [name, v] of [
      ["defenderCovered", dc],
      ["defenderUncovered", du],
      ["attackerCovered", ac],
      ["attackerUncovered", au],
    ] as const) {
      if (!Number.isFinite(v)) {
        throw new TruceInputError({ path: `${where(i)}.${name}`, problem: `payoff is ${v}, not a finite number.` });
      }
    }
    if (!(dc > du)) {
      throw new TruceInputError({
        path: `${where(i)}.defenderCovered`,
        problem: `target "${g.targets[i]}": defenderCovered (${dc}) must be greater than defenderUncovered (${du}); as given, patrolling it would be worse for the force than leaving it alone.`,
        fix: "Swap the two values, or raise defenderCovered.",
      });
    }
    if (!(au > ac)) {
      throw new TruceInputError({
        path: `${where(i)}.attackerUncovered`,
        problem: `target "${g.targets[i]}": attackerUncovered (${au}) must be greater than attackerCovered (${ac}); as given, a patrol would make the target more attractive to attack.`,
        fix: "Swap the two values, or lower attackerCovered.",
      });
    }
  }
  for (const pool of g.pools) {
    if (!Number.isInteger(pool.teams) || pool.teams < 0) {
      throw new TruceInputError({
        path: `patrol.teams.${pool.id}`,
        problem: `teams must be a whole number ≥ 0, got ${pool.teams}.`,
      });
    }
    for (const s of pool.schedules) {
      if (s.length === 0) throw new Error(`pool ${pool.id}: empty schedule`);
      for (const t of s)
        if (!(t >= 0 && t < n && Number.isInteger(t))) throw new Error(`pool ${pool.id}: bad target ${t}`);
    }
    const disjoint = maxDisjointSchedules(pool.schedules);
    if (pool.teams > disjoint) {
      throw new TruceInputError({
        path: `patrol.teamsPerSector`,
        problem: `sector ${pool.id} has ${pool.teams} teams per shift but only ${disjoint} non-overlapping schedules (routes and sites) for them; more teams than schedules would patrol the same ground twice.`,
        fix: `Use at most ${disjoint} teams there, shorten patrol.segmentLengthKm or patrol.routeSegments, or add sites.`,
      });
    }
  }
}

/**
 * The largest number of pairwise disjoint schedules: greedy by earliest end, which is
 * exact for contiguous runs of targets (interval scheduling) and singletons, and a lower
 * bound otherwise.
 */
export function maxDisjointSchedules(schedules: number[][]): number {
  const ends = schedules.map((s) => Math.max(...s));
  const starts = schedules.map((s) => Math.min(...s));
  const order = schedules.map((_, i) => i).sort((a, b) => ends[a] - ends[b] || starts[a] - starts[b]);
  const used = new Set<number>();
  let count = 0;
  for (const i of order) {
    if (schedules[i].some((t) => used.has(t))) continue;
    for (const t of schedules[i]) used.add(t);
    count++;
  }
  return count;
}

/** True when every schedule covers one target and every target is in at most one pool. */
export function isSingletonGame(g: SecurityGame): boolean {
  const owner = new Int32Array(g.targets.length).fill(-1);
  for (let p = 0; p < g.pools.length; p++) {
    for (const s of g.pools[p].schedules) {
      if (s.length !== 1) return false;
      const t = s[0];
      if (owner[t] !== -1 && owner[t] !== p) return false;
      owner[t] = p;
    }
  }
  return true;
}

/** Largest payoff magnitude in the game (for tolerances). */
export function payoffScale(g: SecurityGame): number {
  let m = 1;
  for (const a of [g.defenderCovered, g.defenderUncovered, g.attackerCovered, g.attackerUncovered])
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function attackerUtility(g: SecurityGame, i: number, c: number): number {
  return c * g.attackerCovered[i] + (1 - c) * g.attackerUncovered[i];
}

function defenderUtility(g: SecurityGame, i: number, c: number): number {
  return c * g.defenderCovered[i] + (1 - c) * g.defenderUncovered[i];
}

/**
 * The attacker's best response to a coverage vector and the defender's resulting utility.
 * Targets within `tol` (default 1e-7 × the payoff scale) of the best attacker utility count as ties.
 */
export function evaluateCoverage(g: SecurityGame, coverage: ArrayLike<number>, tol?: number): GameOutcome {
  const n = g.targets.length;
  const eps = tol ?? 1e-7 * payoffScale(g);
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) best = Math.max(best, attackerUtility(g, i, coverage[i]));
  const attackSet: number[] = [];
  let target = -1;
  let worst = -1;
  let dBest = Number.NEGATIVE_INFINITY;
  let dWorst = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (attackerUtility(g, i, coverage[i]) < best - eps) continue;
    attackSet.push(i);
    const d = defenderUtility(g, i, coverage[i]);
    if (d > dBest) {
      dBest = d;
      target = i;
    }
    if (d < dWorst) {
      dWorst = d;
      worst = i;
    }
  }
  return {
    target,
    attackerUtility: attackerUtility(g, target, coverage[target]),
    defenderUtility: dBest,
    worstCaseTarget: worst,
    defenderWorstCase: dWorst,
    attackSet,
  };
}

/** Target coverage implied by expected teams per schedule: c_i = Σ_{s ∋ i} x_s. */
export function coverageFromSchedules(g: SecurityGame, x: Float64Array[]): Float64Array {
  const c = new Float64Array(g.targets.length);
  g.pools.forEach((pool, p) => {
    pool.schedules.forEach((s, k) => {
      for (const t of s) c[t] += x[p][k];
    });
  });
  return c;
}
