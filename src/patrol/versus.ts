/**
 * The game-theoretic plan against the naive plans on the same attacks, with attackers
 * who adapt: each shift they watch where the teams actually went, estimate every
 * target's coverage from what they have seen (fictitious play, a Beta(1, 1) prior), and
 * hit the target that looks best to them, the weakest covered for what it is worth.
 * Patrols are the sampled daily schedules, not the marginals: an attack fails only if
 * a team really is at the target that shift.
 *
 * All plans face the same attack times and the same attacker random numbers (common
 * random numbers), so the difference between them is the plan's doing.
 *
 * `simCoverageBySector` turns a plan into the per-sector input the operations simulator
 * takes (`coverageBySector` in src/sim): in each sector, the coverage of the target an
 * informed attacker would hit there.
 */

import { stream } from "../util/random.js";
import type { SecurityGame } from "./game.js";
import { attackerUtility } from "./game.js";
import type { PatrolPlan } from "./plan.js";
import { sampleSchedules } from "./sample.js";

export interface AttackOptions {
  /** Days simulated (default 365). */
  days?: number;
  /** Mean attacks per day, Poisson (default 1). */
  attacksPerDay?: number;
  /** Seed for attack times, attacker choices and the schedules (default 1). */
  seed?: number;
  /** adaptive: learns coverage from observed shifts; informed: knows the plan's marginals (the Stackelberg attacker). */
  attacker?: "adaptive" | "informed";
  /**
   * Doubt about the attacker's payoffs, payoff units: each attack draws its own attacker payoffs
   * uniformly within ± this of the table (a population of attacker types), so the check does not
   * hand the attacker the solver's own table. Default 0 (the table as it is).
   */
  payoffUncertainty?: number;
}

export interface AttackOutcome {
  attacks: number;
  /** Attacks on a target no team covered that shift. */
  successes: number;
  successRate: number;
  /** Mean realised payoffs per attack. */
  meanDefenderPayoff: number;
  meanAttackerPayoff: number;
  /** Successful attacks by target type. */
  successesByType: Record<string, number>;
  /** Attacks per target id (only targets attacked at least once). */
  attacksByTarget: Record<string, number>;
  /** Expected attacks no team intercepts, per 30-day month (successes ÷ days × 30). */
  unprotectedPerMonth: number;
}

