/**
 * The quick-reaction force of the task method: how many bases along the line, and how
 * many teams at each, so that a share `serviceLevel` of incidents is reached within the
 * response target, with the fewest teams.
 *
 * Model. The line of length L is cut into B equal sectors with a base in the middle of
 * each. Incidents fall uniformly along the line; one at distance x from its base needs
 * travel τ(x) = x·roadFactor/speed. Each base is an M/M/c queue (Erlang-C) of its
 * sector's incidents. An incident is late when τ(x) > T, or when its wait for a free
 * team exceeds T − τ(x). Travel and wait share the one target: the wait budget is not
 * fixed at half of it, and B is chosen, not set to the fewest bases that cover the line.
 *
 * Because the late share falls with more teams, more speed, a lower road factor and a
 * longer target for every (B, c), the least B·c over all B is monotone in each of them
 * (methods.test.ts checks it with fast-check).
 */
import { erlangC } from "./erlang.js";

export interface QrfInput {
  /** Length of the line, km. */
  lengthKm: number;
  /** Incidents a day along the whole line needing a team. */
  incidentsPerDay: number;
  /** Hours a team is busy per incident. */
  serviceTimeH: number;
  /** Time within which a team must reach an incident, minutes. */
  responseTimeTargetMin: number;
  /** Road speed of a team, km/h. */
  qrfSpeedKmh: number;
  /** Road km per straight-line km. */
  roadFactor: number;
  /** Share of incidents that must be reached within the target. */
  serviceLevel: number;
}

export interface QrfPlan {
  bases: number;
  teamsPerBase: number;
  /** bases × teamsPerBase */
  teams: number;
  /** Share of incidents reached later than the target with this plan (≤ 1 − serviceLevel). */
  lateShare: number;
  /** Share of time a team is busy. */
  utilisation: number;
}

/**
 * Share of a base's incidents reached later than the target.
 *
 * With h the half-sector length, k = roadFactor/speed (h per km), r = min(h, T/k),
 * θ = cμ − λ and C the Erlang-C probability of waiting:
 * late = (h − r)/h + C·e^(−θT)·(e^(θkr) − 1)/(θkh).
 *
 * @example lateShare({ halfSectorKm: 25, hoursPerKm: 1 / 40, targetH: 1, arrivalsPerH: 0, serviceTimeH: 1, teams: 1 }) // 0
 */
export function lateShare(p: {
  halfSectorKm: number;
  hoursPerKm: number;
  targetH: number;
  arrivalsPerH: number;
  serviceTimeH: number;
  teams: number;
}): number {
  const { halfSectorKm: h, hoursPerKm: k, targetH: T } = p;
  const a = p.arrivalsPerH * p.serviceTimeH;
  if (a >= p.teams) return 1;
  if (!(h > 0)) return erlangC(p.teams, a) * Math.exp(-(p.teams / p.serviceTimeH - p.arrivalsPerH) * T);
  const r = Math.min(h, T / k);
  const travelLate = (h - r) / h;
  const c = erlangC(p.teams, a);
  if (c === 0) return travelLate;
  const theta = p.teams / p.serviceTimeH - p.arrivalsPerH;
  const x = theta * k;
  // ∫_0^r C·e^(−θ(T − kx)) dx / h; the series limit when θk·r is tiny.
  const integral = x * r < 1e-9 ? r * (1 + (x * r) / 2) : Math.expm1(x * r) / x;
  return travelLate + (c * Math.exp(-theta * T) * integral) / h;
}

/** Most bases searched; far beyond any line Truce sizes (a base per 10 m of a 2,000 km line). */
const MAX_BASES = 200_000;

/**
 * The QRF plan with the fewest teams that reaches `serviceLevel` of incidents within the target.
 *
 * @example qrfPlan({ lengthKm: 100, incidentsPerDay: 2.4, serviceTimeH: 3, responseTimeTargetMin: 120,
 *   qrfSpeedKmh: 40, roadFactor: 1.25, serviceLevel: 0.9 }).teams // 2
 */
export function qrfPlan(p: QrfInput): QrfPlan {
  const T = p.responseTimeTargetMin / 60;
  const k = p.roadFactor / p.qrfSpeedKmh;
  const allowed = 1 - p.serviceLevel + 1e-12;
  const lambda = p.incidentsPerDay / 24;
  let best: QrfPlan | undefined;
  for (let B = 1; B <= MAX_BASES; B++) {
    // Every base holds at least one team, so B bases cost at least B teams.
    if (best && B >= best.teams) break;
    const h = p.lengthKm / (2 * B);
    const travelLate = h > 0 ? Math.max(0, h - T / k) / h : 0;
    if (travelLate > allowed) continue;
    const arrivalsPerH = lambda / B;
    const late = (c: number) =>
      lateShare({ halfSectorKm: h, hoursPerKm: k, targetH: T, arrivalsPerH, serviceTimeH: p.serviceTimeH, teams: c });
    const limit = best ? Math.floor((best.teams - 1) / B) : Number.POSITIVE_INFINITY;
    let lo = Math.max(1, Math.floor(arrivalsPerH * p.serviceTimeH) + 1);
    if (lo > limit) continue;
    // Find a feasible c by doubling the step (capped where it could no longer beat the best),
    // then the least one by bisection: the late share falls with c.
    let hi = lo;
    let step = 1;
    while (late(hi) > allowed) {
      lo = hi + 1;
      if (lo > limit) break;
      hi = Math.min(hi + step, limit);
      step *= 2;
    }
    if (lo > limit) continue;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (late(mid) <= allowed) hi = mid;
      else lo = mid + 1;
    }
    const teams = B * hi;
    if (!best || teams < best.teams) {
      best = {
        bases: B,
        teamsPerBase: hi,
        teams,
        lateShare: late(hi),
        utilisation: (arrivalsPerH * p.serviceTimeH) / hi,
      };
    }
  }
  if (!best) {
    throw new RangeError(
      `qrfPlan: no plan with up to ${MAX_BASES} bases reaches ${p.serviceLevel} of incidents in ${p.responseTimeTargetMin} min; got ${JSON.stringify(p)}`,
    );
  }
  return best;
}
