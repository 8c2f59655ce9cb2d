/**
 * The named assumptions behind every sizing method, with their defaults, their
 * plausible low and high values, and where they come from.
 *
 * Rule for defaults: where the literature gives a band [low, high], the default is
 * the band's geometric mean √(low·high), so that the default sits in the middle of
 * the band on the log scale that force ratios live on. No value here is tuned to
 * one mission: a method carries the same table for every scenario and every row of
 * missions.csv, with posture and threat as inputs.
 */
import type { OperationalAssumptions } from "../ops/assumptions.js";
import type { Posture } from "../scenario/posture.js";

export type Threat = "low" | "medium" | "high";

/** One assumption: its value, its plausible range, its unit, and why. */
export interface Param {
  value: number;
  low: number;
  high: number;
  unit: string;
  description: string;
  source: string;
}

export const PARAM_NAMES = [
  "troopsPer1000",
  "policePer1000",
  "troopsPerKm",
  "civiliansPerKm",
  "brigadeTroops",
  "brigadeFrontageKm",
  "forceRatio",
  "troopsPerKm2",
  "cityGarrison",
  "airbaseGarrison",
  "portGarrison",
  "reserveBrigades",
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
  "tourMonths",
  "dwellMonths",
] as const;

export type ParamName = (typeof PARAM_NAMES)[number];
export type ParamSet = Record<ParamName, Param>;
/** Plain values of a ParamSet, what the method functions take. */
export type ParamValues = Record<ParamName, number>;

/** A band [low, high] whose default is its geometric mean. */
function band(low: number, high: number, unit: string, description: string, source: string): Param {
  return { value: Math.sqrt(low * high), low, high, unit, description, source };
}

function point(value: number, low: number, high: number, unit: string, description: string, source: string): Param {
  return { value, low, high, unit, description, source };
}

const QUINLIVAN = "Quinlivan, 'Force Requirements in Stability Operations' (Parameters, 1995) and RAND (2003)";

/**
 * Troops per 1,000 inhabitants for a force that answers for a territory, by posture and threat.
 * Stabilise is Quinlivan's: what a hard stabilisation needs (15-30 per 1,000 at high threat), the
 * upper bound of what UN missions have deployed. A force that deters from its bases, or monitors a
 * settlement the parties keep, answers for far fewer people per soldier.
 */
const DENSITY_TROOPS: Record<Posture, Record<Threat, [number, number]>> = {
  stabilise: { low: [1, 4], medium: [4, 10], high: [15, 30] },
  interpose: { low: [0.5, 2], medium: [1, 4], high: [4, 10] },
  deter: { low: [0.5, 2], medium: [1, 4], high: [4, 10] },
  monitor: { low: [0.1, 0.5], medium: [0.3, 1], high: [0.5, 2] },
  reassure: { low: [0.1, 0.5], medium: [0.3, 1], high: [0.5, 2] },
};

/** Troops per km of line, by posture and threat (deter is brigadeTroops / brigadeFrontageKm). */
const FRONTAGE: Record<Exclude<Posture, "deter">, Record<Threat, [number, number]>> = {
  monitor: { low: [1, 4], medium: [3, 10], high: [4, 12] },
  interpose: { low: [8, 25], medium: [15, 45], high: [15, 45] },
  stabilise: { low: [8, 25], medium: [15, 45], high: [15, 45] },
  reassure: { low: [1, 4], medium: [3, 10], high: [4, 12] },
};

/**
 * Km of line one brigade holds, by threat (deter): against a strong attacker a dense defence
 * (20-50 km, Cold War doctrine); against a weaker one a brigade screens more.
 */
const BRIGADE_FRONTAGE_KM: Record<Threat, [number, number]> = { low: [50, 120], medium: [30, 80], high: [20, 50] };

const CIVILIANS_PER_KM: Record<Posture, [number, number]> = {
  monitor: [1, 5],
  interpose: [0.2, 1],
  deter: [0, 0],
  stabilise: [0.2, 1],
  reassure: [0, 0],
};

/** Troops per km² of a buffer zone along a line, by posture. */
const AREA_ZONE: Record<Posture, [number, number]> = {
  monitor: [0.5, 2],
  interpose: [5, 15],
  deter: [5, 20],
  stabilise: [5, 15],
  reassure: [0.5, 2],
};

/** Troops per km² of a territory the force answers for (the Kosovo model), by posture. */
const AREA_TERRITORY: Record<Posture, [number, number]> = {
  monitor: [0.05, 0.5],
  interpose: [0.5, 5],
  deter: [0.1, 1],
  stabilise: [0.5, 5],
  reassure: [0.05, 0.5],
};