/** Play `days` of attacks against a plan given as expected teams per schedule. */
export function playAgainstAttackers(
  g: SecurityGame,
  types: readonly string[],
  schedules: Float64Array[],
  coverage: ArrayLike<number>,
  shiftsPerDay: number,
  opts: AttackOptions = {},
): AttackOutcome {
  const days = opts.days ?? 365;
  const lambda = opts.attacksPerDay ?? 1;
  const seed = opts.seed ?? 1;
  const adaptive = (opts.attacker ?? "adaptive") === "adaptive";
  const n = g.targets.length;
  const assignments = sampleSchedules(g, schedules, { days, shiftsPerDay, seed });
  // Covered flags per shift.
  const shifts = days * shiftsPerDay;
  const covered = new Uint8Array(shifts * n);
  for (const a of assignments) {
    if (a.schedule < 0) continue;
    const base = ((a.day - 1) * shiftsPerDay + (a.shift - 1)) * n;
    for (const t of g.pools[a.pool].schedules[a.schedule]) covered[base + t] = 1;
  }
  const seen = new Float64Array(n);
  const est = new Float64Array(n);
  // Separate streams: attack times are identical across plans whatever the attacker does.
  const timeStream = stream(seed, 0x5eed);
  const choiceStream = stream(seed, 0x71e5);
  const times = () => timeStream.next();
  const rng = () => choiceStream.next();
  // Attacker payoffs per attack, from their own stream: the same draws whichever plan is tested.
  const doubt = opts.payoffUncertainty ?? 0;
  const payoffStream = stream(seed, 0x9a0ff);
  const aCov = new Float64Array(n);
  const aUnc = new Float64Array(n);
  let attacks = 0;
  let successes = 0;
  let dSum = 0;
  let aSum = 0;
  const successesByType: Record<string, number> = {};
  const attacksByTarget: Record<string, number> = {};
  for (let s = 0; s < shifts; s++) {
    // Attacks this shift: Poisson(λ / shifts per day), by inversion.
    const mean = lambda / shiftsPerDay;
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = times();
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) est[i] = adaptive ? (seen[i] + 1) / (s + 2) : coverage[i];
      for (let i = 0; i < n; i++) {
        aCov[i] = g.attackerCovered[i] + (doubt > 0 ? doubt * (2 * payoffStream.next() - 1) : 0);
        aUnc[i] = g.attackerUncovered[i] + (doubt > 0 ? doubt * (2 * payoffStream.next() - 1) : 0);
      }
      // The attacker's best target under its estimate; ties broken at random (reservoir).
      let best = -1;
      let bestU = Number.NEGATIVE_INFINITY;
      let ties = 0;
      for (let i = 0; i < n; i++) {
        const ui = est[i] * aCov[i] + (1 - est[i]) * aUnc[i];
        if (ui > bestU + 1e-12) {
          bestU = ui;
          best = i;
          ties = 1;
        } else if (Math.abs(ui - bestU) <= 1e-12) {
          ties++;
          if (rng() * ties < 1) best = i;
        }
      }
      const hit = covered[s * n + best] === 1;
      attacks++;
      attacksByTarget[g.targets[best]] = (attacksByTarget[g.targets[best]] ?? 0) + 1;
      if (hit) {
        dSum += g.defenderCovered[best];
        aSum += aCov[best];
      } else {
        successes++;
        successesByType[types[best]] = (successesByType[types[best]] ?? 0) + 1;
        dSum += g.defenderUncovered[best];
        aSum += aUnc[best];
      }
    }
    for (let i = 0; i < n; i++) seen[i] += covered[s * n + i];
  }
  return {
    attacks,
    successes,
    successRate: attacks > 0 ? successes / attacks : 0,
    meanDefenderPayoff: attacks > 0 ? dSum / attacks : 0,
    meanAttackerPayoff: attacks > 0 ? aSum / attacks : 0,
    successesByType,
    attacksByTarget,
    unprotectedPerMonth: days > 0 ? (successes / days) * 30 : 0,
  };
}

/** The plan, the uniform plan and the proportional plan against the same attackers. */
export function compareAgainstAttackers(
  plan: PatrolPlan,
  opts: AttackOptions = {},
): { game: AttackOutcome; uniform: AttackOutcome; proportional: AttackOutcome } {
  const types = plan.targets.map((t) => t.type);
  const run = (x: Float64Array[], c: ArrayLike<number>) =>
    playAgainstAttackers(plan.game, types, x, c, plan.shiftsPerDay, opts);
  return {
    game: run(plan.schedules, plan.coverage),
    uniform: run(plan.baselines.uniform.schedules, plan.baselines.uniform.coverage),
    proportional: run(plan.baselines.proportional.schedules, plan.baselines.proportional.coverage),
  };
}

/**
 * Per-sector input for the operations simulator (`coverageBySector` in src/sim): in each
 * sector, the coverage of the target an informed attacker would pick there (its best
 * target in that sector), i.e. the chance an incident there happens under a patrol's eyes.
 */
export function simCoverageBySector(
  plan: PatrolPlan,
  coverage: ArrayLike<number> = plan.coverage,
): Record<string, number> {
  const out: Record<string, number> = {};
  const bestU: Record<string, number> = {};
  plan.targets.forEach((t, i) => {
    const u = attackerUtility(plan.game, i, coverage[i]);
    if (bestU[t.sectorId] === undefined || u > bestU[t.sectorId]) {
      bestU[t.sectorId] = u;
      out[t.sectorId] = Math.min(1, Math.max(0, coverage[i]));
    }
  });
  for (const s of plan.sectors) if (out[s.sectorId] === undefined) out[s.sectorId] = 0;
  return out;
}
