/**
 * Human labels for the sizing parameters and methods, the simulation's sensitivity factors, and
 * KPI values: one table for the web planner, the report and the CLI, so "dwellMonths" reads
 * "Months between tours" everywhere. Pure (type imports and the number formatter only).
 */
import type { ParamName } from "../sizing/params.js";
import type { MethodName } from "../sizing/size.js";
import { fmt } from "./svg.js";

export const PARAM_LABELS: Record<ParamName, string> = {
  troopsPer1000: "Troops per 1,000 inhabitants",
  policePer1000: "Police per 1,000 inhabitants",
  troopsPerKm: "Troops per km of line",
  civiliansPerKm: "Civilians per km of line",
  brigadeTroops: "Troops in a brigade",
  brigadeFrontageKm: "Brigade frontage (km)",
  troopsPerKm2: "Troops per km² of zone",
  postSpacingKm: "Distance between posts (km)",
  crewPerPost: "Crew per observation post",
  reliefs: "Reliefs per post (shifts)",
  patrolSpacingKm: "Distance between patrol routes (km)",
  patrolSize: "Troops per patrol",
  patrolDurationH: "Patrol length (hours)",
  dutyHoursPerDay: "Duty hours a day",
  monitorsPerPatrol: "Monitors per patrol",
  incidentsPerDay: "Incidents a day",
  responseTimeTargetMin: "Response-time target (minutes)",
  serviceTimeH: "Time on site per incident (hours)",
  qrfSpeedKmh: "Quick-reaction speed (km/h)",
  roadFactor: "Road distance ÷ straight-line distance",
  serviceLevel: "Share of incidents answered in time",
  qrfTeamSize: "Troops per quick-reaction team",
  enablerShare: "Enablers' share of the force",
  tourMonths: "Tour length (months)",
  dwellMonths: "Months between tours",
  forceRatio: "Own brigades per opposing brigade",
  cityGarrison: "Troops to protect a city",
  airbaseGarrison: "Troops to protect an airbase",
  portGarrison: "Troops to protect a port",
  reserveBrigades: "Brigades in reserve",
};

export const METHOD_LABELS: Record<MethodName, string> = {
  density: "Population density",
  frontage: "Frontage (troops per km of line)",
  zoneArea: "Zone area",
  task: "Task-based (posts, patrols, reaction)",
  sites: "Protected sites (garrisons and reserve)",
};

/** A parameter's label; an unknown name is split into words ("someName" → "some name"). */
export function paramLabel(name: string): string {
  return (PARAM_LABELS as Record<string, string>)[name] ?? name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

export function methodLabel(name: string): string {
  return (METHOD_LABELS as Record<string, string>)[name] ?? name;
}

/** A simulation sensitivity factor as a label: "golden time (all types)" → "Golden time (all types)". */
export function factorLabel(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A simulation KPI's value in plain rounded numbers: shares and probabilities in whole percent,
 * minutes and counts to whole numbers (one decimal below 10).
 * @example formatKpi(0.6345, "share") // "63%"; formatKpi(21.67, "count") // "22"; formatKpi(3.33, "count") // "3.3"
 */
export function formatKpi(x: number, unit: string): string {
  if (unit === "share" || unit === "probability") return `${fmt(x * 100, 0)}%`;
  const rounded = fmt(x, Math.abs(x) >= 10 ? 0 : 1);
  return unit === "min" ? `${rounded} min` : rounded;
}
