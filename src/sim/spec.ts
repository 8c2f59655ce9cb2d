/**
 * Compile a scenario, its zone and the `simulation:` parameters into a plain,
 * structured-clone-friendly model specification (numbers and typed arrays
 * only), so that a replication can run in any worker thread. This is also
 * where the force size becomes units and coverage (the documented troops
 * mapping, docs/simulation.md#troops).
 */
import { TruceInputError } from "../errors/index.js";
import type { Zone } from "../geo/types.js";
import type { OperationalAssumptions } from "../ops/assumptions.js";
import { BOUNDS, checkBound } from "../scenario/bounds.js";
import { FORCE_LADDER, INCIDENT_TYPES, type SimulationParams } from "./params.js";

/** Per-sector detection input from another stage (e.g. patrol coverage from src/patrol). */
export type PerSector = ArrayLike<number> | Record<string, number>;

export interface SpecOptions {
  /** Troops to simulate; default params.troops, then the scenario's force.troops. */
  troops?: number;
  /** Civilian monitors (observe like troops on watch); default scenario force.civilianMonitors. */
  civilianMonitors?: number;
  /** Police (formed units answer riots, the rest observe); default scenario force.police. */
  police?: number;
  /** Detection probability per sector (index order or by sector id), overriding the coverage model. */
  detectionBySector?: PerSector;
  /** Coverage in [0, 1] per sector (e.g. the patrol game's coverage); p = min + (max − min) × coverage. */
  coverageBySector?: PerSector;
  /**
   * Quick-reaction bases as distances along the line, km (e.g. the plan's bases). On-duty units are
   * shared among them in turn. Default: units spread evenly, apportioned to sectors by length.
   */
  unitBasesKm?: readonly number[];
  /** Statistics count incidents starting after this many days (to skip the empty-start transient). Default 0. */
  warmupDays?: number;
  /** The operational assumptions shared with sizing (src/ops); their qrfShare sets the quick-reaction units. */
  operations?: Pick<OperationalAssumptions, "qrfShare">;
}

export const NT = INCIDENT_TYPES.length;
export const NR = FORCE_LADDER.length;

export interface ModelSpec {
  horizonH: number;
  warmupH: number;
  nSectors: number;
  sectorIds: string[];
  sectorStartKm: Float64Array;
  sectorEndKm: Float64Array;
  /** Mean lateral distance of an incident from the line (uniform across the zone's width), km. */
  halfWidthKm: number;
  /** Base rate per hour, index sector * NT + type. */
  muPerH: Float64Array;
  // per-type parameters (index = type)
  branching: Float64Array;
  decayH: Float64Array;
  crowdMedian: Float64Array;
  crowdSigma: Float64Array;
  goldenH: Float64Array;
  onSceneH: Float64Array;
  selfResolveH: Float64Array;
  escProb: Float64Array;
  containRatio: Float64Array;
  spawnMean: Float64Array;
  crowdGrowth: Float64Array;
  deathsPP: Float64Array;
  injuredPP: Float64Array;
  victimsParty: Uint8Array;
  pkInjuredPP: Float64Array;
  maxRung: Int32Array;
  responseShare: Float64Array;
  spillover: number;
  pDetect: Float64Array;
  detectDelayH: number;
  // units on duty, sorted by base position along the line
  qrfUnits: number;
  unitsOnDuty: number;
  unitBaseKm: Float64Array;
  unitReachLo: Int32Array;
  unitReachHi: Int32Array;
  /** 1 for a formed police unit, 0 for a troop unit (same order as unitBaseKm). */
  unitIsPolice: Uint8Array;
  unitSize: number;
  policeUnitSize: number;
  /** Per type: 1 if police units answer it. */
  policeResponds: Uint8Array;
  speedKmh: number;
  roadFactor: number;
  restH: number;
  maxDispatchKm: number;
  maxUnitsPerIncident: number;
  ladderSuccess: Float64Array;
  nonLethalInjuredPP: number;
  lethalDeathsMean: number;
  lethalInjuredMean: number;
  /** Escalations in one cascade that make a breakdown. */
  cascadeThreshold: number;
  maxIncidents: number;
  // shocks
  shockAtH: Float64Array;
  shockDurationH: Float64Array;
  shockPerSector: Float64Array;
  /** Bit mask of types per shock. */
  shockTypes: Int32Array;
  /** Per shock: -1 = share (shockShare), else a list in shockSectorList[shockSectorOffset[k] .. offset[k+1]]. */
  shockShare: Float64Array;
  shockSectorOffset: Int32Array;
  shockSectorList: Int32Array;
  /** How troops became units and coverage, for the report. */
  mapping: ForceMapping;
}

