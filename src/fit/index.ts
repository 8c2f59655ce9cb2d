/**
 * `truce fit`'s core (pure): incidents in, the simulator's Hawkes parameters out, per incident
 * type, with standard errors, a time-rescaling KS line and a `simulation:` section a scenario can
 * use as it is. The I/O (the monitoring store, ACLED CSV) is in src/cli/fit.ts.
 */
import { TruceInputError } from "../errors/index.js";
import { INCIDENT_TYPES, type IncidentType } from "../sim/params.js";
import { type FitOptions, fitHawkes, type HawkesFit } from "./hawkes.js";

export { type FitOptions, fitHawkes, type HawkesData, type HawkesFit, hawkesLogLik, rescalingKs } from "./hawkes.js";

/** One incident for the fit: when (ms since epoch), where (sector id), what (simulator type). */
export interface FitEvent {
  atMs: number;
  sector: string;
  type: IncidentType;
}

const DAY = 86_400_000;

/**
 * Incidents known only to the day (ACLED dates, or timePrecision day/week/month in the store) carry
 * no time of day; stacked at midnight they would look like instant self-excitation. The k-th of
 * m such incidents on a UTC day (in the order given) is placed at (k + ½)/m of that day, so a day
 * keeps its count and order. Incidents known to the minute pass unchanged. Decays much shorter than
 * a day cannot be estimated from day-precision data.
 */
export function spreadWithinDays(events: ReadonlyArray<FitEvent & { coarse: boolean }>): FitEvent[] {
  const byDay = new Map<number, FitEvent[]>();
  const out: FitEvent[] = [];
  for (const e of events) {
    const { coarse, ...ev } = e;
    if (!coarse) {
      out.push(ev);
      continue;
    }
    const day = Math.floor(e.atMs / DAY);
    const list = byDay.get(day) ?? [];
    list.push(ev);
    byDay.set(day, list);
  }
  for (const [day, list] of byDay)
    list.forEach((e, k) => {
      out.push({ ...e, atMs: (day + (k + 0.5) / list.length) * DAY });
    });
  return out;
}

/** ACLED event and sub-event types → the simulator's incident types (null: not modelled, skipped). */
export function simTypeOf(eventType: string, subEventType?: string): IncidentType | null {
  switch (eventType) {
    case "Explosions/Remote violence":
      return "ceasefireViolation";
    case "Battles":
      return subEventType === "Armed clash" || subEventType === undefined ? "armedClash" : "incursion";
    case "Protests":
    case "Riots":
      return "riot";
    default:
      return null;
  }
}

export interface TypeFit {
  type: IncidentType;
  events: number;
  /** Background rate per sector, incidents per sector per day, and its standard error. */
  ratePerSectorDay: Record<string, number>;
  ratePerSectorDaySe: Record<string, number>;
  branchingRatio: number;
  branchingRatioSe: number;
  decayH: number;
  decayHSe: number;
  /** 95% profile-likelihood interval of the decay, hours. */
  decayHCi95: [number, number];
  spilloverShare: number;
  spilloverShareSe: number;
  logLik: number;
  converged: boolean;
  ks: { d: number; p: number };
}

export interface IncidentFit {
  fromMs: number;
  toMs: number;
  days: number;
  sectors: string[];
  types: TypeFit[];
  /** Types with too few incidents to fit (fewer than minEvents). */
  skipped: Array<{ type: IncidentType; events: number }>;
  /** The `simulation:` section: spilloverShare (offspring-weighted over the types) and incidents. */
  section: {
    spilloverShare: number;
    incidents: Partial<
      Record<IncidentType, { ratePerSectorDay: Record<string, number>; branchingRatio: number; decayH: number }>
    >;
  };
}

export interface IncidentFitOptions extends FitOptions {
  /** Window start and end, ms since epoch (default: the first event's UTC day to the end of the last's). */
  fromMs?: number;
  toMs?: number;
  /** Fewest incidents of a type to fit it. Default 20. */
  minEvents?: number;
}

const DAY_MS = 86_400_000;

