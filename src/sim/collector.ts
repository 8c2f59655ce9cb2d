/**
 * What one replication measures: the KPI vector layout, the response-time histogram, and the
 * collector the operations model reports to as incidents start, are detected, answered and
 * escalate. `finish` turns its counters into the KPI vector.
 */

/** KPI vector layout of one replication (see kpis.ts for names and meaning). */
export const KPI = {
  incidents: 0,
  ceasefireViolations: 1,
  riots: 2,
  armedClashes: 3,
  incursions: 4,
  detectedShare: 5,
  answeredShare: 6,
  metInTimeShare: 7,
  responseTimeMeanMin: 8,
  responseTimeMedianMin: 9,
  responseTimeP90Min: 10,
  waitMeanMin: 11,
  waitedShare: 12,
  escalations: 13,
  deathsCivilian: 14,
  injuredCivilian: 15,
  deathsParty: 16,
  injuredParty: 17,
  peacekeepersInjured: 18,
  deathsTotal: 19,
  injuredTotal: 20,
  peakUnanswered: 21,
  largestCascade: 22,
  breakdown: 23,
  forcePresence: 24,
  forceVerbal: 25,
  forceShowOfForce: 26,
  forceNonLethal: 27,
  forceWarningShot: 28,
  forceLethal: 29,
  policeInjured: 30,
} as const;
export const KPI_NAMES = Object.keys(KPI) as Array<keyof typeof KPI>;
export const NK = KPI_NAMES.length;

/** Response-time histogram: 1-minute bins over 0..24 h, the last bin holds everything later. */
export const HIST_BINS = 24 * 60 + 1;

/** Raw per-replication data, for validation tests. */
export interface ReplicationTrace {
  /** Start times (h) of counted incidents, in order of start. */
  starts: number[];
  sectors: number[];
  types: number[];
  /** Detection-to-dispatch waits (h) of counted incidents that got a unit. */
  waits: number[];
  /** Incidents still counted as unanswered after the run drained (must be 0). */
  unansweredAtEnd: number;
  /** Start times (h) of counted incidents not set off by an escalation (the same at every force size). */
  originalStarts: number[];
  /** Start times (h) of those original incidents that escalated. */
  escalatedOriginalStarts: number[];
  /** Random keys (model.ts: an incident's identity at every force size) of counted incidents, spawned ones included. */
  startedKeys: number[];
  /** Keys of the counted incidents that escalated, spawned ones included. */
  escalatedKeys: number[];
  /** Deaths per counted incident, by key (only incidents with deaths). */
  deathsByKey: Map<number, number>;
}

export class KpiCollector {
  readonly k = new Float64Array(NK);
  readonly hist = new Float64Array(HIST_BINS);
  private respSum = 0;
  private needing = 0;
  private waitSum = 0;
  private dispatched = 0;
  private waited = 0;
  /** Incidents under way that need a unit and have nobody on scene (counted or not). */
  private unanswered = 0;
  private readonly trace?: ReplicationTrace;

  constructor(trace: boolean) {
    if (trace)
      this.trace = {
        starts: [],
        sectors: [],
        types: [],
        waits: [],
        unansweredAtEnd: 0,
        originalStarts: [],
        escalatedOriginalStarts: [],
        startedKeys: [],
        escalatedKeys: [],
        deathsByKey: new Map(),
      };
  }

  /** A counted incident (started after the warm-up) begins. */
  started(t: number, sector: number, type: number, needsUnit: boolean, derived = false, key = 0): void {
    if (needsUnit) this.needing++;
    this.k[KPI.incidents]++;
    this.k[KPI.ceasefireViolations + type]++;
    if (this.trace) {
      this.trace.starts.push(t);
      this.trace.sectors.push(sector);
      this.trace.types.push(type);
      if (!derived) this.trace.originalStarts.push(t);
      this.trace.startedKeys.push(key);
    }
  }

  /** A counted incident that needed no unit escalated into one that does. */
  nowNeedsUnit(): void {
    this.needing++;
  }

  /** A counted incident is detected. */
  detected(): void {
    this.k[KPI.detectedShare]++;
  }

  /** The first unit is sent to a counted incident, `waitH` after its detection. */
  firstDispatch(waitH: number): void {
    this.dispatched++;
    this.waitSum += waitH;
    if (waitH > 0) this.waited++;
    if (this.trace) this.trace.waits.push(waitH);
  }

  /** The first unit reaches a counted incident `responseH` after its start. */
  answered(responseH: number, goldenH: number): void {
    this.k[KPI.answeredShare]++;
    if (responseH <= goldenH) this.k[KPI.metInTimeShare]++;
    this.respSum += responseH;
    const bin = Math.floor(responseH * 60);
    this.hist[Math.min(bin, HIST_BINS - 1)]++;
  }

