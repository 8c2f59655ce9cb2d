/**
 * Run every sizing method that applies, pick the one the posture says drives the
 * answer, and show which assumption moves it most (a tornado table).
 */

import { TruceInputError } from "../errors/index.js";
import { mulberry32 } from "../util/random.js";
import {
  brigadeFrontageMethod,
  densityMethod,
  frontageMethod,
  type MethodResult,
  sitesMethod,
  sustainment,
  taskMethod,
  zoneAreaMethod,
} from "./methods.js";
import { parseMissions, precedentCases } from "./missions.js";
import {
  applyOverrides,
  defaultParams,
  PARAM_NAMES,
  type Param,
  type ParamName,
  type ParamOverride,
  type ParamSet,
  type ParamValues,
  paramValues,
} from "./params.js";
import { classOf, type Precedent, type PrecedentCase, precedentForecast } from "./precedent.js";
import { REFERENCE_MISSIONS_CSV } from "./referenceMissions.js";
import type { MissionClass, SizingInputs } from "./types.js";
import { type Distribution, DRAWS, distributionOf, LENGTH_UNCERTAINTY, SEED, triangular } from "./uncertainty.js";

export type MethodName = "density" | "frontage" | "zoneArea" | "task" | "sites";
export const METHOD_NAMES: readonly MethodName[] = ["density", "frontage", "zoneArea", "task", "sites"];

export type { MissionClass, SizingInputs } from "./types.js";

interface SizingOptions {
  /** Parameter overrides (the scenario's `sizing.overrides`). */
  overrides?: Partial<Record<ParamName, ParamOverride>>;
  /** Past missions for the precedent forecast; default: data/missions.csv as bundled (referenceMissions.ts). */
  precedents?: readonly PrecedentCase[];
  /** A past mission to leave out of the precedents (leave-one-out calibration). */
  excludePrecedent?: string;
}

/** One assumption as shown to a planner. */
type Assumption = Pick<Param, "value" | "low" | "high" | "unit" | "source">;

