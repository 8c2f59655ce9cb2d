/**
 * Default payoffs per site type, on a −10…+10 scale in the style of ARMOR and IRIS
 * (Pita et al. 2008; Tsai et al. 2009): what the force (defender) and a spoiler
 * (attacker: rioters, an armed group, a side testing the ceasefire) gain or lose when
 * the target is hit while a patrol is there (covered) or not (uncovered).
 *
 * These are judgements, not measurements, and every scenario can override them
 * (`patrol.payoffs.<type>` for a type, `sites[i].payoff` for one site). The ordering is
 * grounded in the record: in March 2004 rioters in Kosovo burned ~550 homes and 27
 * Orthodox churches and monasteries, the targets the force did not guard; so religious
 * sites and minority villages rank highest for both sides, then crossing points (the
 * 2011 and 2023 clashes in northern Kosovo were at crossings and town halls), then
 * infrastructure, then an ordinary stretch of the line. A foiled attack costs the
 * attacker little (a crowd dispersed, a few arrests: −1; −2 at a crossing point, where
 * the force is strongest and attribution easiest); what it gains differs a lot.
 */
import type { PayoffRow } from "./game.js";

export const SITE_TYPES = ["monastery", "church", "monument", "village", "town", "crossing", "infrastructure"] as const;
export type SiteType = (typeof SITE_TYPES)[number];
/** Site types plus `segment`, a stretch of the zone along the line. */
export const TARGET_TYPES = [...SITE_TYPES, "segment"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const DEFAULT_PAYOFFS: Readonly<Record<TargetType, Readonly<PayoffRow>>> = {
  monastery: { defenderCovered: 1, defenderUncovered: -10, attackerCovered: -1, attackerUncovered: 9 },
  church: { defenderCovered: 1, defenderUncovered: -8, attackerCovered: -1, attackerUncovered: 7 },
  monument: { defenderCovered: 1, defenderUncovered: -7, attackerCovered: -1, attackerUncovered: 6 },
  village: { defenderCovered: 1, defenderUncovered: -9, attackerCovered: -1, attackerUncovered: 6 },
  town: { defenderCovered: 1, defenderUncovered: -7, attackerCovered: -1, attackerUncovered: 5 },
  crossing: { defenderCovered: 2, defenderUncovered: -6, attackerCovered: -2, attackerUncovered: 6 },
  infrastructure: { defenderCovered: 1, defenderUncovered: -7, attackerCovered: -1, attackerUncovered: 5 },
  segment: { defenderCovered: 1, defenderUncovered: -4, attackerCovered: -1, attackerUncovered: 3 },
};

/** A type's payoffs with the scenario's overrides applied (type first, then the site's own). */
export function payoffFor(
  type: TargetType,
  typeOverrides: Partial<Record<TargetType, Partial<PayoffRow>>> | undefined,
  own?: Partial<PayoffRow>,
): PayoffRow {
  return { ...DEFAULT_PAYOFFS[type], ...(typeOverrides?.[type] ?? {}), ...(own ?? {}) };
}