export interface ForceMapping {
  troops: number;
  civilianMonitors: number;
  police: number;
  /** Formed police units, and how many are on duty (they answer `simulation.police.respondsTo`). */
  policeUnits: number;
  policeUnitsOnDuty: number;
  qrfUnits: number;
  unitsOnDuty: number;
  observersOnWatch: number;
  meanDetectionProbability: number;
}

interface ScenarioLike {
  force?: { troops?: number; civilianMonitors?: number; police?: number };
}

function bad(path: string, problem: string, fix: string): never {
  throw new TruceInputError({ path, problem, fix });
}

function perSector(v: PerSector, zone: Zone, name: string): Float64Array {
  const n = zone.sectors.length;
  const out = new Float64Array(n);
  if (typeof (v as ArrayLike<number>).length === "number") {
    const a = v as ArrayLike<number>;
    if (a.length !== n)
      bad(name, `has ${a.length} values but the zone has ${n} sectors.`, "Give one value per sector, in sector order.");
    for (let i = 0; i < n; i++) out[i] = a[i];
  } else {
    const rec = v as Record<string, number>;
    const ids = zone.sectors.map((s) => s.id);
    for (const [k, x] of Object.entries(rec)) {
      const i = ids.indexOf(k);
      if (i < 0)
        bad(`${name}.${k}`, `"${k}" is not a sector of this zone.`, `Sector ids are ${ids[0]}..${ids[n - 1]}.`);
      out[i] = x;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!(out[i] >= 0 && out[i] <= 1))
      bad(`${name}[${i}]`, `${out[i]} is not a probability.`, "Use values between 0 and 1.");
  }
  return out;
}

/** Split `total` into integer parts proportional to `weights` (largest remainder; ties to the lower index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j++, left--) out[order[j % order.length][1]]++;
  return out;
}

/** Bases for `n` units spread evenly along the sectors, apportioned by length. */
function spreadBases(n: number, lengths: number[], startKm: Float64Array, out: number[]): void {
  const per = apportion(n, lengths);
  for (let s = 0; s < lengths.length; s++) {
    const m = per[s];
    for (let j = 0; j < m; j++) out.push(startKm[s] + ((j + 0.5) / m) * lengths[s]);
  }
}

