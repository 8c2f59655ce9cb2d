/**
 * Run every sizing method that applies, pick the one the posture says drives the
 * answer, and show which assumption moves it most (a tornado table).
 */

import { TruceInputError } from "../errors/index.js";
import type { OperationalAssumptions } from "../ops/assumptions.js";
import type { Posture } from "../scenario/posture.js";
import {
  brigadeFrontageMethod,
  densityMethod,
  frontageMethod,
  type MethodResult,
  sustainment,
  taskMethod,
  zoneAreaMethod,
} from "./methods.js";
import {
  applyOverrides,
  defaultParams,
  type Param,
  type ParamName,
  type ParamOverride,
  type ParamSet,
  type ParamValues,
  paramValues,
  type Threat,
} from "./params.js";

export type MethodName = "density" | "frontage" | "zoneArea" | "task";
export const METHOD_NAMES: readonly MethodName[] = ["density", "frontage", "zoneArea", "task"];

/** Plain numbers a sizing needs. Everything but posture and threat is optional; methods that lack an input say so. */
export interface SizingInputs {
  posture: Posture;
  threat: Threat;
  /** True when the force answers for a territory (theater.areaKm2 given, the Kosovo model), not a strip along a line. */
  territory: boolean;
  /** Length of the line of contact, km. */
  lengthKm?: number;
  /** Area of the buffer zone, km². */
  zoneAreaKm2?: number;
  /** Area of the territory the force answers for, km². */
  theaterAreaKm2?: number;
  /** Inhabitants the force answers for. */
  population?: number;
  /** One observation post per this many km (zone.postSpacingKm). */
  postSpacingKm?: number;
  /** mandate.tourMonths */
  tourMonths?: number;
  /** mandate.incidentsPerDay */
  incidentsPerDay?: number;
  /** mandate.responseTimeTargetMin */
  responseTimeTargetMin?: number;
  /** The operational assumptions shared with the simulator (src/ops); the plan pipeline passes them. */
  operations?: OperationalAssumptions;
}

interface SizingOptions {
  /** Parameter overrides (the scenario's `sizing.overrides`). */
  overrides?: Partial<Record<ParamName, ParamOverride>>;
}

/** One assumption as shown to a planner. */
type Assumption = Pick<Param, "value" | "low" | "high" | "unit" | "source">;

export interface Estimate {
  method: MethodName;
  /** Deployed troops. */
  troops: number;
  /** Civilian monitors and police. */
  civilians: number;
  /** Range of deployed troops from the assumptions' plausible ranges (see docs/sizing.md). */
  low: number;
  high: number;
  assumptions: Record<string, Assumption>;
  /** The arithmetic in one line, e.g. "21.2 troops per 1,000 × 2,000,000 inhabitants". */
  basis: string;
  /** The method's intermediate figures (counts, rates). */
  detail: Record<string, number>;
}

export interface TornadoRow {
  parameter: ParamName;
  /** The method the parameter belongs to, or "sustainment". */
  method: MethodName | "sustainment";
  unit: string;
  value: number;
  low: number;
  high: number;
  /** Recommended deployed troops with the parameter at its low / high value (others at default). */
  troopsAtLow: number;
  troopsAtHigh: number;
  /** Committed troops (with rotation) at the parameter's low / high value. */
  committedAtLow: number;
  committedAtHigh: number;
  /** |ln(committedAtHigh / committedAtLow)|: how far the parameter moves the answer, on a log scale. */
  swing: number;
}

export interface Recommendation {
  /** Deployed troops. */
  troops: number;
  /** Civilian monitors and police. */
  civilians: number;
  /** The method the civilian figure comes from (density: police per 1,000; frontage: monitors per km). */
  civiliansMethod: MethodName;
  low: number;
  high: number;
  /** Troops committed to keep `troops` deployed with rotation (rule of thirds by default). */
  committed: number;
  committedLow: number;
  committedHigh: number;
  /** committed / troops */
  rotationMultiplier: number;
  tourMonths: number;
  /** The method that drives the recommendation, and why that one. */
  method: MethodName;
  why: string;
  /** The parameter that moves the committed force most (rotation assumptions included). */
  topParameter: ParamName | null;
  /** The driving method's parameter that moves the deployed force most. */
  topMethodParameter: ParamName | null;
  /** Lowest and highest deployed troops across all methods that apply. */
  methodSpread: { low: number; high: number };
}

