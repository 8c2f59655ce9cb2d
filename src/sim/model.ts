/**
 * The operations model: one replication of incidents and response along a
 * line, as a model plugged into the generic engine (engine.ts).
 *
 * - Incidents per sector and type form a Hawkes process with exponential
 *   kernel, simulated through its cluster (branching) representation: base
 *   ("immigrant") incidents arrive as a Poisson process of rate μ; every
 *   incident has Poisson(n) direct offspring, each after an Exp(decayH) lag, in
 *   the same sector or (with probability spilloverShare) a neighbour. This is
 *   exact for the exponential kernel and costs one event per incident.
 * - Shocks add a Poisson burst of incidents in many sectors at once.
 * - Detection, dispatch of the nearest available quick-reaction units, queueing
 *   when none is free, escalation at the golden time, the escalation-of-force
 *   ladder and casualties: see docs/simulation.md.
 *
 * Response semantics that cannot backfire (issue 12): an incident has one
 * escalation decision, at its golden time, taken with a uniform drawn when it
 * starts (uEsc). Left alone it escalates iff uEsc < escProb; with responders on
 * scene iff it is not contained and uEsc < escProb / (1 + q²) ≤ escProb. So a
 * unit on scene can only remove escalations, never add one. Random numbers
 * (common random numbers, per incident): `nature` draws the base arrivals and
 * shocks, each with a random key; every incident draws all of its own luck
 * (position, crowd, uEsc, uForce, detection, self-end, offspring with their keys,
 * its escalation's casualties and spawns, its force casualties) from streams
 * keyed by that key, never from a stream whose position depends on the response.
 * So the same seed gives every force size the same incidents, and an incident
 * spawned by an escalation is the same incident whenever that escalation happens.
 * Deaths: an incident has a death toll left alone (that of its escalation, 0 if it
 * would not escalate); deaths of force count against that budget, so with force an
 * incident never kills more than it would have alone. `response` draws only
 * on-scene times.
 *
 * State is structure-of-arrays in typed arrays; nothing is allocated per event.
 */

import { type RandomStream, StreamFamily, stream } from "../util/random.js";
import { KpiCollector, type ReplicationTrace } from "./collector.js";
import { type Model, Simulator } from "./engine.js";
import { type IncidentStore, Scratch } from "./incidents.js";
import { type ModelSpec, NT } from "./spec.js";

// The KPI layout and the trace moved to collector.ts; sim/simulate.ts still imports them from here.
export { HIST_BINS, KPI_NAMES, NK, type ReplicationTrace } from "./collector.js";

/** Key of the response stream (the nature stream is stream(seed, rep)). */
const STREAM_RESPONSE = 1;
/** Key of an incident's own streams: stream(seed, rep, STREAM_INCIDENT, key, part). */
const STREAM_INCIDENT = 2;
// the parts of an incident's luck, each its own stream so one part's draws never shift another's
const P_BORN = 0;
const P_LIFE = 1;
const P_ESC = 2;
const P_FORCE = 3;

// event kinds
const K_IMMIGRANT = 0;
const K_SHOCK = 1;
const K_START = 2;
const K_DETECT = 3;
const K_ARRIVE = 4;
const K_GOLDEN = 5;
const K_RESOLVE = 6;
const K_UNIT_FREE = 7;
const K_SELF_END = 8;

// incident flags
const F_DETECTED = 1;
const F_ANSWERED = 2;
const F_ENDED = 4;
const F_ESCALATED = 8;
const F_FORCE = 16;
const F_GOLDEN = 32;
const F_COUNTED = 64;
const F_WAITING = 128;
const F_DISPATCHED = 256;
const F_NEEDS = 512;
/** Set off by an escalation (or descends from one): its draws come from the response stream. */
const F_DERIVED = 1024;
/** Left alone it would escalate (uEsc < escProb and it outlives its golden time). */
const F_WOULD_ESC = 2048;

/** Highest ladder rung a calm (non-violent) incident can need: show of force. */
const CALM_TOP = 2;

/**
 * The escalation decision at the golden time (pure; the invariant test calls it).
 * `q` is responders per participant over the contain ratio (0: nobody on scene), `contained`
 * whether the ladder ended it. Escalates iff uEsc < escProb / (1 + q²) and not contained, so
 * for the same uEsc an escalation with responders implies one without.
 */
