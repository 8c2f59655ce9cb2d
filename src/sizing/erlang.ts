/**
 * Erlang-C: the M/M/c queue in closed form, and the quick-reaction-force sizing
 * built on it. Incidents arrive as a Poisson process (rate λ per hour); each
 * occupies one team for an exponential time (mean 1/μ hours); c teams serve them
 * first come, first served. An incident waits when all c teams are busy.
 */

/**
 * Erlang-B blocking probability B(c, a) by the stable recursion
 * B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 *
 * @param servers c ≥ 0 (integer)
 * @param offeredLoad a = λ/μ, in Erlangs (≥ 0)
 */
export function erlangB(servers: number, offeredLoad: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/**
 * Erlang-C: the probability that an arriving incident finds every team busy and waits.
 * C(c, a) = c·B / (c − a·(1 − B)), for a < c; 1 when the queue is unstable (a ≥ c).
 *
 * @example erlangC(2, 1) // 1/3
 */
export function erlangC(servers: number, offeredLoad: number): number {
  if (offeredLoad <= 0) return 0;
  if (offeredLoad >= servers) return 1;
  const b = erlangB(servers, offeredLoad);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

interface QueueInput {
  /** Arrivals per hour, λ. */
  arrivalsPerH: number;
  /** Mean service time, hours (1/μ). */
  serviceTimeH: number;
  /** Servers (teams), c. */
  servers: number;
}

/** P(W > t): the probability that an incident waits longer than `waitH` hours for a free team. C·exp(−(cμ − λ)·t). */
export function probWaitExceeds(q: QueueInput, waitH: number): number {
  const mu = 1 / q.serviceTimeH;
  const a = q.arrivalsPerH * q.serviceTimeH;
  if (a >= q.servers) return 1;
  return erlangC(q.servers, a) * Math.exp(-(q.servers * mu - q.arrivalsPerH) * waitH);
}

/** Mean wait in queue, hours: C / (cμ − λ). Infinity when unstable. */
export function meanWaitH(q: QueueInput): number {
  const mu = 1 / q.serviceTimeH;
  const a = q.arrivalsPerH * q.serviceTimeH;
  if (a >= q.servers) return Number.POSITIVE_INFINITY;
  return erlangC(q.servers, a) / (q.servers * mu - q.arrivalsPerH);
}

interface TeamsNeededInput {
  /** Incidents per hour reaching this pool of teams, λ. */
  arrivalsPerH: number;
  /** Hours a team is busy per incident, 1/μ. */
  serviceTimeH: number;
  /** Longest acceptable wait for a free team, hours. */
  waitBudgetH: number;
  /** Share of incidents that must wait no longer than the budget, e.g. 0.9. */
  serviceLevel: number;
}

interface TeamsNeeded {
  /** Smallest c with P(W > waitBudget) ≤ 1 − serviceLevel (at least 1). */
  teams: number;
  /** P(W > waitBudget) with that many teams. */
  probWaitExceeds: number;
  /** λ/(cμ): the share of time a team is busy. */
  utilisation: number;
}

/**
 * The fewest quick-reaction teams so that at least `serviceLevel` of incidents get a
 * team within `waitBudgetH`. Always at least one team: a sector is never left without one.
 *
 * @example teamsNeeded({ arrivalsPerH: 0.05, serviceTimeH: 3, waitBudgetH: 1, serviceLevel: 0.9 }).teams // 2
 */
export function teamsNeeded(input: TeamsNeededInput): TeamsNeeded {
  const { arrivalsPerH, serviceTimeH, waitBudgetH, serviceLevel } = input;
  if (!(arrivalsPerH >= 0) || !(serviceTimeH > 0) || !(waitBudgetH >= 0) || !(serviceLevel > 0 && serviceLevel < 1)) {
    throw new RangeError(
      `teamsNeeded: need arrivalsPerH >= 0, serviceTimeH > 0, waitBudgetH >= 0 and 0 < serviceLevel < 1; got ${JSON.stringify(input)}`,
    );
  }
  const a = arrivalsPerH * serviceTimeH;
  let c = Math.max(1, Math.floor(a) + 1);
  for (;;) {
    const p = probWaitExceeds({ arrivalsPerH, serviceTimeH, servers: c }, waitBudgetH);
    if (p <= 1 - serviceLevel + 1e-12) return { teams: c, probWaitExceeds: p, utilisation: a / c };
    c++;
  }
}