export function compileSpec(
  scenario: ScenarioLike,
  zone: Zone,
  p: SimulationParams,
  opts: SpecOptions = {},
): ModelSpec {
  const S = zone.sectors.length;
  if (S === 0) bad("zone.sectors", "the zone has no sectors.", "Set zone.sectors or zone.sectorLengthKm.");
  const troops = opts.troops ?? p.troops ?? scenario.force?.troops;
  if (troops === undefined) {
    bad(
      "simulation.troops",
      "no force size to simulate.",
      "Set force.troops or simulation.troops, or pass --sweep troops=A..B.",
    );
  }
  // Last guard before per-unit arrays are allocated (1e15 troops once crashed the process).
  checkBound("troops", troops, BOUNDS.troops);
  const monitors = opts.civilianMonitors ?? scenario.force?.civilianMonitors ?? 0;
  checkBound("civilianMonitors", monitors, BOUNDS.civilians);
  const police = opts.police ?? scenario.force?.police ?? 0;
  checkBound("police", police, BOUNDS.civilians);
  const warmupDays = opts.warmupDays ?? 0;
  if (!(warmupDays >= 0 && warmupDays < p.days))
    bad("warmupDays", `${warmupDays} is not in [0, days).`, "Use a warm-up shorter than the horizon.");
  const sectorIds = zone.sectors.map((s) => s.id);
  const startKm = Float64Array.from(zone.sectors, (s) => s.startKm);
  const endKm = Float64Array.from(zone.sectors, (s) => s.endKm);
  const lengths = zone.sectors.map((s) => Math.max(0, s.endKm - s.startKm));

  const mu = new Float64Array(S * NT);
  const f = (fn: (t: (typeof p.incidents)["riot"]) => number) =>
    Float64Array.from(INCIDENT_TYPES, (t) => fn(p.incidents[t]));
  INCIDENT_TYPES.forEach((t, k) => {
    const r = p.incidents[t].ratePerSectorDay;
    if (typeof r === "number") for (let s = 0; s < S; s++) mu[s * NT + k] = r / 24;
    else {
      for (const [id, v] of Object.entries(r)) {
        const s = sectorIds.indexOf(id);
        if (s < 0)
          bad(
            `simulation.incidents.${t}.ratePerSectorDay.${id}`,
            `"${id}" is not a sector of this zone.`,
            `Sector ids are ${sectorIds[0]}..${sectorIds[S - 1]}.`,
          );
        mu[s * NT + k] = v / 24;
      }
    }
  });

  // Troops mapping: QRF units and observers.
  const rp = p.response;
  const qrfShare = opts.operations?.qrfShare ?? rp.qrfShare;
  const qrfUnits = rp.qrfUnits ?? Math.floor((troops * qrfShare) / rp.unitSize);
  checkBound("simulation.response.qrfUnits", qrfUnits, BOUNDS.qrfUnits, "Use fewer troops or a larger unitSize.");
  const onDuty = Math.round(qrfUnits * rp.availability);
  const pp = p.police;
  const policeUnits = Math.floor((police * pp.responseShare) / pp.unitSize);
  const policeOnDuty = Math.round(policeUnits * pp.availability);
  const bases: number[] = [];
  if (opts.unitBasesKm) {
    const given = opts.unitBasesKm;
    const lineEnd = endKm[S - 1];
    if (given.length === 0)
      bad("unitBasesKm", "is empty.", "Give at least one base, or leave it out to spread units evenly.");
    given.forEach((x, i) => {
      if (!(x >= startKm[0] && x <= lineEnd)) {
        bad(
          `unitBasesKm[${i}]`,
          `${x} km is not on the line (0 to ${lineEnd.toFixed(1)} km).`,
          "Give distances along the line of contact.",
        );
      }
    });
    for (let j = 0; j < onDuty; j++) bases.push(given[j % given.length]);
  } else spreadBases(onDuty, lengths, startKm, bases);
  // police units: spread by length (police stations follow the population, not the plan's bases)
  const policeBases: number[] = [];
  spreadBases(policeOnDuty, lengths, startKm, policeBases);
  const units = [...bases.map((x) => [x, 0] as const), ...policeBases.map((x) => [x, 1] as const)];
  units.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unitBaseKm = Float64Array.from(units, (u) => u[0]);
  const unitIsPolice = Uint8Array.from(units, (u) => u[1]);
  const unitReachLo = new Int32Array(units.length);
  const unitReachHi = new Int32Array(units.length);
  for (let u = 0; u < units.length; u++) {
    const x = unitBaseKm[u];
    let lo = S;
    let hi = -1;
    for (let s = 0; s < S; s++) {
      const d = x < startKm[s] ? startKm[s] - x : x > endKm[s] ? x - endKm[s] : 0;
      if (d <= rp.maxDispatchKm) {
        if (s < lo) lo = s;
        hi = s;
      }
    }
    unitReachLo[u] = lo;
    unitReachHi[u] = hi;
  }

  const d = p.detection;
  // police outside the formed units observe and report like monitors
  const observers = (troops * rp.observeShare + monitors + police * (1 - pp.responseShare)) * rp.availability;
  const pDetect = new Float64Array(S);
  if (opts.detectionBySector) pDetect.set(perSector(opts.detectionBySector, zone, "detectionBySector"));
  else if (opts.coverageBySector) {
    const c = perSector(opts.coverageBySector, zone, "coverageBySector");
    for (let s = 0; s < S; s++) pDetect[s] = d.minProbability + (d.maxProbability - d.minProbability) * c[s];
  } else {
    const obs = apportion(Math.round(observers), lengths);
    for (let s = 0; s < S; s++) {
      const density = obs[s] / Math.max(zone.sectors[s].areaKm2, 1e-9);
      pDetect[s] =
        d.minProbability + ((d.maxProbability - d.minProbability) * density) / (density + d.observersPerKm2AtHalf);
    }
  }

  const shocks = p.shocks;
  const shockSectorOffset = new Int32Array(shocks.length + 1);
  const list: number[] = [];
  const shockShare = new Float64Array(shocks.length);
  shocks.forEach((sh, k) => {
    if (sh.atDay >= p.days)
      bad(
        `simulation.shocks[${k}].atDay`,
        `${sh.atDay} is after the horizon (${p.days} days).`,
        "Move it inside the horizon or lengthen simulation.days.",
      );
    if (sh.sectors === "all") shockShare[k] = 1;
    else if (typeof sh.sectors === "number") shockShare[k] = sh.sectors;
    else {
      shockShare[k] = -1;
      for (const id of sh.sectors) {
        const s = sectorIds.indexOf(id);
        if (s < 0)
          bad(
            `simulation.shocks[${k}].sectors`,
            `"${id}" is not a sector of this zone.`,
            `Sector ids are ${sectorIds[0]}..${sectorIds[S - 1]}.`,
          );
        list.push(s);
      }
    }
    shockSectorOffset[k + 1] = list.length;
  });

  let meanP = 0;
  for (let s = 0; s < S; s++) meanP += pDetect[s] / S;

  return {
    horizonH: p.days * 24,
    warmupH: warmupDays * 24,
    nSectors: S,
    sectorIds,
    sectorStartKm: startKm,
    sectorEndKm: endKm,
    halfWidthKm: (zone.leftKm + zone.rightKm) / 4,
    muPerH: mu,
    branching: f((t) => t.branchingRatio),
    decayH: f((t) => t.decayH),
    crowdMedian: f((t) => t.crowdMedian),
    crowdSigma: f((t) => t.crowdSigma),
    goldenH: f((t) => t.goldenTimeMin / 60),
    onSceneH: f((t) => t.onSceneMin / 60),
    selfResolveH: f((t) => t.selfResolveH),
    escProb: f((t) => t.escalationProbability),
    containRatio: f((t) => t.containRatio),
    spawnMean: f((t) => t.escalationSpawnMean),
    crowdGrowth: f((t) => t.escalationCrowdGrowth),
    deathsPP: f((t) => t.deathsPerParticipant),
    injuredPP: f((t) => t.injuredPerParticipant),
    victimsParty: Uint8Array.from(INCIDENT_TYPES, (t) => (p.incidents[t].victims === "party" ? 1 : 0)),
    pkInjuredPP: f((t) => t.peacekeeperInjuriesPerParticipant),
    maxRung: Int32Array.from(INCIDENT_TYPES, (t) => FORCE_LADDER.indexOf(p.incidents[t].maxForce)),
    responseShare: f((t) => t.responseShare),
    spillover: p.spilloverShare,
    pDetect,
    detectDelayH: d.meanDelayMin / 60,
    qrfUnits,
    unitsOnDuty: units.length,
    unitBaseKm,
    unitReachLo,
    unitReachHi,
    unitIsPolice,
    unitSize: rp.unitSize,
    policeUnitSize: pp.unitSize,
    policeResponds: Uint8Array.from(INCIDENT_TYPES, (t) => (pp.respondsTo.includes(t) ? 1 : 0)),
    speedKmh: rp.speedKmh,
    roadFactor: rp.roadFactor,
    restH: rp.restMin / 60,
    maxDispatchKm: rp.maxDispatchKm,
    maxUnitsPerIncident: rp.maxUnitsPerIncident,
    ladderSuccess: Float64Array.from(p.force.ladderSuccess),
    nonLethalInjuredPP: p.force.nonLethalInjuredPerParticipant,
    lethalDeathsMean: p.force.lethalDeathsMean,
    lethalInjuredMean: p.force.lethalInjuredMean,
    cascadeThreshold: p.breakdown.cascadeEscalations,
    maxIncidents: p.breakdown.maxIncidents,
    shockAtH: Float64Array.from(shocks, (s) => s.atDay * 24),
    shockDurationH: Float64Array.from(shocks, (s) => s.durationH),
    shockPerSector: Float64Array.from(shocks, (s) => s.incidentsPerSector),
    shockTypes: Int32Array.from(shocks, (s) => s.types.reduce((m, t) => m | (1 << INCIDENT_TYPES.indexOf(t)), 0)),
    shockShare,
    shockSectorOffset,
    shockSectorList: Int32Array.from(list),
    mapping: {
      troops,
      civilianMonitors: monitors,
      police,
      policeUnits,
      policeUnitsOnDuty: policeOnDuty,
      qrfUnits,
      unitsOnDuty: bases.length,
      observersOnWatch: Math.round(observers),
      meanDetectionProbability: meanP,
    },
  };
}