export function escalatesAtGolden(uEsc: number, escProb: number, q: number, contained: boolean): boolean {
  return !contained && uEsc < escProb / (1 + q * q);
}

/**
 * The escalation-of-force ladder with one uniform: rung r ends the incident with probability
 * 1 − (1 − qᵣ)^q given the rungs below failed. Returns the rung that ended it, or −1 − top when
 * even the top allowed rung failed. A calm incident (one that would not escalate left alone)
 * never needs more than a show of force: it ends at the lower of its ladder rung and CALM_TOP.
 */
export function climbLadder(
  u: number,
  q: number,
  ladderSuccess: ArrayLike<number>,
  top: number,
  calm: boolean,
): number {
  let fail = 1;
  let acc = 0;
  for (let r = 0; r <= top; r++) {
    const success = 1 - (1 - ladderSuccess[r]) ** q;
    acc += fail * success;
    fail *= 1 - success;
    if (u < acc) return calm ? Math.min(r, CALM_TOP) : r;
  }
  return calm ? Math.min(top, CALM_TOP) : -1 - top;
}

class OperationsModel implements Model {
  private readonly m: ModelSpec;
  /** Incidents' own randomness, the same at every force size (see the header). */
  private readonly nature: RandomStream;
  /** Randomness that depends on the response. */
  private readonly response: RandomStream;
  private readonly inc: IncidentStore;
  private readonly unitFree: Uint8Array;
  private readonly unitTravelH: Float64Array;
  private readonly waitHead: Int32Array;
  private readonly waitTail: Int32Array;
  private cascadeSize: Int32Array;
  private cascadeEsc: Int32Array;
  private nCascades = 0;
  private saturated = false;
  readonly kpis: KpiCollector;

  private readonly scratch: Scratch;
  /** stream(seed, rep, STREAM_INCIDENT, key, part) for every incident key and part. */
  private readonly incStreams: StreamFamily;
  // The two parts every incident draws, re-seeded in place for each one (no allocation per
  // incident): spawn() and onStart() use theirs only within the call, and neither runs inside itself.
  private readonly bornRng = stream(0);
  private readonly lifeRng = stream(0);

  constructor(
    spec: ModelSpec,
    seed: number,
    rep: number,
    nature: RandomStream,
    response: RandomStream,
    trace: boolean,
    scratch: Scratch = new Scratch(),
  ) {
    this.m = spec;
    this.incStreams = new StreamFamily([seed, rep, STREAM_INCIDENT]);
    this.nature = nature;
    this.response = response;
    this.scratch = scratch;
    this.inc = scratch.inc;
    this.inc.n = 0;
    const U = spec.unitsOnDuty;
    this.unitFree = new Uint8Array(U).fill(1);
    this.unitTravelH = new Float64Array(U);
    this.waitHead = new Int32Array(spec.nSectors).fill(-1);
    this.waitTail = new Int32Array(spec.nSectors).fill(-1);
    this.cascadeSize = scratch.cascadeSize;
    this.cascadeEsc = scratch.cascadeEsc;
    this.kpis = new KpiCollector(trace);
  }

  /** Schedule the first events: base arrivals of every (sector, type) stream and the shocks. */
  init(sim: Simulator): void {
    const m = this.m;
    for (let i = 0; i < m.muPerH.length; i++) {
      const mu = m.muPerH[i];
      if (mu > 0) {
        const t = this.nature.exponential(1 / mu);
        if (t < m.horizonH) sim.scheduleAt(t, K_IMMIGRANT, i);
      }
    }
    for (let k = 0; k < m.shockAtH.length; k++) sim.scheduleAt(m.shockAtH[k], K_SHOCK, k);
  }

  handle(kind: number, a: number, b: number, sim: Simulator): void {
    switch (kind) {
      case K_IMMIGRANT:
        this.onImmigrant(a, sim);
        return;
      case K_SHOCK:
        this.onShock(a, sim);
        return;
      case K_START:
        this.onStart(a, sim);
        return;
      case K_DETECT:
        this.onDetect(a, sim);
        return;
      case K_ARRIVE:
        this.onArrive(a, b, sim);
        return;
      case K_GOLDEN:
        this.onGolden(a, sim);
        return;
      case K_RESOLVE:
        this.onEnd(a);
        return;
      case K_UNIT_FREE:
        this.onUnitFree(b, sim);
        return;
      case K_SELF_END:
        // it dies out by itself whether or not anyone came: a response never makes it last longer
        this.onEnd(a);
        return;
    }
  }

