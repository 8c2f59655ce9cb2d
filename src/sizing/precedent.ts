/**
 * The precedent forecast: what past missions like this one deployed (a reference-class
 * forecast, after Kahneman and Flyvbjerg). The past missions of the same class (line, zone,
 * territory) are ranked by how alike they are (posture, threat, who led, scale). Each of the
 * nearest is scaled to this mission's size by the class's driver (km of line, km² of zone,
 * inhabitants of a territory) with an elasticity β: troops_i × (x / x_i)^β. β = 1 is a fixed
 * rate per km or per inhabitant, β = 0 the same troops whatever the size; β is fitted on the
 * missions given (leave-one-out, a grid of 0, 0.1, …, 1), never on the mission forecast. The forecast is the
 * median of the scaled neighbours, and the range is theirs.
 *
 * Pure: the caller passes the past missions (parsed from data/missions.csv).
 */
import type { Threat } from "./params.js";
import type { MissionClass, SizingInputs } from "./types.js";

/** A past mission the forecast can draw on. */
export interface PrecedentCase {
  mission: string;
  year: number;
  missionClass: MissionClass;
  posture: string;
  threat: Threat;
  lead?: string;
  troops: number;
  lengthKm?: number;
  zoneAreaKm2?: number;
  theaterAreaKm2?: number;
  population?: number;
}

/** What the forecast scales by. */
export type PrecedentDriver = "lengthKm" | "zoneAreaKm2" | "population" | "theaterAreaKm2";

export interface PrecedentMission {
  mission: string;
  year: number;
  troops: number;
  /** Its troops scaled to this mission's size: troops × (x / x_i)^β. */
  scaled: number;
  /** Troops per unit of the driver. */
  rate: number;
  /** How unlike this mission it is (0 = same posture, threat, lead and scale). */
  distance: number;
}

export interface Precedent {
  troops: number;
  /**
   * The range: the forecast × / ÷ the 80th percentile of the class's leave-one-out errors, widened to
   * include every scaled neighbour.
   */
  low: number;
  high: number;
  driver: PrecedentDriver;
  /** Forecast troops per unit of the driver (troops / driver). */
  rate: number;
  /** Elasticity of troops with the driver, fitted on the precedents. */
  elasticity: number;
  missions: PrecedentMission[];
  /** The arithmetic in one line. */
  basis: string;
}

/** How many of the nearest missions the forecast uses. */
export const PRECEDENT_K = 3;

/** Neighbours farther than the nearest by more than this are left out (the two nearest always count). */
export const PRECEDENT_MAX_GAP = 1;

const THREAT_INDEX: Record<Threat, number> = { low: 0, medium: 1, high: 2 };

const UNIT: Record<PrecedentDriver, string> = {
  lengthKm: "km of line",
  zoneAreaKm2: "km² of zone",
  population: "inhabitants",
  theaterAreaKm2: "km² of territory",
};

/** A rate in words: troops per km, per km², or per 1,000 inhabitants. */
function perUnit(driver: PrecedentDriver, rate: number): string {
  if (driver === "population") return `${fmt(rate * 1000)}/1,000`;
  return `${fmt(rate)}/${driver === "lengthKm" ? "km" : "km²"}`;
}

/** The class a sizing's inputs belong to. */
export function classOf(i: Pick<SizingInputs, "missionClass" | "territory">): MissionClass {
  return i.missionClass ?? (i.territory ? "territory" : "line");
}

function driverOf(c: MissionClass, i: Partial<Record<PrecedentDriver, number>>): PrecedentDriver | undefined {
  const has = (k: PrecedentDriver) => (i[k] ?? 0) > 0;
  if (c === "territory") return has("population") ? "population" : has("theaterAreaKm2") ? "theaterAreaKm2" : undefined;
  if (c === "zone") return has("zoneAreaKm2") ? "zoneAreaKm2" : has("lengthKm") ? "lengthKm" : undefined;
  if (c === "line") return has("lengthKm") ? "lengthKm" : undefined;
  return undefined;
}

/** Classes a mission of class c can learn from: a zone is a line with depth, and the other way round. */
function kin(c: MissionClass): MissionClass[] {
  return c === "territory" ? ["territory"] : c === "reassurance" ? ["reassurance"] : ["line", "zone"];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (x: number) =>
  (Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3))).toLocaleString("en-US", {
    maximumFractionDigits: 6,
  });

interface Neighbour extends PrecedentMission {
  size: number;
}

/** The past missions a target can learn from, nearest first. */
function neighbours(
  target: SizingInputs,
  cls: MissionClass,
  driver: PrecedentDriver,
  cases: readonly PrecedentCase[],
  exclude: string | undefined,
  beta: number,
): Neighbour[] {
  const x = target[driver]!;
  return cases
    .filter((c) => c.mission !== exclude && kin(cls).includes(c.missionClass) && (c[driver] ?? 0) > 0)
    .map((c) => {
      const size = c[driver]!;
      const d =
        (c.posture === target.posture ? 0 : 1) +
        0.5 * Math.abs(THREAT_INDEX[c.threat] - THREAT_INDEX[target.threat]) +
        (c.lead && target.lead && c.lead !== target.lead ? 0.5 : 0) +
        (c.missionClass === cls ? 0 : 0.5) +
        Math.abs(Math.log10(size / x));
      return {
        mission: c.mission,
        year: c.year,
        troops: c.troops,
        scaled: c.troops * (x / size) ** beta,
        rate: c.troops / size,
        distance: d,
        size,
      };
    })
    .sort((a, b) => a.distance - b.distance || a.mission.localeCompare(b.mission));
}