// Reassure: a force held back from the line, sized by its sites (sitesMethod); its line tables are a monitor's.
const CREW: Record<Posture, number> = { monitor: 4, interpose: 10, deter: 30, stabilise: 10, reassure: 4 };
const PATROL_SPACING: Record<Posture, number> = { monitor: 10, interpose: 5, deter: 5, stabilise: 5, reassure: 10 };
const PATROL_SIZE: Record<Posture, number> = { monitor: 4, interpose: 8, deter: 8, stabilise: 8, reassure: 4 };
const QRF_TEAM: Record<Posture, number> = { monitor: 30, interpose: 30, deter: 120, stabilise: 30, reassure: 30 };
const RESPONSE_MIN: Record<Posture, number> = {
  monitor: 120,
  interpose: 60,
  deter: 30,
  stabilise: 30,
  reassure: 120,
};
/** Incidents needing a quick-reaction response, per 100 km of line per day, by threat. */
const INCIDENTS_PER_100KM: Record<Threat, number> = { low: 0.5, medium: 2, high: 5 };

/** What a scenario states about itself, which some parameters default from. */
export interface ParamContext {
  posture: Posture;
  threat: Threat;
  /** True when the force answers for a territory (theater), not a strip along a line. */
  territory?: boolean;
  lengthKm?: number;
  postSpacingKm?: number;
  incidentsPerDay?: number;
  responseTimeTargetMin?: number;
  tourMonths?: number;
  /**
   * The operational assumptions shared with the simulator (src/ops/assumptions.ts). When given,
   * incidentsPerDay, serviceTimeH and responseTimeTargetMin come from them, so sizing and the
   * simulation reason about the same incidents.
   */
  operations?: OperationalAssumptions;
}

/**
 * The default parameter set for a posture and threat, with the scenario's own
 * figures (post spacing, incident rate, response target, tour length) where it states them.
 *
 * @example defaultParams({ posture: "monitor", threat: "medium" }).troopsPerKm.value // ≈ 5.48
 */
