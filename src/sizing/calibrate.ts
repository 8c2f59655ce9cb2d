/**
 * Calibration against history: run every method, with its default parameters and no
 * per-mission tuning, on every past mission that has the inputs it needs, and compare
 * with the troops actually deployed. Also fit each rate-based method's one rate per
 * posture (or threat) to the data, and report its leave-one-out error: the honest
 * out-of-sample figure for a fitted method. The precedent forecast is always left-one-out
 * (a mission is never its own precedent).
 *
 * A hold-out set (data/missions-holdout.csv) is never used for fitting: its missions are
 * predicted from the calibration set alone, and reported apart.
 */
import { type Mission, missionInputs, precedentCases } from "./missions.js";
import type { ParamName } from "./params.js";
import { classOf, type PrecedentCase } from "./precedent.js";
import { METHOD_NAMES, type MethodName, paramsFor, runMethod, type SizingInputs, sizeScenario } from "./size.js";

/** A fitted variant: one method, one rate parameter, fitted separately in each cell of missions. */
interface FitSpec {
  name: string;
  method: MethodName;
  param: ParamName;
  /** Which missions share a fitted rate. */
  cell(i: SizingInputs): string;
  /** Missions the rate is linear in (prediction = driver × rate). */
  eligible(i: SizingInputs): boolean;
}

const FITS: FitSpec[] = [
  { name: "density-fit", method: "density", param: "troopsPer1000", cell: (i) => i.threat, eligible: () => true },
  {
    name: "frontage-fit",
    method: "frontage",
    param: "troopsPerKm",
    cell: (i) => i.posture,
    eligible: (i) => i.posture !== "deter",
  },
  {
    name: "zoneArea-fit",
    method: "zoneArea",
    param: "troopsPerKm2",
    cell: (i) => `${i.territory ? "territory" : "zone"}/${i.posture}`,
    eligible: () => true,
  },
];

export const CALIBRATION_METHODS: readonly string[] = [
  ...METHOD_NAMES,
  "precedent",
  "recommended",
  ...FITS.map((f) => f.name),
];

export interface CalibrationRow {
  mission: string;
  year: number;
  posture: string;
  threat: string;
  /** line | zone | territory | reassurance */
  missionClass: string;
  /** Troops actually deployed. */
  actual: number;
  /** Predicted troops per method (defaults), per fitted variant (in-sample), and the recommendation. */
  predicted: Record<string, number>;
  /** predicted / actual */
  ratio: Record<string, number>;
  /** Leave-one-out predictions of the fitted variants (this mission left out of the fit). */
  loo: Record<string, number>;
  /** The printed range (low, high) per method, the precedent and the recommendation. */
  range: Record<string, [number, number]>;
  /** Which answer the recommendation followed. */
  follows: "precedent" | "requirement";
  /** The precedents the forecast used for this mission. */
  precedentMissions: string[];
  /** Whether the force was judged sufficient (missions.csv `sufficient`), when judged. */
  sufficient?: "yes" | "no";
  /** The method the recommendation used for this mission. */
  recommendedMethod: string;
  /** confirmed | secondary | recalled, and where the figures come from (missions.csv). */
  status: string;
  source: string;
}

export interface MethodSummary {
  /** Missions the method could be run on. */
  n: number;
  /** Median of |ln(predicted / actual)|. exp() of it is the typical error factor. */
  medianAbsLogError: number;
  /** The same with each mission left out of the fit. Equal to medianAbsLogError for methods not fitted to these data. */
  looMedianAbsLogError: number;
  /** exp(medianAbsLogError): "within a factor of X". */
  medianErrorFactor: number;
  looMedianErrorFactor: number;
  /** Median of predicted / actual: above 1 the method over-predicts. */
  medianRatio: number;
  /** Share of missions predicted within a factor of 2. */
  withinFactor2: number;
  /** Share of missions whose actual strength lies inside the printed low–high range (null when no range). */
  coverage: number | null;
  fitted: boolean;
  /** Fitted rates by cell (fitted variants only). */
  rates?: Record<string, number>;
}

