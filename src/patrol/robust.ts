/**
 * Doubt about the attacker's payoffs. The table's attacker payoffs are estimates; here each is
 * known only to within ± `uncertainty` payoff units (an interval). Against such an attacker the
 * force can count only on its worst case: any target whose attacker utility could, for some
 * payoffs in the intervals, be the best is a target the attacker may hit.
 */
import { attackerUtility, defenderUtility, type SecurityGame } from "./game.js";

export interface RobustValue {
  /** The force's utility if the attacker hits the worst of the targets it might prefer. */
  defenderWorstCase: number;
  /** That target. */
  target: string;
  /** How many targets the attacker might prefer under the intervals. */
  candidates: number;
}

/**
 * The defender's worst case over interval attacker payoffs (± uncertainty on both attacker payoffs
 * of every target). Target t can be the attacker's best iff its highest possible utility, U_t + u,
 * reaches the highest lowest utility of any target, max_j U_j − u: i.e. U_t ≥ max_j U_j − 2u.
 * @example robustWorstCase(plan.game, plan.coverage, 1).defenderWorstCase
 */
export function robustWorstCase(g: SecurityGame, coverage: ArrayLike<number>, uncertainty: number): RobustValue {
  const n = g.targets.length;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) best = Math.max(best, attackerUtility(g, i, coverage[i]));
  let worst = Number.POSITIVE_INFINITY;
  let target = -1;
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    if (attackerUtility(g, i, coverage[i]) < best - 2 * uncertainty - 1e-12) continue;
    candidates++;
    const d = defenderUtility(g, i, coverage[i]);
    if (d < worst) {
      worst = d;
      target = i;
    }
  }
  return { defenderWorstCase: worst, target: target >= 0 ? g.targets[target] : "", candidates };
}