export function defaultParams(ctx: ParamContext): ParamSet {
  const { posture, threat } = ctx;
  const [dLo, dHi] = DENSITY_TROOPS[posture][threat];
  const [bfLo, bfHi] = BRIGADE_FRONTAGE_KM[threat];
  const fr = posture === "deter" ? ([5000 / bfHi, 5000 / bfLo] as [number, number]) : FRONTAGE[posture][threat];
  const [cLo, cHi] = CIVILIANS_PER_KM[posture];
  const [aLo, aHi] = (ctx.territory ? AREA_TERRITORY : AREA_ZONE)[posture];
  const lengthKm = ctx.lengthKm ?? 0;
  const ops = ctx.operations;
  const incidents =
    ops?.incidentsNeedingUnitPerDay ?? ctx.incidentsPerDay ?? (INCIDENTS_PER_100KM[threat] * lengthKm) / 100;
  const response = ops?.responseTimeTargetMin ?? ctx.responseTimeTargetMin ?? RESPONSE_MIN[posture];
  const serviceTimeH = ops?.serviceTimeH ?? 3;
  const shared = (key: keyof OperationalAssumptions["basis"], fallback: string) =>
    ops ? `shared with the simulator (src/ops): ${ops.basis[key]}` : fallback;
  const spacing = ctx.postSpacingKm ?? 10;
  const tour = ctx.tourMonths ?? 6;
  const crew = CREW[posture];
  const patrolSpacing = PATROL_SPACING[posture];
  const patrolSize = PATROL_SIZE[posture];
  const qrfTeam = QRF_TEAM[posture];
  return {
    troopsPer1000: band(
      dLo,
      dHi,
      "troops per 1,000 inhabitants",
      "Troops per 1,000 inhabitants of the territory the force answers for, by posture and threat (stabilise at high threat: hard cases such as Northern Ireland, Malaya, Kosovo 1999, an upper bound; deter: a force held in its bases; monitor: observers of a settlement the parties keep).",
      `${QUINLIVAN}; Dobbins et al., RAND 2003 (Kosovo ~20, Bosnia 18.6 per 1,000); deter/monitor: KFOR 2022-25 ~2.5 per 1,000 (data/missions.csv)`,
    ),
    policePer1000: band(
      1,
      4,
      "police per 1,000 inhabitants",
      "International police per 1,000 inhabitants when the force answers for public order (stabilise only).",
      QUINLIVAN,
    ),
    troopsPerKm: band(
      fr[0],
      fr[1],
      "troops per km of line",
      "Troops per km of the line: monitor = observers, posts and a small reserve; interpose = a continuous presence between the armies; stabilise = a guarded boundary. Not used for deter, where the frontage method uses brigadeTroops / brigadeFrontageKm.",
      "precedents in data/missions.csv: UNFICYP 2025 ~4/km, UNIKOM ~6/km, UNMEE ~4/km (monitor); UNFICYP 1974 ~25/km, UNDOF 1974 ~15/km, IFOR ~43/km (interpose)",
    ),
    civiliansPerKm: {
      ...band(
        cLo,
        cHi,
        "civilian monitors and police per km of line",
        "Civilian monitors and police per km of line (unarmed monitoring teams, liaison, investigation).",
        "OSCE SMM: ~600 monitors on ~470 km (1.3/km); GCSP proposal: 5,000 on ~1,200 km (4.2/km)",
      ),
      ...(cHi === 0 ? { value: 0 } : {}),
    },
    brigadeTroops: point(
      5000,
      4000,
      6000,
      "troops",
      "Troops in one brigade with its combat support, the unit that holds a sector able to stop an attack.",
      "NATO brigades of 3,000-5,000 plus combat support; IISS: a ~10,000 'brigade' force including enablers",
    ),
    brigadeFrontageKm: band(
      bfLo,
      bfHi,
      "km",
      "Frontage one brigade can hold well enough to stop an attack (deter posture), by threat: high 20-50 km (a dense defence against a strong attacker), medium 30-80 km, low 50-120 km (a screen).",
      "US FM 100-5 / NATO Cold War doctrine (brigade 10-25 km, division 25-50 km); Ukrainian brigades 2023-24 on ~20-40 km",
    ),
    forceRatio: point(
      3,
      2,
      4,
      "attacker : defender",
      "Attacker-to-defender ratio a prepared defence can hold (deter, when sizing.opposingForce is given): one brigade on the line per this many opposing brigades.",
      "the 3:1 rule (Mearsheimer, 'Assessing the Conventional Balance', International Security 1989); 2:1 for a hasty defence, 4:1 for a fortified one",
    ),
    troopsPerKm2: band(
      aLo,
      aHi,
      "troops per km²",
      ctx.territory
        ? "Troops per km² of the territory the force answers for (stabilise: public order everywhere; deter: a residual presence)."
        : "Troops per km² of the buffer zone along the line.",
      ctx.territory
        ? "precedents in data/missions.csv: KFOR 1999 4.6/km², SFOR 2002 0.23/km², KFOR 2025 0.43/km²"
        : "precedents in data/missions.csv: UNFICYP 2025 2.1/km², UNFICYP 1974 12.8/km², IFOR zone of separation ~11/km²",
    ),
    cityGarrison: point(
      1000,
      500,
      1500,
      "troops per city",
      "Troops protecting one city (reassure): a battlegroup of 500-1,500 with its own guard and patrol force.",
      "UK/French battlegroup sizes (~800-1,200); NATO eFP battlegroups of 1,000-1,500 in the Baltic states and Poland",
    ),
    airbaseGarrison: point(
      300,
      150,
      600,
      "troops per airbase",
      "Troops protecting one airbase or airport (reassure): a force-protection company group, plus its air-defence detachment.",
      "RAF Regiment field squadrons (~150-200) and French air-base protection units; assumption for the detachments",
    ),
    portGarrison: point(
      300,
      150,
      600,
      "troops per port",
      "Troops protecting one port (reassure): a company group with harbour-protection and engineer detachments.",
      "assumption, by analogy with airbase protection",
    ),
    reserveBrigades: point(
      1,
      1,
      3,
      "brigades",
      "Manoeuvre brigades held in reserve behind the sites (reassure), to reinforce any of them; each of brigadeTroops.",
      "IISS, A European Reassurance Force for Ukraine (2025): options from one brigade (~10,000 with enablers) to a corps",
    ),
    postSpacingKm: point(
      spacing,
      spacing / 2,
      spacing * 2,
      "km",
      "Distance between observation posts along the line (zone.postSpacingKm).",
      "scenario zone.postSpacingKm (default 10)",
    ),
    crewPerPost: point(
      crew,
      crew / 2,
      crew * 2,
      "people on duty",
      "People on duty at each post at any moment (monitor: a team of 4; interpose: a section of 10; deter: a platoon of 30).",
      "UNFICYP and UNDOF post manning; NATO section/platoon sizes",
    ),
    reliefs: point(
      3,
      2.5,
      4.2,
      "people per 24/7 position",
      "People needed to keep one position filled around the clock (3 = 56-hour weeks; 4.2 = 40-hour weeks).",
      "168 h a week / duty hours a week per person",
    ),
    patrolSpacingKm: point(
      patrolSpacing,
      patrolSpacing / 2,
      patrolSpacing * 2,
      "km of line per daily patrol",
      "One patrol a day for every this many km of line.",
      "OSCE SMM: ~70 patrols a day on ~470 km (one per ~7 km)",
    ),
    patrolSize: point(
      patrolSize,
      patrolSize / 2,
      patrolSize * 2,
      "people",
      "People in one patrol (monitor: 2 vehicles of 2; otherwise a section of 8).",
      "OSCE SMM patrol practice; NATO section",
    ),
    patrolDurationH: point(6, 4, 10, "h", "Length of one patrol, hours.", "OSCE SMM daily patrols"),
    dutyHoursPerDay: point(
      8,
      6,
      10,
      "h",
      "Hours of patrol or post duty one person does per day, averaged over the week.",
      "56-hour weeks",
    ),
    monitorsPerPatrol: point(
      posture === "monitor" ? 2 : 0,
      0,
      posture === "monitor" ? 4 : 0,
      "civilians",
      "Civilian monitors riding with each patrol (monitor posture only).",
      "OSCE SMM mixed patrols",
    ),
    incidentsPerDay: point(
      incidents,
      incidents / 2,
      incidents * 2,
      "incidents/day",
      `Incidents a day needing a quick-reaction response (mandate.incidentsPerDay; default ${INCIDENTS_PER_100KM.low}/${INCIDENTS_PER_100KM.medium}/${INCIDENTS_PER_100KM.high} per 100 km of line for low/medium/high threat).`,
      shared(
        "incidentsNeedingUnitPerDay",
        "order of magnitude from OSCE SMM (120-900 violations a day on 470 km, of which a small share needs a response)",
      ),
    ),
    responseTimeTargetMin: point(
      response,
      response / 2,
      response * 2,
      "min",
      "Target time for a quick-reaction force to reach an incident (mandate.responseTimeTargetMin; default 120/60/30/30 min for monitor/interpose/deter/stabilise). Half goes to travel, half to waiting for a free team.",
      shared("responseTimeTargetMin", "NATO QRF readiness (30-120 min notice to move)"),
    ),
    serviceTimeH: point(
      serviceTimeH,
      serviceTimeH / 2,
      serviceTimeH * 2,
      "h",
      "Hours a quick-reaction team is busy per incident (travel, on task, back).",
      shared("serviceTimeH", "assumption"),
    ),
    qrfSpeedKmh: point(
      40,
      25,
      60,
      "km/h",
      "Road speed of a quick-reaction team.",
      "assumption (wheeled vehicles, mixed roads)",
    ),
    roadFactor: point(
      1.3,
      1.1,
      1.6,
      "road km per straight km",
      "Road distance over straight-line distance.",
      "typical circuity of rural road networks",
    ),
    serviceLevel: point(
      0.9,
      0.8,
      0.95,
      "share",
      "Share of incidents that must be reached within the target time (Erlang-C).",
      "assumption",
    ),
    qrfTeamSize: point(
      qrfTeam,
      qrfTeam / 2,
      qrfTeam * 2,
      "troops",
      "Troops in one quick-reaction team on standby (monitor/interpose/stabilise: a platoon of 30; deter: a company of 120).",
      "NATO platoon/company sizes",
    ),
    enablerShare: point(
      0.35,
      0.25,
      0.5,
      "share of the deployed force",
      "Share of the deployed force in logistics, medical, aviation, engineers and command.",
      "NATO/UN tooth-to-tail ratios for expeditionary forces",
    ),
    tourMonths: point(
      tour,
      4,
      12,
      "months",
      "Length of one contingent's tour (mandate.tourMonths).",
      "UN: 6-12 months",
    ),
    dwellMonths: point(
      12,
      6,
      24,
      "months",
      "Months a unit spends preparing and recovering for each tour. 12 with 6-month tours is the rule of thirds (3×).",
      "rule of thirds; UK harmony guidelines (24 months between tours)",
    ),
  };
}

/** The plain values of a parameter set. */
export function paramValues(p: ParamSet): ParamValues {
  const out = {} as ParamValues;
  for (const k of PARAM_NAMES) out[k] = p[k].value;
  return out;
}

/** A parameter override from a scenario: a value, or a value with its own low and high. */
export type ParamOverride = number | { value: number; low?: number; high?: number };

/** Apply overrides; an override without a range keeps the default range, widened to include the new value. */
export function applyOverrides(p: ParamSet, overrides: Partial<Record<ParamName, ParamOverride>> = {}): ParamSet {
  const out = { ...p };
  for (const [k, o] of Object.entries(overrides) as Array<[ParamName, ParamOverride | undefined]>) {
    if (o === undefined) continue;
    const base = p[k];
    const value = typeof o === "number" ? o : o.value;
    const low = typeof o === "number" || o.low === undefined ? Math.min(base.low, value) : o.low;
    const high = typeof o === "number" || o.high === undefined ? Math.max(base.high, value) : o.high;
    out[k] = { ...base, value, low, high, source: `scenario sizing.overrides (default ${base.value})` };
  }
  return out;
}