export interface Calibration {
  missions: CalibrationRow[];
  /** In-sample figures (fitted variants and the precedent also leave-one-out). */
  summary: Record<string, MethodSummary>;
  /** Rows left out, and why. */
  skipped: Array<{ mission: string; reason: string }>;
  /** The hold-out set, predicted from the calibration set alone; absent when none is given. */
  outOfSample?: { missions: CalibrationRow[]; summary: Record<string, MethodSummary>; skipped: Calibration["skipped"] };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Used {
  m: Mission;
  inputs: SizingInputs;
  actual: number;
}

/** The missions a calibration can use, and why the others are left out. */
function usable(missions: readonly Mission[]): { used: Used[]; skipped: Calibration["skipped"] } {
  const skipped: Calibration["skipped"] = [];
  const used: Used[] = [];
  for (const m of missions) {
    if (m.record !== "history") {
      skipped.push({ mission: m.mission, reason: "a proposal, not a deployed force" });
      continue;
    }
    if (!(m.troops !== undefined && m.troops > 0)) {
      skipped.push({ mission: m.mission, reason: "no troop figure (police or civilian monitors only)" });
      continue;
    }
    const inputs = missionInputs(m);
    if (!inputs) {
      skipped.push({ mission: m.mission, reason: `posture "${m.posture}" is not one the methods size` });
      continue;
    }
    const params = paramsFor(inputs);
    if (METHOD_NAMES.every((method) => runMethod(method, inputs, params) === undefined)) {
      skipped.push({ mission: m.mission, reason: "no line length, zone or territory: no method has its inputs" });
      continue;
    }
    used.push({ m, inputs, actual: m.troops });
  }
  return { used, skipped };
}

/** Every method, the precedent (drawn from `precedents`, the mission itself left out) and the recommendation. */
function predictRow(u: Used, precedents: readonly PrecedentCase[]): CalibrationRow {
  const { m, inputs, actual } = u;
  const r = sizeScenario(inputs, { precedents, excludePrecedent: m.mission });
  const predicted: Record<string, number> = {};
  const range: Record<string, [number, number]> = {};
  for (const e of r.estimates) {
    predicted[e.method] = e.troops;
    range[e.method] = [e.low, e.high];
  }
  if (r.precedent) {
    predicted.precedent = r.precedent.troops;
    range.precedent = [r.precedent.low, r.precedent.high];
  }
  const rec = r.recommended;
  if (rec.troops > 0) {
    predicted.recommended = rec.troops;
    range.recommended = [rec.low, rec.high];
  }
  return {
    mission: m.mission,
    year: m.year,
    posture: m.posture,
    threat: m.threat,
    missionClass: classOf(inputs),
    actual,
    predicted,
    ratio: {},
    loo: {},
    range,
    follows: rec.follows,
    precedentMissions: r.precedent ? r.precedent.missions.map((p) => p.mission) : [],
    recommendedMethod: rec.method,
    status: m.status,
    source: m.source,
    ...(m.sufficient ? { sufficient: m.sufficient } : {}),
  };
}

function summarise(
  rows: readonly CalibrationRow[],
  fitRates: Record<string, Record<string, number>>,
  looFor: (name: string) => boolean,
) {
  for (const r of rows) for (const [k, p] of Object.entries(r.predicted)) r.ratio[k] = p / r.actual;
  const summary: Record<string, MethodSummary> = {};
  for (const name of CALIBRATION_METHODS) {
    const have = rows.filter((r) => r.predicted[name] !== undefined);
    if (have.length === 0) continue;
    const errs = have.map((r) => Math.abs(Math.log(r.ratio[name])));
    const fitted = name in fitRates;
    const looErrs = looFor(name) ? have.map((r) => Math.abs(Math.log(r.loo[name] / r.actual))) : errs;
    const mae = median(errs);
    const loo = median(looErrs);
    const ranged = have.filter((r) => r.range[name] !== undefined);
    summary[name] = {
      n: have.length,
      medianAbsLogError: mae,
      looMedianAbsLogError: loo,
      medianErrorFactor: Math.exp(mae),
      looMedianErrorFactor: Math.exp(loo),
      medianRatio: median(have.map((r) => r.ratio[name])),
      withinFactor2: errs.filter((e) => e <= Math.LN2).length / errs.length,
      coverage:
        ranged.length === 0
          ? null
          : ranged.filter((r) => r.range[name][0] <= r.actual * (1 + 1e-9) && r.actual <= r.range[name][1] * (1 + 1e-9))
              .length / ranged.length,
      fitted,
      ...(fitted ? { rates: fitRates[name] } : {}),
    };
  }
  return summary;
}

const centre = (xs: number[]) => (xs.length ? median(xs) : 0);

/**
 * Calibrate every method on the past missions; with `holdout`, also predict those missions from
 * the calibration set alone (fitted rates and precedents from `missions` only) and report them apart.
 *
 * @example calibrate(parseMissions("missions.csv", text)).summary.density.medianAbsLogError
 */
export function calibrate(missions: readonly Mission[], opts: { holdout?: readonly Mission[] } = {}): Calibration {
  const { used, skipped } = usable(missions);
  const precedents = precedentCases(missions);
  const rows = used.map((u) => predictRow(u, precedents));

  const fitRates: Record<string, Record<string, number>> = {};
  /** Per fit, per cell: log(actual / default prediction) of the calibration missions. */
  const cellLogs: Record<string, Record<string, number[]>> = {};
  for (const fit of FITS) {
    // log(actual / default prediction) per eligible mission, grouped by cell.
    const logs: Array<{ k: number; cell: string; log: number } | undefined> = used.map((u, k) => {
      const p = rows[k].predicted[fit.method];
      if (p === undefined || !(p > 0) || !fit.eligible(u.inputs)) return undefined;
      return { k, cell: fit.cell(u.inputs), log: Math.log(u.actual / p) };
    });
    const rates: Record<string, number> = {};
    const byCell: Record<string, number[]> = {};
    for (const e of logs) {
      if (!e) continue;
      const inCell = logs.filter((x) => x?.cell === e.cell).map((x) => x!.log);
      const others = logs.filter((x) => x?.cell === e.cell && x.k !== e.k).map((x) => x!.log);
      byCell[e.cell] = inCell;
      // The fitted rate scales the default by the cell's median log ratio (robust to one outlier such as ONUC).
      const p = rows[e.k].predicted[fit.method];
      rows[e.k].predicted[fit.name] = p * Math.exp(centre(inCell));
      // Left out of its own fit; with no other mission in its cell it falls back to the default.
      rows[e.k].loo[fit.name] = p * Math.exp(centre(others));
      const def = paramsFor(used[e.k].inputs)[fit.param].value;
      rates[e.cell] = def * Math.exp(centre(inCell));
    }
    fitRates[fit.name] = rates;
    cellLogs[fit.name] = byCell;
  }
  const summary = summarise(rows, fitRates, (name) => name in fitRates);

  if (!opts.holdout) return { missions: rows, summary, skipped };
  const calibrated = new Set(missions.map((m) => m.mission));
  const held = usable(opts.holdout.filter((m) => !calibrated.has(m.mission)));
  const outRows = held.used.map((u) => predictRow(u, precedents));
  for (const [k, u] of held.used.entries()) {
    for (const fit of FITS) {
      const p = outRows[k].predicted[fit.method];
      if (p === undefined || !(p > 0) || !fit.eligible(u.inputs)) continue;
      // The rate fitted on the calibration set's cell; a cell it never saw keeps the default.
      outRows[k].predicted[fit.name] = p * Math.exp(centre(cellLogs[fit.name][fit.cell(u.inputs)] ?? []));
    }
  }
  return {
    missions: rows,
    summary,
    skipped,
    outOfSample: { missions: outRows, summary: summarise(outRows, fitRates, () => false), skipped: held.skipped },
  };
}

/** How the answer a sizing followed fared on past missions of its own class and posture. */
export interface TrackRecord {
  /** The method (or "precedent") the figure came from. */
  method: string;
  missionClass: string;
  posture: string;
  /** Past missions of that class and posture the method was checked on (0: untested). */
  missions: number;
  /** Median error factor on them (precedent: each left out of its own forecast); null when untested. */
  medianErrorFactor: number | null;
  names: string[];
  /** One sentence for the reader. */
  note: string;
}

/**
 * trackRecordFor(calibrate(missions), q), predicting only the missions of q's class and posture:
 * a method's or the precedent's prediction for one mission does not depend on the others' (only the
 * fitted variants pool missions), so the figures are the same at a fraction of the sizing runs
 * (`truce size` pays for ~5 missions instead of all of them on every run).
 *
 * @example trackRecordOf(missions, { method: "task", missionClass: "line", posture: "monitor" }).note
 */
export function trackRecordOf(
  missions: readonly Mission[],
  q: { method: string; missionClass: string; posture: string },
): TrackRecord {
  // A fitted variant (or the recommendation itself) depends on every mission of its cell: the full calibration.
  if (!(METHOD_NAMES as readonly string[]).includes(q.method) && q.method !== "precedent")
    return trackRecordFor(calibrate(missions), q);
  const { used } = usable(missions);
  const precedents = precedentCases(missions);
  const rows = used
    .filter((u) => u.m.posture === q.posture && classOf(u.inputs) === q.missionClass)
    .map((u) => predictRow(u, precedents));
  return trackRecordFor({ missions: rows }, q);
}

/**
 * The track record of one method on the calibration missions of one class and posture, or
 * "no case checked": never another class's or posture's record.
 *
 * @example trackRecordFor(calibrate(missions), { method: "task", missionClass: "line", posture: "deter" }).missions // 0
 */
export function trackRecordFor(
  cal: Pick<Calibration, "missions">,
  q: { method: string; missionClass: string; posture: string },
): TrackRecord {
  const rows = cal.missions.filter(
    (r) => r.missionClass === q.missionClass && r.posture === q.posture && r.predicted[q.method] !== undefined,
  );
  const what = q.missionClass === "reassurance" ? "reassurance mission" : `${q.posture} ${q.missionClass} mission`;
  if (rows.length === 0)
    return {
      ...q,
      missions: 0,
      medianErrorFactor: null,
      names: [],
      note: `untested: no case checked, no past ${what} in the calibration set has the ${q.method} method's inputs`,
    };
  const f = Math.exp(median(rows.map((r) => Math.abs(Math.log(r.predicted[q.method] / r.actual)))));
  return {
    ...q,
    missions: rows.length,
    medianErrorFactor: f,
    names: rows.map((r) => r.mission),
    note: `on ${rows.length} past ${what}${rows.length > 1 ? "s" : ""} (${rows.map((r) => r.mission).join(", ")}) the ${q.method} ${q.method === "precedent" ? "forecast, each left out of its own," : "method"} was off by a median factor of ${f.toFixed(2)}`,
  };
}