export interface SizingResult {
  inputs: SizingInputs;
  estimates: Estimate[];
  /** Methods that could not run, and why. */
  notApplicable: Array<{ method: MethodName; reason: string }>;
  recommended: Recommendation;
  sensitivity: TornadoRow[];
}

interface MethodSpec {
  name: MethodName;
  notApplicable(i: SizingInputs): string | undefined;
  params(i: SizingInputs): ParamName[];
  run(i: SizingInputs, v: ParamValues): MethodResult;
  basis(i: SizingInputs, v: ParamValues, r: MethodResult): string;
}

/** Compact number for one-line explanations: 3 significant digits, thousands separators. */
function n3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const r = Math.abs(x) >= 1000 ? Math.round(x) : Number(x.toPrecision(3));
  return r.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

const TASK_PARAMS: ParamName[] = [
  "postSpacingKm",
  "crewPerPost",
  "reliefs",
  "patrolSpacingKm",
  "patrolSize",
  "patrolDurationH",
  "dutyHoursPerDay",
  "monitorsPerPatrol",
  "incidentsPerDay",
  "responseTimeTargetMin",
  "serviceTimeH",
  "qrfSpeedKmh",
  "roadFactor",
  "serviceLevel",
  "qrfTeamSize",
  "enablerShare",
];

/** The area a force answers for: the territory in the Kosovo model, else the zone. */
export function areaKm2(i: SizingInputs): number | undefined {
  return i.territory ? i.theaterAreaKm2 : i.zoneAreaKm2;
}

const positive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

const SPECS: Record<MethodName, MethodSpec> = {
  density: {
    name: "density",
    notApplicable: (i) =>
      !i.territory
        ? "the force answers for a line, not a territory's population (set theater.areaKm2 and theater.population for the Kosovo model)"
        : !positive(i.population)
          ? "needs theater.population"
          : undefined,
    params: (i) => (i.posture === "stabilise" ? ["troopsPer1000", "policePer1000"] : ["troopsPer1000"]),
    run: (i, v) =>
      densityMethod({
        population: i.population!,
        troopsPer1000: v.troopsPer1000,
        policePer1000: i.posture === "stabilise" ? v.policePer1000 : 0,
      }),
    basis: (i, v) =>
      `${n3(v.troopsPer1000)} troops${i.posture === "stabilise" ? ` + ${n3(v.policePer1000)} police` : ""} per 1,000 × ${n3(i.population!)} inhabitants`,
  },
  frontage: {
    name: "frontage",
    notApplicable: (i) =>
      i.territory
        ? "the force answers for a territory (theater.areaKm2), not for holding a line"
        : !positive(i.lengthKm)
          ? "needs the length of the line (contactLine)"
          : undefined,
    params: (i) => (i.posture === "deter" ? ["brigadeTroops", "brigadeFrontageKm"] : ["troopsPerKm", "civiliansPerKm"]),
    run: (i, v) =>
      i.posture === "deter"
        ? brigadeFrontageMethod({
            lengthKm: i.lengthKm!,
            brigadeTroops: v.brigadeTroops,
            brigadeFrontageKm: v.brigadeFrontageKm,
          })
        : frontageMethod({ lengthKm: i.lengthKm!, troopsPerKm: v.troopsPerKm, civiliansPerKm: v.civiliansPerKm }),
    basis: (i, v, r) =>
      i.posture === "deter"
        ? `${n3(r.detail.brigades)} brigades of ${n3(v.brigadeTroops)}, one per ${n3(v.brigadeFrontageKm)} km of ${n3(i.lengthKm!)} km`
        : `${n3(v.troopsPerKm)} troops + ${n3(v.civiliansPerKm)} civilians per km × ${n3(i.lengthKm!)} km`,
  },
  zoneArea: {
    name: "zoneArea",
    notApplicable: (i) =>
      positive(areaKm2(i))
        ? undefined
        : i.territory
          ? "needs theater.areaKm2"
          : "needs the zone's area (contactLine and zone width)",
    params: () => ["troopsPerKm2"],
    run: (i, v) => zoneAreaMethod({ areaKm2: areaKm2(i)!, troopsPerKm2: v.troopsPerKm2 }),
    basis: (i, v) =>
      `${n3(v.troopsPerKm2)} troops per km² × ${n3(areaKm2(i)!)} km² of ${i.territory ? "territory" : "zone"}`,
  },
  task: {
    name: "task",
    notApplicable: (i) =>
      i.territory
        ? "the force answers for a territory; the task method sizes posts, patrols and reaction forces along a line"
        : !positive(i.lengthKm)
          ? "needs the length of the line (contactLine)"
          : undefined,
    params: () => TASK_PARAMS,
    run: (i, v) => taskMethod({ lengthKm: i.lengthKm!, qrfShare: i.operations?.qrfShare, ...v }),
    basis: (_i, v, r) => {
      const d = r.detail;
      return (
        `${n3(d.posts)} posts × ${n3(v.crewPerPost)} × ${n3(v.reliefs)} reliefs = ${n3(d.postTroops)}; ` +
        `${n3(d.patrolsPerDay)} patrols/day = ${n3(d.patrolTroops)}; ` +
        `QRF ${n3(d.qrfBases)} bases × ${n3(d.qrfTeamsPerBase)} teams (Erlang-C) × ${n3(v.qrfTeamSize)} × ${n3(v.reliefs)} = ${n3(d.qrfTroops)}; ` +
        `+ ${n3(v.enablerShare * 100)}% enablers = ${n3(d.enablerTroops)}` +
        (d.qrfShareBound
          ? `; raised so that the QRF is ${n3(d.qrfShare * 100)}% of the force (the simulator's qrfShare)`
          : "")
      );
    },
  },
};