/**
 * Fit every incident type present. Sectors are `sectors` in line order (the zone's); events in
 * other sectors are an input error naming the sector.
 * @example fitIncidents(events, ["S01", "S02"]).section // { spilloverShare, incidents: { riot: {...} } }
 */
export function fitIncidents(
  events: readonly FitEvent[],
  sectors: readonly string[],
  opts: IncidentFitOptions = {},
): IncidentFit {
  if (sectors.length === 0)
    throw new TruceInputError({ path: "sectors", problem: "no sectors.", fix: "Fit against a zone with sectors." });
  if (events.length === 0)
    throw new TruceInputError({
      path: "incidents",
      problem: "no incidents to fit.",
      fix: "Give incidents of a modelled type (battles, explosions/remote violence, protests, riots) in the zone.",
    });
  const index = new Map(sectors.map((s, i) => [s, i]));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (!index.has(e.sector))
      throw new TruceInputError({
        path: "incidents.sector",
        problem: `"${e.sector}" is not a sector of the zone.`,
        fix: `Sector ids are ${sectors[0]}..${sectors[sectors.length - 1]}.`,
      });
    lo = Math.min(lo, e.atMs);
    hi = Math.max(hi, e.atMs);
  }
  const fromMs = opts.fromMs ?? Math.floor(lo / DAY_MS) * DAY_MS;
  const toMs = opts.toMs ?? (Math.floor(hi / DAY_MS) + 1) * DAY_MS;
  if (!(toMs > fromMs))
    throw new TruceInputError({ path: "to", problem: "the window is empty.", fix: "Use a --to after --from." });
  const T = (toMs - fromMs) / 3_600_000;
  const minEvents = opts.minEvents ?? 20;
  const types: TypeFit[] = [];
  const skipped: IncidentFit["skipped"] = [];
  const section: IncidentFit["section"] = { spilloverShare: 0, incidents: {} };
  let spillW = 0;
  let spillSum = 0;
  for (const type of INCIDENT_TYPES) {
    const sel = events
      .filter((e) => e.type === type && e.atMs >= fromMs && e.atMs < toMs)
      .sort((a, b) => a.atMs - b.atMs || (index.get(a.sector) as number) - (index.get(b.sector) as number));
    if (sel.length === 0) continue;
    if (sel.length < minEvents) {
      skipped.push({ type, events: sel.length });
      continue;
    }
    const f: HawkesFit = fitHawkes(
      {
        tH: Float64Array.from(sel, (e) => (e.atMs - fromMs) / 3_600_000),
        sector: Int32Array.from(sel, (e) => index.get(e.sector) as number),
        nSectors: sectors.length,
        horizonH: T,
      },
      opts,
    );
    const perDay = (x: Float64Array) => Object.fromEntries(sectors.map((s, i) => [s, x[i] * 24]));
    const t: TypeFit = {
      type,
      events: f.events,
      ratePerSectorDay: perDay(f.muPerH),
      ratePerSectorDaySe: perDay(f.se.muPerH),
      branchingRatio: f.branching,
      branchingRatioSe: f.se.branching,
      decayH: f.decayH,
      decayHSe: f.se.decayH,
      decayHCi95: f.decayHCi95,
      spilloverShare: f.spill,
      spilloverShareSe: f.se.spill,
      logLik: f.logLik,
      converged: f.converged,
      ks: f.ks,
    };
    types.push(t);
    // the simulator's branching ratio must stay below 1 (N_MAX keeps the fit there)
    section.incidents[type] = {
      ratePerSectorDay: round(t.ratePerSectorDay),
      branchingRatio: sig(t.branchingRatio),
      decayH: sig(Math.max(t.decayH, 1e-3)),
    };
    const w = f.events * f.branching;
    spillW += w;
    spillSum += w * f.spill;
  }
  section.spilloverShare = spillW > 0 ? sig(spillSum / spillW) : 0;
  return { fromMs, toMs, days: T / 24, sectors: [...sectors], types, skipped, section };
}

/** Four significant figures: enough for a scenario file, and stable to read. */
function sig(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : x;
}
function round(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sig(v)]));
}
