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
 * State is structure-of-arrays in typed arrays; nothing is allocated per event.
 */

import { type RandomStream, stream } from "../util/random.js";
import { KpiCollector, type ReplicationTrace } from "./collector.js";
import { type Model, Simulator } from "./engine.js";
import { type IncidentStore, Scratch } from "./incidents.js";
import { type ModelSpec, NT } from "./spec.js";

// The KPI layout and the trace moved to collector.ts; sim/simulate.ts still imports them from here.
export { HIST_BINS, KPI_NAMES, NK, type ReplicationTrace } from "./collector.js";

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

class OperationsModel implements Model {
  private readonly m: ModelSpec;
  private readonly rng: RandomStream;
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

  constructor(spec: ModelSpec, rng: RandomStream, trace: boolean, scratch: Scratch = new Scratch()) {
    this.m = spec;
    this.rng = rng;
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
        const t = this.rng.exponential(1 / mu);
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
        if ((this.inc.flags[a] & F_ANSWERED) === 0) this.onEnd(a);
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

  /** Create an incident record and schedule its start at `t` (dropped after the horizon or the cap). */
  private spawn(t: number, sector: number, type: number, root: number, sim: Simulator): void {
    const m = this.m;
    if (t >= m.horizonH) return;
    const inc = this.inc;
    if (inc.n >= m.maxIncidents) {
      this.saturated = true;
      return;
    }
    if (inc.n === inc.cap) inc.grow();
    const i = inc.n++;
    const rng = this.rng;
    inc.start[i] = t;
    inc.sector[i] = sector;
    inc.type[i] = type;
    inc.root[i] = root;
    inc.flags[i] = 0;
    inc.sent[i] = 0;
    inc.onScene[i] = 0;
    inc.nextWaiting[i] = -1;
    inc.detectT[i] = Number.NaN;
    inc.resolveT[i] = Number.NaN;
    const lo = m.sectorStartKm[sector];
    inc.along[i] = lo + rng.next() * (m.sectorEndKm[sector] - lo);
    inc.lateral[i] = rng.next() * 2 * m.halfWidthKm;
    inc.crowd[i] = Math.max(1, Math.round(rng.lognormal(m.crowdMedian[type], m.crowdSigma[type])));
    this.cascadeSize[root]++;
    sim.scheduleAt(t, K_START, i);
  }

  /** A neighbour of `s` with probability spilloverShare, else `s`. */
  private spillSector(s: number): number {
    const S = this.m.nSectors;
    if (S === 1 || this.rng.next() >= this.m.spillover) return s;
    if (s === 0) return 1;
    if (s === S - 1) return S - 2;
    return this.rng.next() < 0.5 ? s - 1 : s + 1;
  }

  private onImmigrant(streamIdx: number, sim: Simulator): void {
    const m = this.m;
    const sector = (streamIdx / NT) | 0;
    const type = streamIdx - sector * NT;
    this.spawn(sim.now, sector, type, this.newCascade(), sim);
    const next = sim.now + this.rng.exponential(1 / m.muPerH[streamIdx]);
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
        const r = j + Math.floor(this.rng.next() * (S - j));
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
        const count = this.rng.poisson(m.shockPerSector[k]);
        for (let c = 0; c < count; c++)
          this.spawn(sim.now + this.rng.exponential(m.shockDurationH[k]), s, type, root, sim);
      }
    }
  }

  private onStart(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    const rng = this.rng;
    const type = inc.type[i];
    const s = inc.sector[i];
    const needs = rng.next() < m.responseShare[type];
    if (needs) inc.flags[i] |= F_NEEDS;
    if (sim.now >= m.warmupH) {
      inc.flags[i] |= F_COUNTED;
      this.kpis.started(sim.now, s, type, needs);
    }
    if (needs) this.kpis.addUnanswered();
    // Hawkes offspring
    const kids = rng.poisson(m.branching[type]);
    for (let c = 0; c < kids; c++)
      this.spawn(sim.now + rng.exponential(m.decayH[type]), this.spillSector(s), type, inc.root[i], sim);
    // detection
    if (rng.next() < m.pDetect[s]) sim.schedule(m.detectDelayH > 0 ? rng.exponential(m.detectDelayH) : 0, K_DETECT, i);
    sim.schedule(m.goldenH[type], K_GOLDEN, i);
    sim.schedule(rng.exponential(m.selfResolveH[type]), K_SELF_END, i);
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
      while (r < U && !free[r] && reachLo[r] <= s) r++;
      while (l >= 0 && !free[l] && reachHi[l] >= s) l--;
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
    if ((inc.flags[i] & F_ANSWERED) === 0) {
      inc.flags[i] |= F_ANSWERED;
      this.kpis.removeUnanswered();
      inc.resolveT[i] = sim.now + this.rng.exponential(m.onSceneH[inc.type[i]]);
      sim.scheduleAt(inc.resolveT[i], K_RESOLVE, i);
      if (inc.flags[i] & F_COUNTED) this.kpis.answered(sim.now - inc.start[i], m.goldenH[inc.type[i]]);
    }
    sim.scheduleAt(inc.resolveT[i] + back, K_UNIT_FREE, 0, u);
    if (inc.flags[i] & F_GOLDEN && (inc.flags[i] & F_FORCE) === 0) this.applyForce(i, sim);
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
    let best = -1;
    let bestS = -1;
    for (let s = m.unitReachLo[u]; s <= m.unitReachHi[u]; s++) {
      let h = this.waitHead[s];
      while (h >= 0 && inc.flags[h] & (F_ENDED | F_DISPATCHED)) {
        inc.flags[h] &= ~F_WAITING;
        h = inc.nextWaiting[h];
      }
      this.waitHead[s] = h;
      if (h < 0) this.waitTail[s] = -1;
      else if (best < 0 || inc.detectT[h] < inc.detectT[best]) {
        best = h;
        bestS = s;
      }
    }
    if (best < 0) return;
    this.waitHead[bestS] = inc.nextWaiting[best];
    if (this.waitHead[bestS] < 0) this.waitTail[bestS] = -1;
    inc.flags[best] &= ~F_WAITING;
    this.sendUnit(u, best, Math.abs(m.unitBaseKm[u] - inc.along[best]), sim);
    inc.sent[best]++;
    this.firstDispatch(best, sim);
  }

  private onGolden(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    if (inc.flags[i] & F_ENDED) return;
    inc.flags[i] |= F_GOLDEN;
    const type = inc.type[i];
    const ratio = (inc.onScene[i] * m.unitSize) / inc.crowd[i];
    const q = ratio / m.containRatio[type];
    const p = m.escProb[type] / (1 + q * q);
    if (p > 0 && this.rng.next() < p) this.escalate(i, sim);
    if (inc.onScene[i] > 0) this.applyForce(i, sim);
  }

  private escalate(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    const rng = this.rng;
    if (inc.flags[i] & F_ESCALATED) return;
    inc.flags[i] |= F_ESCALATED;
    const type = inc.type[i];
    inc.crowd[i] *= m.crowdGrowth[type];
    this.cascadeEsc[inc.root[i]]++;
    const crowd = inc.crowd[i];
    if (inc.flags[i] & F_COUNTED) {
      this.kpis.escalated();
      this.kpis.casualties(
        m.victimsParty[type],
        rng.poisson(crowd * m.deathsPP[type]),
        rng.poisson(crowd * m.injuredPP[type]),
      );
    }
    const kids = rng.poisson(m.spawnMean[type]);
    for (let c = 0; c < kids; c++)
      this.spawn(sim.now + rng.exponential(m.decayH[type]), this.spillSector(inc.sector[i]), type, inc.root[i], sim);
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

  /** Climb the escalation-of-force ladder with the responders on scene; casualties of force; escalate if not contained. */
  private applyForce(i: number, sim: Simulator): void {
    const m = this.m;
    const inc = this.inc;
    const rng = this.rng;
    inc.flags[i] |= F_FORCE;
    const type = inc.type[i];
    const crowd = inc.crowd[i];
    const responders = inc.onScene[i] * m.unitSize;
    const q = responders / crowd / m.containRatio[type];
    const top = m.maxRung[type];
    let rung = top;
    let contained = false;
    for (let r = 0; r <= top; r++) {
      const success = 1 - (1 - m.ladderSuccess[r]) ** q;
      if (rng.next() < success) {
        rung = r;
        contained = true;
        break;
      }
    }
    const counted = (inc.flags[i] & F_COUNTED) !== 0;
    if (counted) this.kpis.force(rung);
    if (rung >= 3) {
      const inj = rng.poisson(crowd * m.nonLethalInjuredPP);
      const pk = rng.poisson(Math.min(0.5 * responders, crowd * m.pkInjuredPP[type]));
      if (counted) {
        this.kpis.casualties(m.victimsParty[type], 0, inj);
        this.kpis.peacekeepersInjured(pk);
      }
    }
    if (rung === 5) {
      const dead = rng.poisson(m.lethalDeathsMean);
      const inj = rng.poisson(m.lethalInjuredMean);
      if (counted) this.kpis.casualties(m.victimsParty[type], dead, inj);
    }
    if (!contained && (inc.flags[i] & F_ESCALATED) === 0 && rng.next() < m.escProb[type]) this.escalate(i, sim);
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
  const model = new OperationsModel(spec, stream(seed, rep), trace, scratch);
  model.init(sim);
  sim.run(model);
  model.finish();
  return { kpis: model.kpis.k, responseHist: model.kpis.hist, events: sim.events, trace: model.kpis.getTrace() };
}