/** Where each input comes from in a scenario, for error messages. */
const INPUT_PATHS: Partial<Record<keyof SizingInputs, string>> = {
  lengthKm: "contactLine",
  zoneAreaKm2: "zone",
  theaterAreaKm2: "theater.areaKm2",
  population: "theater.population",
  postSpacingKm: "zone.postSpacingKm",
  tourMonths: "mandate.tourMonths",
  incidentsPerDay: "mandate.incidentsPerDay",
  responseTimeTargetMin: "mandate.responseTimeTargetMin",
};

/** Most incidents a day the queue model is meant for; beyond it the numbers mean nothing and the arithmetic is slow. */
const MAX_INCIDENTS_PER_DAY = 100_000;

/** Checks the plain inputs once, at the top; a bad one is a TruceInputError naming the scenario field. */
function checkInputs(i: SizingInputs): void {
  for (const [key, path] of Object.entries(INPUT_PATHS) as Array<[keyof SizingInputs, string]>) {
    const v = i[key];
    if (v === undefined) continue;
    const strictlyPositive = key === "tourMonths" || key === "postSpacingKm" || key === "responseTimeTargetMin";
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (strictlyPositive && v === 0)) {
      throw new TruceInputError({
        path,
        problem: `${String(v)} is not usable for sizing: it must be a finite number ${strictlyPositive ? "greater than 0" : "of at least 0"}.`,
        fix: "Fix the value in the scenario.",
      });
    }
  }
  if (i.incidentsPerDay !== undefined && i.incidentsPerDay > MAX_INCIDENTS_PER_DAY) {
    throw new TruceInputError({
      path: "mandate.incidentsPerDay",
      problem: `${i.incidentsPerDay} incidents a day is beyond what the quick-reaction queue model is for (at most ${MAX_INCIDENTS_PER_DAY.toLocaleString("en-US")}).`,
      fix: "Count only incidents that need a quick-reaction force to respond, per day.",
    });
  }
}