  private newCascade(): number {
    if (this.nCascades === this.cascadeSize.length) {
      const y = new Int32Array(this.cascadeSize.length * 2);
      y.set(this.cascadeSize);
      this.cascadeSize = y;
      const z = new Int32Array(y.length);
      z.set(this.cascadeEsc);
      this.cascadeEsc = z;
      this.scratch.cascadeSize = y;
      this.scratch.cascadeEsc = z;
    }
    const c = this.nCascades++;
    this.cascadeSize[c] = 0;
    this.cascadeEsc[c] = 0;
    return c;
  }

  /** One part of incident i's own luck: the same stream at every force size. */
  private incRng(i: number, part: number): RandomStream {
    return this.incStreams.stream(this.inc.key[i], part);
  }

  /** Create an incident record and schedule its start at `t` (dropped after the horizon or the cap). */
  private spawn(
    t: number,
    sector: number,
    type: number,
    root: number,
    sim: Simulator,
    derived: boolean,
    key: number,
  ): void {
    const m = this.m;
    if (t >= m.horizonH) return;
    const inc = this.inc;
    if (inc.n >= m.maxIncidents) {
      this.saturated = true;
      return;
    }
    if (inc.n === inc.cap) inc.grow();
    const i = inc.n++;
    inc.key[i] = key;
    inc.dead[i] = 0;
    const rng = this.incStreams.reseed(this.bornRng, key, P_BORN);
    inc.start[i] = t;
    inc.sector[i] = sector;
    inc.type[i] = type;
    inc.root[i] = root;
    inc.flags[i] = derived ? F_DERIVED : 0;
    inc.sent[i] = 0;
    inc.onScene[i] = 0;
    inc.onScenePolice[i] = 0;
    inc.nextWaiting[i] = -1;
    inc.detectT[i] = Number.NaN;
    inc.resolveT[i] = Number.NaN;
    const lo = m.sectorStartKm[sector];
    inc.along[i] = lo + rng.next() * (m.sectorEndKm[sector] - lo);
    inc.lateral[i] = rng.next() * 2 * m.halfWidthKm;
    inc.crowd[i] = Math.max(1, Math.round(rng.lognormal(m.crowdMedian[type], m.crowdSigma[type])));
    inc.uEsc[i] = rng.next();
    inc.uForce[i] = rng.next();
    this.cascadeSize[root]++;
    sim.scheduleAt(t, K_START, i);
  }

  /** A neighbour of `s` with probability spilloverShare, else `s`. */
  private spillSector(s: number, rng: RandomStream): number {
    const S = this.m.nSectors;
    if (S === 1 || rng.next() >= this.m.spillover) return s;
    if (s === 0) return 1;
    if (s === S - 1) return S - 2;
    return rng.next() < 0.5 ? s - 1 : s + 1;
  }

  private onImmigrant(streamIdx: number, sim: Simulator): void {
    const m = this.m;
    const sector = (streamIdx / NT) | 0;
    const type = streamIdx - sector * NT;
    this.spawn(sim.now, sector, type, this.newCascade(), sim, false, this.nature.nextUint32());
    const next = sim.now + this.nature.exponential(1 / m.muPerH[streamIdx]);
    if (next < m.horizonH) sim.scheduleAt(next, K_IMMIGRANT, streamIdx);
  }

  private onShock(k: number, sim: Simulator): void {
    const m = this.m;
    const S = m.nSectors;
    const root = this.newCascade();
    const hit = new Uint8Array(S);
    const share = m.shockShare[k];
    if (share < 0)
      for (let j = m.shockSectorOffset[k]; j < m.shockSectorOffset[k + 1]; j++) hit[m.shockSectorList[j]] = 1;
    else {
      // a random subset of round(share * S) sectors (partial Fisher-Yates)
      const order = Int32Array.from({ length: S }, (_, i) => i);
      const take = Math.round(share * S);
      for (let j = 0; j < take; j++) {
        const r = j + Math.floor(this.nature.next() * (S - j));
        const tmp = order[j];
        order[j] = order[r];
        order[r] = tmp;
        hit[order[j]] = 1;
      }
    }
    for (let s = 0; s < S; s++) {
      if (!hit[s]) continue;
      for (let type = 0; type < NT; type++) {
        if ((m.shockTypes[k] & (1 << type)) === 0) continue;
        const count = this.nature.poisson(m.shockPerSector[k]);
        for (let c = 0; c < count; c++) {
          const t = sim.now + this.nature.exponential(m.shockDurationH[k]);
          this.spawn(t, s, type, root, sim, false, this.nature.nextUint32());
        }
      }
    }
  }