  /** One more incident under way that needs a unit and has nobody on scene. */
  addUnanswered(): void {
    this.unanswered++;
    if (this.unanswered > this.k[KPI.peakUnanswered]) this.k[KPI.peakUnanswered] = this.unanswered;
  }

  /** An unanswered incident got its first unit, or ended. */
  removeUnanswered(): void {
    this.unanswered--;
  }

  /** A counted incident (started at `startH`) escalates. */
  escalated(startH: number, derived: boolean, key = 0): void {
    this.k[KPI.escalations]++;
    if (!this.trace) return;
    if (!derived) this.trace.escalatedOriginalStarts.push(startH);
    this.trace.escalatedKeys.push(key);
  }

  /** Trace only: `dead` deaths counted against the incident with this key. */
  incidentDeaths(key: number, dead: number): void {
    if (this.trace && dead > 0) this.trace.deathsByKey.set(key, (this.trace.deathsByKey.get(key) ?? 0) + dead);
  }

  /** Force was used on a counted incident, at ladder rung 0 (presence) .. 5 (lethal). */
  force(rung: number): void {
    this.k[KPI.forcePresence + rung]++;
  }

  peacekeepersInjured(n: number): void {
    this.k[KPI.peacekeepersInjured] += n;
    this.k[KPI.injuredTotal] += n;
  }

  /** Police officers injured (counted apart from troops). */
  policeInjured(n: number): void {
    this.k[KPI.policeInjured] += n;
    this.k[KPI.injuredTotal] += n;
  }

  /** Casualties among civilians (party 0) or the parties' forces (party 1). */
  casualties(party: number, dead: number, injured: number): void {
    const k = this.k;
    if (party) {
      k[KPI.deathsParty] += dead;
      k[KPI.injuredParty] += injured;
    } else {
      k[KPI.deathsCivilian] += dead;
      k[KPI.injuredCivilian] += injured;
    }
    k[KPI.deathsTotal] += dead;
    k[KPI.injuredTotal] += injured;
  }

  /**
   * Turn counters into the KPI vector. Cascades: incidents and escalations per cascade (root);
   * a breakdown is the incident cap reached or a cascade with `cascadeThreshold` escalations.
   */
  finish(
    cascadeSize: Int32Array,
    cascadeEsc: Int32Array,
    nCascades: number,
    saturated: boolean,
    cascadeThreshold: number,
  ): void {
    const k = this.k;
    const n = k[KPI.incidents];
    const answered = k[KPI.answeredShare];
    k[KPI.detectedShare] = n > 0 ? k[KPI.detectedShare] / n : 0;
    const needing = this.needing;
    k[KPI.metInTimeShare] = needing > 0 ? k[KPI.metInTimeShare] / needing : 0;
    k[KPI.answeredShare] = needing > 0 ? answered / needing : 0;
    k[KPI.responseTimeMeanMin] = answered > 0 ? (this.respSum / answered) * 60 : 0;
    k[KPI.responseTimeMedianMin] = histQuantile(this.hist, 0.5);
    k[KPI.responseTimeP90Min] = histQuantile(this.hist, 0.9);
    k[KPI.waitMeanMin] = this.dispatched > 0 ? (this.waitSum / this.dispatched) * 60 : 0;
    k[KPI.waitedShare] = this.dispatched > 0 ? this.waited / this.dispatched : 0;
    let largest = 0;
    let mostEsc = 0;
    for (let c = 0; c < nCascades; c++) {
      if (cascadeSize[c] > largest) largest = cascadeSize[c];
      if (cascadeEsc[c] > mostEsc) mostEsc = cascadeEsc[c];
    }
    k[KPI.largestCascade] = largest;
    k[KPI.breakdown] = saturated || mostEsc >= cascadeThreshold ? 1 : 0;
  }

  getTrace(): ReplicationTrace | undefined {
    if (this.trace) this.trace.unansweredAtEnd = this.unanswered;
    return this.trace;
  }
}

/** Quantile of a 1-minute histogram, minutes, interpolating within the bin (0 if empty). */
function histQuantile(hist: ArrayLike<number>, q: number): number {
  let total = 0;
  for (let b = 0; b < hist.length; b++) total += hist[b];
  if (total === 0) return 0;
  const target = q * total;
  let acc = 0;
  for (let b = 0; b < hist.length; b++) {
    const c = hist[b];
    if (acc + c >= target && c > 0) return b + (target - acc) / c;
    acc += c;
  }
  return hist.length;
}