/** Which method drives the recommendation, by posture and by whether the force answers for a territory. */
export function primaryMethods(i: Pick<SizingInputs, "posture" | "territory">): { order: MethodName[]; why: string } {
  if (i.territory)
    return {
      order: ["density", "zoneArea"],
      why: "the force answers for a territory and its population: force ratios per 1,000 inhabitants (Quinlivan) are the best-documented guide",
    };
  switch (i.posture) {
    case "monitor":
      return {
        order: ["task", "frontage", "zoneArea"],
        why: "a monitoring force is the sum of its tasks: posts, patrols and quick-reaction teams along the line",
      };
    case "interpose":
      return {
        order: ["frontage", "task", "zoneArea"],
        why: "an interposition force is a continuous presence along the line: troops per km of line",
      };
    case "deter":
      return {
        order: ["frontage", "task", "zoneArea"],
        why: "a force able to stop an attack needs brigades holding the whole line: brigade frontages",
      };
    default:
      return { order: ["frontage", "task", "zoneArea"], why: "no territory given: the line sets the size" };
  }
}

const SUSTAIN_PARAMS: ParamName[] = ["tourMonths", "dwellMonths"];

function topDeployed(rows: readonly TornadoRow[]): ParamName | null {
  let best: TornadoRow | null = null;
  let bestSwing = 0;
  for (const r of rows) {
    if (r.method === "sustainment" || !(r.troopsAtLow > 0 && r.troopsAtHigh > 0)) continue;
    const swing = Math.abs(Math.log(r.troopsAtHigh / r.troopsAtLow));
    if (swing > bestSwing) {
      best = r;
      bestSwing = swing;
    }
  }
  return best ? best.parameter : null;
}

/** The full parameter set for these inputs, with overrides applied. */
export function paramsFor(i: SizingInputs, opts: SizingOptions = {}): ParamSet {
  return applyOverrides(
    defaultParams({
      posture: i.posture,
      threat: i.threat,
      territory: i.territory,
      lengthKm: i.lengthKm,
      postSpacingKm: i.postSpacingKm,
      incidentsPerDay: i.incidentsPerDay,
      responseTimeTargetMin: i.responseTimeTargetMin,
      tourMonths: i.tourMonths,
      operations: i.operations,
    }),
    opts.overrides,
  );
}

/** Runs one method with its parameters at default; undefined if it does not apply. */
export function runMethod(method: MethodName, i: SizingInputs, params: ParamSet): MethodResult | undefined {
  const spec = SPECS[method];
  if (spec.notApplicable(i)) return undefined;
  return spec.run(i, paramValues(params));
}

function withParam(params: ParamSet, name: ParamName, value: number): ParamValues {
  const v = paramValues(params);
  v[name] = value;
  return v;
}

/** Log-scale root-sum-square of one-at-a-time swings: the range if the assumptions err independently. */
function rssRange(central: number, outcomes: Array<[number, number]>): { low: number; high: number } {
  let down = 0;
  let up = 0;
  for (const [a, b] of outcomes) {
    if (!(central > 0)) continue;
    const lo = Math.log(Math.min(a, b, central) / central);
    const hi = Math.log(Math.max(a, b, central) / central);
    down += lo * lo;
    up += hi * hi;
  }
  return { low: central * Math.exp(-Math.sqrt(down)), high: central * Math.exp(Math.sqrt(up)) };
}

function estimateOf(spec: MethodSpec, i: SizingInputs, params: ParamSet): Estimate {
  const names = spec.params(i);
  const base = spec.run(i, paramValues(params));
  const swings = names.map(
    (n) =>
      [
        spec.run(i, withParam(params, n, params[n].low)).troops,
        spec.run(i, withParam(params, n, params[n].high)).troops,
      ] as [number, number],
  );
  const { low, high } = rssRange(base.troops, swings);
  const assumptions: Record<string, Assumption> = {};
  for (const n of names) {
    const { value, low: l, high: h, unit, source } = params[n];
    assumptions[n] = { value, low: l, high: h, unit, source };
  }
  return {
    method: spec.name,
    troops: base.troops,
    civilians: base.civilians,
    low,
    high,
    assumptions,
    basis: spec.basis(i, paramValues(params), base),
    detail: base.detail,
  };
}

/**
 * Size a force: every method that applies, a recommendation driven by the posture's
 * primary method, and a tornado table of that recommendation's assumptions.
 *
 * @example sizeScenario({ posture: "deter", threat: "high", territory: false, lengthKm: 1200 }).recommended.method // "frontage"
 */