  private onStart(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    const rng = this.incStreams.reseed(this.lifeRng, inc.key[i], P_LIFE);
    const derived = (inc.flags[i] & F_DERIVED) !== 0;
    const type = inc.type[i];
    const s = inc.sector[i];
    const needs = rng.next() < m.responseShare[type];
    if (needs) inc.flags[i] |= F_NEEDS;
    if (sim.now >= m.warmupH) {
      inc.flags[i] |= F_COUNTED;
      this.kpis.started(sim.now, s, type, needs, derived, inc.key[i]);
    }
    if (needs) this.kpis.addUnanswered();
    // Hawkes offspring
    const kids = rng.poisson(m.branching[type]);
    for (let c = 0; c < kids; c++) {
      const t = sim.now + rng.exponential(m.decayH[type]);
      this.spawn(t, this.spillSector(s, rng), type, inc.root[i], sim, derived, rng.nextUint32());
    }
    // detection: both draws always taken, so the stream does not depend on the force's coverage
    const uDetect = rng.next();
    const delay = m.detectDelayH > 0 ? rng.exponential(m.detectDelayH) : 0;
    if (uDetect < m.pDetect[s]) sim.schedule(delay, K_DETECT, i);
    const selfEndH = rng.exponential(m.selfResolveH[type]);
    // the golden time is scheduled first, so on a tie it comes first
    if (inc.uEsc[i] < m.escProb[type] && selfEndH >= m.goldenH[type]) inc.flags[i] |= F_WOULD_ESC;
    sim.schedule(m.goldenH[type], K_GOLDEN, i);
    sim.schedule(selfEndH, K_SELF_END, i);
  }

  private onDetect(i: number, sim: Simulator): void {
    const inc = this.inc;
    if (inc.flags[i] & F_DETECTED) return;
    inc.flags[i] |= F_DETECTED;
    inc.detectT[i] = sim.now;
    if (inc.flags[i] & F_COUNTED) this.kpis.detected();
    // reported after it is over (a short exchange of fire): known, but nothing to send a unit to
    if ((inc.flags[i] & F_NEEDS) === 0 || inc.flags[i] & F_ENDED) return;
    if (this.dispatch(i, this.unitsNeeded(i), sim) === 0) this.enqueue(i);
  }

  private unitsNeeded(i: number): number {
    const m = this.m;
    const inc = this.inc;
    const type = inc.type[i];
    const n = Math.ceil((inc.crowd[i] * m.containRatio[type]) / m.unitSize);
    return n < 1 ? 1 : Math.min(n, m.maxUnitsPerIncident);
  }