function caseInputs(c: PrecedentCase): SizingInputs {
  return {
    posture: c.posture as SizingInputs["posture"],
    threat: c.threat,
    territory: c.missionClass === "territory",
    missionClass: c.missionClass,
    lead: c.lead,
    lengthKm: c.lengthKm,
    zoneAreaKm2: c.zoneAreaKm2,
    theaterAreaKm2: c.theaterAreaKm2,
    population: c.population,
  };
}

const BETAS = Array.from({ length: 11 }, (_, k) => k / 10);
/** Share of the class's own leave-one-out errors the printed range covers. */
export const PRECEDENT_COVERAGE = 0.8;

interface Fit {
  beta: number;
  /** Leave-one-out |ln(forecast / actual)| of the class's missions at that β. */
  errors: number[];
}
const betaMemo = new WeakMap<readonly PrecedentCase[], Map<string, Fit>>();

/**
 * The elasticity β for a class and driver: the grid value with the least median |ln(forecast/actual)|
 * over the precedents of that class, each forecast from the others (ties: the smaller β).
 */
export function fitElasticity(
  cases: readonly PrecedentCase[],
  cls: MissionClass,
  driver: PrecedentDriver,
  exclude?: string,
  k = PRECEDENT_K,
): number {
  return fitClass(cases, cls, driver, exclude, k).beta;
}

function fitClass(
  cases: readonly PrecedentCase[],
  cls: MissionClass,
  driver: PrecedentDriver,
  exclude: string | undefined,
  k: number,
): Fit {
  let memo = betaMemo.get(cases);
  if (!memo) {
    memo = new Map();
    betaMemo.set(cases, memo);
  }
  const key = `${cls}|${driver}|${exclude ?? ""}|${k}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const own = cases.filter((c) => c.mission !== exclude && kin(cls).includes(c.missionClass) && (c[driver] ?? 0) > 0);
  let best: Fit = { beta: 1, errors: [] };
  let bestErr = Number.POSITIVE_INFINITY;
  for (const beta of BETAS) {
    const errs: number[] = [];
    for (const c of own) {
      const near = nearest(neighbours(caseInputs(c), cls, driver, own, c.mission, beta), k);
      if (near.length < 2) continue;
      errs.push(Math.abs(median(near.map((m) => Math.log(m.scaled))) - Math.log(c.troops)));
    }
    if (errs.length === 0) continue;
    const err = median(errs);
    if (err < bestErr - 1e-12) {
      best = { beta, errors: errs };
      bestErr = err;
    }
  }
  memo.set(key, best);
  return best;
}

/** The k nearest, but none much farther than the nearest: a deter mission does not borrow stabilisations. */
function nearest(pool: readonly Neighbour[], k: number): Neighbour[] {
  return pool.slice(0, k).filter((m, j) => j < 2 || m.distance <= pool[0].distance + PRECEDENT_MAX_GAP);
}

/**
 * The precedent forecast for a mission, or undefined when fewer than two past missions of its
 * class have the driver it needs (say "no precedent", never borrow another class's).
 *
 * Distance to a past mission: 1 if the posture differs, 0.5 per step of threat (low/medium/high),
 * 0.5 if both leads are known and differ, 0.5 if line and zone differ, plus |log10| of the ratio
 * of the two drivers (a mission ten times the size counts as one posture apart).
 *
 * @param exclude a mission name to leave out (leave-one-out accuracy)
 * @example precedentForecast({ posture: "monitor", threat: "medium", territory: false, lengthKm: 1030 }, cases)?.troops
 */
export function precedentForecast(
  target: SizingInputs,
  cases: readonly PrecedentCase[],
  opts: { exclude?: string; k?: number } = {},
): Precedent | undefined {
  const cls = classOf(target);
  const driver = driverOf(cls, target);
  if (!driver) return undefined;
  const x = target[driver]!;
  const k = opts.k ?? PRECEDENT_K;
  const fit = fitClass(cases, cls, driver, opts.exclude, k);
  const elasticity = fit.beta;
  const pool = neighbours(target, cls, driver, cases, opts.exclude, elasticity);
  if (pool.length < 2) return undefined;
  const near = nearest(pool, k).map(({ size: _size, ...m }) => m);
  const scaled = near.map((m) => m.scaled);
  const troops = Math.exp(median(scaled.map(Math.log)));
  // The range is the forecast's own track record: the class's leave-one-out errors, 80% of them.
  const sorted = [...fit.errors].sort((a, b) => a - b);
  const spread = sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil(PRECEDENT_COVERAGE * sorted.length) - 1)]
    : 0;
  const rate = troops / x;
  return {
    troops,
    low: Math.min(troops * Math.exp(-spread), ...scaled),
    high: Math.max(troops * Math.exp(spread), ...scaled),
    driver,
    rate,
    elasticity,
    missions: near,
    basis: `median of the ${near.length} nearest past ${cls === "territory" ? "territory" : "line and zone"} missions scaled to ${fmt(x)} ${UNIT[driver]} by (size ratio)^${elasticity} (${near
      .map((m) => `${m.mission} ${fmt(m.troops)} → ${fmt(m.scaled)}`)
      .join(", ")}): ${fmt(troops)}, ${perUnit(driver, rate)}`,
  };
}