export interface Estimate {
  method: MethodName;
  /** Deployed troops. */
  troops: number;
  /** Civilian monitors and police. */
  civilians: number;
  /** 5th and 95th percentiles of deployed troops, all assumptions drawn at once (see docs/sizing.md). */
  low: number;
  high: number;
  /** The joint Monte Carlo distribution of deployed troops. */
  uncertainty: Distribution;
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

/** What the repaired methods say the tasks and doctrine need. */
export interface Requirement {
  method: MethodName;
  troops: number;
  /** 5th and 95th percentiles (joint Monte Carlo). */
  low: number;
  high: number;
  uncertainty: Distribution;
}

export interface Recommendation {
  /** Deployed troops. */
  troops: number;
  /** Which answer the recommendation follows: what missions like this one deployed, or what the tasks need. */
  follows: "precedent" | "requirement";
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
  /** The requirement (the driving method), kept apart from the precedent. */
  requirement: Requirement;
  /** When precedent and requirement differ by more than ×2: the warning, in words; else null. */
  divergence: string | null;
}

export interface SizingResult {
  inputs: SizingInputs;
  estimates: Estimate[];
  /** Methods that could not run, and why. */
  notApplicable: Array<{ method: MethodName; reason: string }>;
  recommended: Recommendation;
  /** What past missions like this one deployed (data/missions.csv), or null when none of its class has the inputs. */
  precedent: Precedent | null;
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
  return N3_FORMAT.format(r);
}
// What toLocaleString("en-US", …) builds on every call, built once: every sizing writes dozens of these.
const N3_FORMAT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

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

const HELD_BACK = "a reassurance force is held back from the line: it is sized by the places it protects (sites)";

const SPECS: Record<MethodName, MethodSpec> = {
  sites: {
    name: "sites",
    notApplicable: (i) =>
      i.posture !== "reassure"
        ? "sizes a reassurance force (posture reassure) by the places it protects"
        : !i.sites || i.sites.cities + i.sites.airbases + i.sites.ports === 0
          ? "needs the places to protect (sizing.protect: cities, airbases, ports)"
          : undefined,
    params: () => [
      "cityGarrison",
      "airbaseGarrison",
      "portGarrison",
      "reserveBrigades",
      "brigadeTroops",
      "enablerShare",
    ],
    run: (i, v) => sitesMethod({ ...i.sites!, ...v }),
    basis: (i, v, r) =>
      `${n3(i.sites!.cities)} cities × ${n3(v.cityGarrison)} + ${n3(i.sites!.airbases)} airbases × ${n3(v.airbaseGarrison)} + ` +
      `${n3(i.sites!.ports)} ports × ${n3(v.portGarrison)} = ${n3(r.detail.garrisonTroops)}; ` +
      `${n3(v.reserveBrigades)} reserve brigade(s) of ${n3(v.brigadeTroops)} = ${n3(r.detail.reserveTroops)}; ` +
      `+ ${n3(v.enablerShare * 100)}% enablers = ${n3(r.detail.enablerTroops)}`,
  },
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
      i.posture === "reassure"
        ? HELD_BACK
        : i.territory
          ? "the force answers for a territory (theater.areaKm2), not for holding a line"
          : !positive(i.lengthKm)
            ? "needs the length of the line (contactLine)"
            : undefined,
    params: (i) =>
      i.posture === "deter"
        ? i.opposingForce
          ? ["brigadeTroops", "brigadeFrontageKm", "forceRatio"]
          : ["brigadeTroops", "brigadeFrontageKm"]
        : ["troopsPerKm", "civiliansPerKm"],
    run: (i, v) =>
      i.posture === "deter"
        ? brigadeFrontageMethod({
            lengthKm: i.lengthKm!,
            brigadeTroops: v.brigadeTroops,
            brigadeFrontageKm: v.brigadeFrontageKm,
            ...(i.opposingForce
              ? {
                  opposingBrigades: i.opposingForce.brigades ?? i.opposingForce.troops / v.brigadeTroops,
                  forceRatio: v.forceRatio,
                }
              : {}),
          })
        : frontageMethod({ lengthKm: i.lengthKm!, troopsPerKm: v.troopsPerKm, civiliansPerKm: v.civiliansPerKm }),
    basis: (i, v, r) =>
      i.posture === "deter"
        ? i.opposingForce
          ? `${n3(r.detail.brigades)} brigades of ${n3(v.brigadeTroops)}: the larger of one per ${n3(v.brigadeFrontageKm)} km of ${n3(i.lengthKm!)} km (${n3(r.detail.brigadesByLine)}) and one per ${n3(v.forceRatio)} of the opposing force's ${n3(i.opposingForce.brigades ?? i.opposingForce.troops / v.brigadeTroops)} brigade-equivalents (${n3(r.detail.brigadesByForceRatio)}, threat: ${n3(i.opposingForce.troops)} troops)`
          : `${n3(r.detail.brigades)} brigades of ${n3(v.brigadeTroops)}, one per ${n3(v.brigadeFrontageKm)} km of ${n3(i.lengthKm!)} km (${i.threat} threat)`
        : `${n3(v.troopsPerKm)} troops + ${n3(v.civiliansPerKm)} civilians per km × ${n3(i.lengthKm!)} km`,
  },
  zoneArea: {
    name: "zoneArea",
    notApplicable: (i) =>
      i.posture === "reassure" && !i.territory
        ? HELD_BACK
        : positive(areaKm2(i))
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
      i.posture === "reassure"
        ? HELD_BACK
        : i.territory
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
  const o = i.opposingForce;
  if (o !== undefined) {
    for (const [k, v] of [
      ["troops", o.troops],
      ["brigades", o.brigades],
    ] as const) {
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
        throw new TruceInputError({
          path: `sizing.opposingForce.${k}`,
          problem: `${String(v)} is not usable: it must be a number greater than 0.`,
          fix: "State the opposing force's strength, or leave sizing.opposingForce out.",
        });
      }
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
    case "reassure":
      return {
        order: ["sites"],
        why: "a reassurance force held back from the line is the garrisons of the cities, airbases and ports it protects, with brigades in reserve to reinforce them",
      };
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

/** One joint draw of every assumption (triangular on low / default / high) and of the line's length. */
interface Draw {
  values: ParamValues;
  lengthFactor: number;
}

/** DRAWS joint draws, seeded: the same for every method, so their percentiles are comparable. */
function drawAll(params: ParamSet): Draw[] {
  const rand = mulberry32(SEED);
  const out: Draw[] = [];
  for (let j = 0; j < DRAWS; j++) {
    const values = {} as ParamValues;
    for (const n of PARAM_NAMES) values[n] = triangular(rand(), params[n].low, params[n].value, params[n].high);
    const lengthFactor = triangular(rand(), 1 - LENGTH_UNCERTAINTY, 1, 1 + LENGTH_UNCERTAINTY);
    out.push({ values, lengthFactor });
  }
  return out;
}

/** Deployed troops of one method on every draw. */
function sampleMethod(spec: MethodSpec, i: SizingInputs, draws: readonly Draw[]): number[] {
  return draws.map(
    (d) => spec.run(i.lengthKm !== undefined ? { ...i, lengthKm: i.lengthKm * d.lengthFactor } : i, d.values).troops,
  );
}

/** `samples`: sampleMethod(spec, i, draws), which the caller keeps for the committed range. */
function estimateOf(spec: MethodSpec, i: SizingInputs, params: ParamSet, samples: readonly number[]): Estimate {
  const names = spec.params(i);
  const base = spec.run(i, paramValues(params));
  const uncertainty = distributionOf(samples);
  const assumptions: Record<string, Assumption> = {};
  for (const n of names) {
    const { value, low: l, high: h, unit, source } = params[n];
    assumptions[n] = { value, low: l, high: h, unit, source };
  }
  return {
    method: spec.name,
    troops: base.troops,
    civilians: base.civilians,
    low: uncertainty.p5,
    high: uncertainty.p95,
    uncertainty,
    assumptions,
    basis: spec.basis(i, paramValues(params), base),
    detail: base.detail,
  };
}

let bundled: PrecedentCase[] | undefined;
/** The bundled precedents (data/missions.csv, copied into referenceMissions.ts), parsed once. */
export function bundledPrecedents(): readonly PrecedentCase[] {
  bundled ??= precedentCases(parseMissions("data/missions.csv", REFERENCE_MISSIONS_CSV));
  return bundled;
}

/**
 * Which answer the recommendation follows, by class. A territory follows its precedent: what UN and
 * NATO forces deployed for such a territory is a better guide than Quinlivan's densities, which
 * are what a hard stabilisation needs (its upper bound). A line or zone follows its requirement:
 * posts, patrols, reaction teams and brigade frontages can be counted. docs/sizing.md gives the
 * calibration figures behind the rule.
 */
export const FOLLOWS: Record<MissionClass, "precedent" | "requirement"> = {
  territory: "precedent",
  line: "requirement",
  zone: "requirement",
  reassurance: "requirement",
};

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
  const draws = drawAll(params);
  const samples = new Map<MethodName, number[]>();
  for (const name of METHOD_NAMES) {
    const spec = SPECS[name];
    const reason = spec.notApplicable(inputs);
    if (reason) notApplicable.push({ method: name, reason });
    else {
      samples.set(name, sampleMethod(spec, inputs, draws));
      estimates.push(estimateOf(spec, inputs, params, samples.get(name) as number[]));
    }
  }
  const precedent =
    precedentForecast(inputs, opts.precedents ?? bundledPrecedents(), { exclude: opts.excludePrecedent }) ?? null;
  const { order, why } = primaryMethods(inputs);
  const primary = order.map((m) => estimates.find((e) => e.method === m)).find((e) => e !== undefined);
  if (!primary) {
    const none = (x: number) => ({ p5: x, p50: x, p95: x, percentiles: Array(21).fill(x), draws: 0, seed: SEED });
    return {
      inputs,
      estimates,
      notApplicable,
      recommended: {
        troops: 0,
        follows: "requirement",
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
        requirement: { method: order[0], troops: 0, low: 0, high: 0, uncertainty: none(0) },
        divergence: null,
      },
      precedent,
      sensitivity: [],
    };
  }
  const spec = SPECS[primary.method];
  const sustain = (deployed: number, v: ParamValues) =>
    sustainment({ deployed, tourMonths: v.tourMonths, dwellMonths: v.dwellMonths }).committed;
  const v0 = paramValues(params);
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
  const requirement: Requirement = {
    method: primary.method,
    troops: primary.troops,
    low: primary.low,
    high: primary.high,
    uncertainty: primary.uncertainty,
  };
  const cls = classOf(inputs);
  const followPrecedent = FOLLOWS[cls] === "precedent" && precedent !== null;
  const multiplier = sustain(1, v0);
  let troops: number;
  let low: number;
  let high: number;
  let committedLow: number;
  let committedHigh: number;
  let reason: string;
  const named = precedent ? precedent.missions.map((m) => m.mission).join(", ") : "";
  if (followPrecedent && precedent) {
    troops = precedent.troops;
    low = precedent.low;
    // Quinlivan's densities are what a hard stabilisation needs: the top of the range, not the forecast.
    const density = estimates.find((e) => e.method === "density");
    const hard = inputs.posture === "stabilise" && inputs.threat === "high" && density !== undefined;
    high = hard ? Math.max(precedent.high, density.troops) : precedent.high;
    committedLow = low * multiplier;
    committedHigh = high * multiplier;
    reason =
      `what the nearest past territory missions deployed (${named}) is the better guide: on a territory, ` +
      `force ratios per 1,000 inhabitants (Quinlivan) state what a hard stabilisation needs and over-predict what UN ` +
      `missions deployed (truce calibrate); the ${primary.method} method's ${n3(primary.troops)} is shown as the requirement` +
      (hard && density.troops > precedent.high ? " and sets the top of the range" : "");
  } else {
    troops = primary.troops;
    low = primary.low;
    high = primary.high;
    // Rotation is drawn with the rest: read the committed percentiles off the joint draws.
    // The primary method's draws, as its estimate sampled them (distributionOf sorts a copy).
    const c = distributionOf((samples.get(primary.method) as number[]).map((t, j) => sustain(t, draws[j].values)));
    committedLow = c.p5;
    committedHigh = c.p95;
    reason =
      `${why}` +
      (precedent
        ? `; the precedent (${named}) is shown beside it`
        : "; no past mission of its class has the inputs for a precedent");
  }
  let divergence: string | null = null;
  if (precedent && precedent.troops > 0 && primary.troops > 0) {
    const ratio = primary.troops / precedent.troops;
    if (ratio > 2 || ratio < 0.5) {
      divergence =
        `The precedent (${n3(precedent.troops)}, what ${named} deployed for this size) and the requirement ` +
        `(${n3(primary.troops)}, ${primary.method} method) differ by ×${(ratio >= 1 ? ratio : 1 / ratio).toFixed(1)}. ` +
        (ratio > 1
          ? "Forces that matched precedent but not the task have failed when tested: KFOR had 18,500 troops in March 2004 and could not stop the riots; UNAMSIL nearly collapsed in May 2000 before it was reinforced."
          : "The requirement is below what missions like this one deployed: check that its tasks are complete.");
    }
  }
  // Civilians and police are sized per inhabitant for a territory (police, Quinlivan) and per km for a
  // line (monitors, OSCE/GCSP); the task method's patrol monitors are a subset of the latter.
  const civilianSource =
    estimates.find((e) => e.method === (inputs.territory ? "density" : "frontage") && e.civilians > 0) ?? primary;
  const committed = troops * multiplier;
  return {
    inputs,
    estimates,
    notApplicable,
    recommended: {
      troops,
      follows: followPrecedent ? "precedent" : "requirement",
      civilians: civilianSource.civilians,
      civiliansMethod: civilianSource.method,
      low,
      high,
      committed,
      committedLow,
      committedHigh,
      rotationMultiplier: multiplier,
      tourMonths: params.tourMonths.value,
      method: primary.method,
      why: reason,
      topParameter: rows.length > 0 && rows[0].swing > 0 ? rows[0].parameter : null,
      topMethodParameter: topDeployed(rows),
      methodSpread: {
        low: Math.min(...estimates.map((e) => e.troops)),
        high: Math.max(...estimates.map((e) => e.troops)),
      },
      requirement,
      divergence,
    },
    precedent,
    sensitivity: rows,
  };
}