export function sizeScenario(inputs: SizingInputs, opts: SizingOptions = {}): SizingResult {
  checkInputs(inputs);
  const params = paramsFor(inputs, opts);
  const estimates: Estimate[] = [];
  const notApplicable: Array<{ method: MethodName; reason: string }> = [];
  for (const name of METHOD_NAMES) {
    const spec = SPECS[name];
    const reason = spec.notApplicable(inputs);
    if (reason) notApplicable.push({ method: name, reason });
    else estimates.push(estimateOf(spec, inputs, params));
  }
  const { order, why } = primaryMethods(inputs);
  const primary = order.map((m) => estimates.find((e) => e.method === m)).find((e) => e !== undefined);
  if (!primary) {
    return {
      inputs,
      estimates,
      notApplicable,
      recommended: {
        troops: 0,
        civilians: 0,
        civiliansMethod: order[0],
        low: 0,
        high: 0,
        committed: 0,
        committedLow: 0,
        committedHigh: 0,
        rotationMultiplier: 1 + params.dwellMonths.value / params.tourMonths.value,
        tourMonths: params.tourMonths.value,
        method: order[0],
        why: `no method applies: ${notApplicable.map((n) => `${n.method} ${n.reason}`).join("; ")}`,
        topParameter: null,
        topMethodParameter: null,
        methodSpread: { low: 0, high: 0 },
      },
      sensitivity: [],
    };
  }
  const spec = SPECS[primary.method];
  const sustain = (deployed: number, v: ParamValues) =>
    sustainment({ deployed, tourMonths: v.tourMonths, dwellMonths: v.dwellMonths }).committed;
  const v0 = paramValues(params);
  const committed = sustain(primary.troops, v0);
  const rows: TornadoRow[] = [];
  for (const name of [...spec.params(inputs), ...SUSTAIN_PARAMS]) {
    const p = params[name];
    const vl = withParam(params, name, p.low);
    const vh = withParam(params, name, p.high);
    const isSustain = SUSTAIN_PARAMS.includes(name);
    const tl = isSustain ? primary.troops : spec.run(inputs, vl).troops;
    const th = isSustain ? primary.troops : spec.run(inputs, vh).troops;
    const cl = sustain(tl, vl);
    const ch = sustain(th, vh);
    rows.push({
      parameter: name,
      method: isSustain ? "sustainment" : primary.method,
      unit: p.unit,
      value: p.value,
      low: p.low,
      high: p.high,
      troopsAtLow: tl,
      troopsAtHigh: th,
      committedAtLow: cl,
      committedAtHigh: ch,
      swing: cl > 0 && ch > 0 ? Math.abs(Math.log(ch / cl)) : 0,
    });
  }
  rows.sort((a, b) => b.swing - a.swing || a.parameter.localeCompare(b.parameter));
  const committedRange = rssRange(
    committed,
    rows.map((r) => [r.committedAtLow, r.committedAtHigh]),
  );
  // Civilians and police are sized per inhabitant for a territory (police, Quinlivan) and per km for a
  // line (monitors, OSCE/GCSP); the task method's patrol monitors are a subset of the latter.
  const civilianSource =
    estimates.find((e) => e.method === (inputs.territory ? "density" : "frontage") && e.civilians > 0) ?? primary;
  return {
    inputs,
    estimates,
    notApplicable,
    recommended: {
      troops: primary.troops,
      civilians: civilianSource.civilians,
      civiliansMethod: civilianSource.method,
      low: primary.low,
      high: primary.high,
      committed,
      committedLow: committedRange.low,
      committedHigh: committedRange.high,
      rotationMultiplier: committed / primary.troops,
      tourMonths: params.tourMonths.value,
      method: primary.method,
      why,
      topParameter: rows.length > 0 && rows[0].swing > 0 ? rows[0].parameter : null,
      topMethodParameter: topDeployed(rows),
      methodSpread: {
        low: Math.min(...estimates.map((e) => e.troops)),
        high: Math.max(...estimates.map((e) => e.troops)),
      },
    },
    sensitivity: rows,
  };
}