  /** Send up to `want` of the nearest free units within reach; returns how many went. */
  private dispatch(i: number, want: number, sim: Simulator): number {
    const m = this.m;
    const U = m.unitsOnDuty;
    if (U === 0 || want <= 0) return 0;
    const inc = this.inc;
    const x = inc.along[i];
    const base = m.unitBaseKm;
    const free = this.unitFree;
    const s = inc.sector[i];
    const reachLo = m.unitReachLo;
    const reachHi = m.unitReachHi;
    const isPolice = m.unitIsPolice;
    // a police unit is not sent to incidents police do not answer (armed clashes, incursions...)
    const noPolice = m.policeResponds[inc.type[i]] === 0;
    // binary search: first unit with base >= x
    let lo = 0;
    let hi = U;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (base[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    // Units are sorted by base, so their reach ranges are monotone: walking right, once a
    // unit's reach starts after sector s no later one reaches it (and symmetrically leftwards).
    let r = lo;
    let l = lo - 1;
    let sent = 0;
    while (sent < want) {
      while (r < U && (!free[r] || (noPolice && isPolice[r])) && reachLo[r] <= s) r++;
      while (l >= 0 && (!free[l] || (noPolice && isPolice[l])) && reachHi[l] >= s) l--;
      const dr = r < U && reachLo[r] <= s ? base[r] - x : Number.POSITIVE_INFINITY;
      const dl = l >= 0 && reachHi[l] >= s ? x - base[l] : Number.POSITIVE_INFINITY;
      if (dr === Number.POSITIVE_INFINITY && dl === Number.POSITIVE_INFINITY) break;
      let u: number;
      let dist: number;
      if (dr <= dl) {
        u = r++;
        dist = dr;
      } else {
        u = l--;
        dist = dl;
      }
      this.sendUnit(u, i, dist, sim);
      sent++;
    }
    if (sent > 0 && (inc.flags[i] & F_DISPATCHED) === 0) this.firstDispatch(i, sim);
    inc.sent[i] += sent;
    return sent;
  }

  private sendUnit(u: number, i: number, alongKm: number, sim: Simulator): void {
    const m = this.m;
    this.unitFree[u] = 0;
    const travel = (alongKm * m.roadFactor + this.inc.lateral[i]) / m.speedKmh;
    this.unitTravelH[u] = travel;
    sim.schedule(travel, K_ARRIVE, i, u);
  }

  private firstDispatch(i: number, sim: Simulator): void {
    const inc = this.inc;
    inc.flags[i] |= F_DISPATCHED;
    if ((inc.flags[i] & F_COUNTED) === 0) return;
    this.kpis.firstDispatch(sim.now - inc.detectT[i]);
  }

  private enqueue(i: number): void {
    const inc = this.inc;
    if (inc.flags[i] & F_WAITING) return;
    inc.flags[i] |= F_WAITING;
    const s = inc.sector[i];
    inc.nextWaiting[i] = -1;
    if (this.waitTail[s] < 0) this.waitHead[s] = i;
    else inc.nextWaiting[this.waitTail[s]] = i;
    this.waitTail[s] = i;
  }

  private onArrive(i: number, u: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    const back = this.unitTravelH[u] + m.restH;
    if (inc.flags[i] & F_ENDED) {
      sim.schedule(back, K_UNIT_FREE, 0, u);
      return;
    }
    inc.onScene[i]++;
    if (m.unitIsPolice[u]) inc.onScenePolice[i]++;
    if ((inc.flags[i] & F_ANSWERED) === 0) {
      inc.flags[i] |= F_ANSWERED;
      this.kpis.removeUnanswered();
      inc.resolveT[i] = sim.now + this.response.exponential(m.onSceneH[inc.type[i]]);
      sim.scheduleAt(inc.resolveT[i], K_RESOLVE, i);
      if (inc.flags[i] & F_COUNTED) this.kpis.answered(sim.now - inc.start[i], m.goldenH[inc.type[i]]);
    }
    sim.scheduleAt(inc.resolveT[i] + back, K_UNIT_FREE, 0, u);
    // arriving after the golden time: the escalation decision is already taken; the ladder only ends it
    if (inc.flags[i] & F_GOLDEN && (inc.flags[i] & F_FORCE) === 0) this.applyForce(i);
  }

  private onEnd(i: number): void {
    const inc = this.inc;
    if (inc.flags[i] & F_ENDED) return;
    if ((inc.flags[i] & (F_ANSWERED | F_NEEDS)) === F_NEEDS) this.kpis.removeUnanswered();
    inc.flags[i] |= F_ENDED;
  }

  private onUnitFree(u: number, sim: Simulator): void {
    const m = this.m;
    this.unitFree[u] = 1;
    const inc = this.inc;
    // oldest waiting incident among the sectors this unit reaches
    const police = m.unitIsPolice[u] === 1;
    let best = -1;
    let bestS = -1;
    let bestPrev = -1;
    for (let s = m.unitReachLo[u]; s <= m.unitReachHi[u]; s++) {
      let h = this.waitHead[s];
      while (h >= 0 && inc.flags[h] & (F_ENDED | F_DISPATCHED)) {
        inc.flags[h] &= ~F_WAITING;
        h = inc.nextWaiting[h];
      }
      this.waitHead[s] = h;
      if (h < 0) {
        this.waitTail[s] = -1;
        continue;
      }
      // a police unit takes the oldest waiting incident that police answer
      let prev = -1;
      if (police)
        while (h >= 0 && (m.policeResponds[inc.type[h]] === 0 || inc.flags[h] & (F_ENDED | F_DISPATCHED))) {
          prev = h;
          h = inc.nextWaiting[h];
        }
      if (h >= 0 && (best < 0 || inc.detectT[h] < inc.detectT[best])) {
        best = h;
        bestS = s;
        bestPrev = prev;
      }
    }
    if (best < 0) return;
    if (bestPrev < 0) {
      this.waitHead[bestS] = inc.nextWaiting[best];
      if (this.waitHead[bestS] < 0) this.waitTail[bestS] = -1;
    } else {
      inc.nextWaiting[bestPrev] = inc.nextWaiting[best];
      if (this.waitTail[bestS] === best) this.waitTail[bestS] = bestPrev;
    }
    inc.flags[best] &= ~F_WAITING;
    this.sendUnit(u, best, Math.abs(m.unitBaseKm[u] - inc.along[best]), sim);
    inc.sent[best]++;
    this.firstDispatch(best, sim);
  }

  /** q: responders on scene per participant, over the type's contain ratio (0 with nobody there). */
  private containQ(i: number): number {
    const m = this.m;
    const inc = this.inc;
    const police = inc.onScenePolice[i];
    const responders = (inc.onScene[i] - police) * m.unitSize + police * m.policeUnitSize;
    return responders / inc.crowd[i] / m.containRatio[inc.type[i]];
  }

  /** The one escalation decision (see escalatesAtGolden): responders on scene face it first. */
  private onGolden(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    if (inc.flags[i] & F_ENDED) return;
    inc.flags[i] |= F_GOLDEN;
    const q = this.containQ(i);
    const contained = inc.onScene[i] > 0 ? this.applyForce(i) : false;
    if (escalatesAtGolden(inc.uEsc[i], m.escProb[inc.type[i]], q, contained)) this.escalate(i, sim);
  }

  private escalate(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    if (inc.flags[i] & F_ESCALATED) return;
    const rng = this.incRng(i, P_ESC);
    inc.flags[i] |= F_ESCALATED;
    const type = inc.type[i];
    inc.crowd[i] *= m.crowdGrowth[type];
    this.cascadeEsc[inc.root[i]]++;
    const crowd = inc.crowd[i];
    // its toll left alone (it escalates with a force only if it would alone), less deaths of force already counted
    const dead = Math.max(0, rng.poisson(crowd * m.deathsPP[type]) - inc.dead[i]);
    inc.dead[i] += dead;
    const injured = rng.poisson(crowd * m.injuredPP[type]);
    if (inc.flags[i] & F_COUNTED) {
      this.kpis.escalated(inc.start[i], (inc.flags[i] & F_DERIVED) !== 0, inc.key[i]);
      this.kpis.casualties(m.victimsParty[type], dead, injured);
      this.kpis.incidentDeaths(inc.key[i], dead);
    }
    const kids = rng.poisson(m.spawnMean[type]);
    for (let c = 0; c < kids; c++) {
      const t = sim.now + rng.exponential(m.decayH[type]);
      this.spawn(t, this.spillSector(inc.sector[i], rng), type, inc.root[i], sim, true, rng.nextUint32());
    }
    // an escalated incident is seen by everyone and needs a response; send what it now needs
    if ((inc.flags[i] & F_NEEDS) === 0) {
      inc.flags[i] |= F_NEEDS;
      if (inc.flags[i] & F_COUNTED) this.kpis.nowNeedsUnit();
      this.kpis.addUnanswered();
    }
    if ((inc.flags[i] & F_DETECTED) === 0) {
      inc.flags[i] |= F_DETECTED;
      inc.detectT[i] = sim.now;
      if (inc.flags[i] & F_COUNTED) this.kpis.detected();
      if (this.dispatch(i, this.unitsNeeded(i), sim) === 0) this.enqueue(i);
    } else if (inc.sent[i] === 0) {
      if (this.dispatch(i, this.unitsNeeded(i), sim) === 0) this.enqueue(i);
    } else {
      const more = this.unitsNeeded(i) - inc.sent[i];
      if (more > 0) this.dispatch(i, more, sim);
    }
  }

  /**
   * Climb the escalation-of-force ladder once, with the responders on scene: casualties of force,
   * and the incident ends if a rung contains it. Returns whether it was contained. It never
   * escalates the incident: only the golden-time decision does. An incident that would not
   * escalate left alone (calm: uEsc ≥ escProb, or already past its golden time unescalated)
   * needs at most a show of force, so force never harms where the incident alone would not.
   */
  private applyForce(i: number): boolean {
    const m = this.m;
    const inc = this.inc;
    const rng = this.incRng(i, P_FORCE);
    inc.flags[i] |= F_FORCE;
    const type = inc.type[i];
    const crowd = inc.crowd[i];
    const police = inc.onScenePolice[i];
    const troopsOnScene = (inc.onScene[i] - police) * m.unitSize;
    const policeOnScene = police * m.policeUnitSize;
    const responders = troopsOnScene + policeOnScene;
    const q = responders / crowd / m.containRatio[type];
    // violent: it has escalated, or would escalate left alone (late arrivals to an unescalated
    // incident find it calm: with nobody on scene at its golden time, uEsc ≥ escProb)
    const calm = (inc.flags[i] & F_ESCALATED) === 0 && inc.uEsc[i] >= m.escProb[type];
    const top = m.maxRung[type];
    const r = climbLadder(inc.uForce[i], q, m.ladderSuccess, top, calm);
    const contained = r >= 0;
    const rung = contained ? r : -1 - r;
    const counted = (inc.flags[i] & F_COUNTED) !== 0;
    if (counted) this.kpis.force(rung);
    if (rung >= 3) {
      const inj = rng.poisson(crowd * m.nonLethalInjuredPP);
      // responders injured, shared between troops and police by their numbers on scene
      const hurt = Math.min(0.5 * responders, crowd * m.pkInjuredPP[type]);
      const pk = rng.poisson((hurt * troopsOnScene) / responders);
      const pol = policeOnScene > 0 ? rng.poisson((hurt * policeOnScene) / responders) : 0;
      if (counted) {
        this.kpis.casualties(m.victimsParty[type], 0, inj);
        this.kpis.peacekeepersInjured(pk);
        this.kpis.policeInjured(pol);
      }
    }
    if (rung === 5) {
      // lethal force kills no more than the incident would have left alone (its escalation's toll)
      const dead = Math.min(rng.poisson(m.lethalDeathsMean), this.aloneDeaths(i) - inc.dead[i]);
      inc.dead[i] += dead;
      const inj = rng.poisson(m.lethalInjuredMean);
      if (counted) {
        this.kpis.casualties(m.victimsParty[type], dead, inj);
        this.kpis.incidentDeaths(inc.key[i], dead);
      }
    }
    if (contained) this.onEnd(i);
    return contained;
  }

  /** Deaths incident i causes left alone: its escalation's draw, or 0 if it would not escalate. */
  private aloneDeaths(i: number): number {
    if ((this.inc.flags[i] & F_WOULD_ESC) === 0) return 0;
    const type = this.inc.type[i];
    // the crowd it escalates with (already grown if it has escalated)
    const crowd = this.inc.flags[i] & F_ESCALATED ? this.inc.crowd[i] : this.inc.crowd[i] * this.m.crowdGrowth[type];
    return this.incRng(i, P_ESC).poisson(crowd * this.m.deathsPP[type]);
  }

  /** Turn counters into the KPI vector. */
  finish(): void {
    this.kpis.finish(this.cascadeSize, this.cascadeEsc, this.nCascades, this.saturated, this.m.cascadeThreshold);
  }
}

interface ReplicationResult {
  kpis: Float64Array;
  /** First-responder arrival minus incident start, minutes, 1-minute bins. */
  responseHist: Float64Array;
  events: number;
  trace?: ReplicationTrace;
}

/** Run one replication. Its random numbers come from stream(seed, rep) only. */
export function runReplication(
  spec: ModelSpec,
  seed: number,
  rep: number,
  trace = false,
  scratch?: Scratch,
): ReplicationResult {
  const sim = new Simulator(4096);
  // stream(seed, rep) is nature's (as before the split); the response stream gets its own key
  const model = new OperationsModel(
    spec,
    seed,
    rep,
    stream(seed, rep),
    stream(seed, rep, STREAM_RESPONSE),
    trace,
    scratch,
  );
  model.init(sim);
  sim.run(model);
  model.finish();
  return { kpis: model.kpis.k, responseHist: model.kpis.hist, events: sim.events, trace: model.kpis.getTrace() };
}
