/**
 * The plan as the web app and the report see it: each stage's result, or a plain
 * statement that the stage is not available (not built yet, or not applicable to
 * this scenario). Shapes follow each stage's `--json` output.
 */
import type { MapFeatureCollection } from "./features.js";

export type Stage<T> =
  | { status: "ok"; value: T }
  | { status: "unavailable"; reason: string }
  | { status: "error"; message: string };

export interface ScenarioSummary {
  id: string;
  name: string;
  description?: string;
  file: string;
  posture: string;
  threat: string;
  tourMonths: number;
  incidentsPerDay?: number;
  responseTimeTargetMin?: number;
  force?: { troops?: number; police?: number; civilianMonitors?: number; contributors?: number; note?: string };
  theater?: { population?: number; areaKm2?: number; name?: string };
  parties: Array<{ id: string; name: string; side: string }>;
  sources: Array<{ title: string; url?: string; note?: string }>;
}

export interface ZoneSummary {
  lengthKm: number;
  areaKm2: number;
  leftKm: number;
  rightKm: number;
  bbox: [number, number, number, number];
  sectors: Array<{
    id: string;
    lengthKm: number;
    areaKm2: number;
    startKm: number;
    endKm: number;
    leadNation?: string;
  }>;
  posts: number;
  withdrawalLines: Array<{ name: string; km: number }>;
}

export interface SizingEstimate {
  method: string;
  troops: number;
  civilians: number;
  low: number;
  high: number;
  /** The arithmetic in one line. */
  basis?: string;
  /** Each assumption as readable text: value, unit, plausible range, source. */
  assumptions: Record<string, string>;
}

export interface SizingView {
  estimates: SizingEstimate[];
  notApplicable: Array<{ method: string; reason: string }>;
  recommended: {
    troops: number;
    civilians: number;
    low: number;
    high: number;
    committed: number;
    committedLow?: number;
    committedHigh?: number;
    rotationMultiplier?: number;
    tourMonths?: number;
    method?: string;
    why?: string;
    topParameter?: string | null;
  };
  /** Tornado rows: recommended deployed troops with each parameter at its low and high value. */
  sensitivity: Array<{
    parameter: string;
    method: string;
    unit: string;
    value: number;
    low: number;
    high: number;
    troopsAtLow: number;
    troopsAtHigh: number;
  }>;
}

export interface GenerationView {
  feasible: boolean;
  status: string;
  totalTroops: number;
  requiredTroops?: number;
  allocations: Array<{ nation: string; capability: string; sector?: string; units: number; troops: number }>;
  byNation: Array<{ nation: string; name?: string; troops: number; share?: number; sectors?: string[] }>;
  bySector: Array<{ sector: string; troops: number; nations: string[]; lead?: string }>;
  unmet: Array<{ text: string; shortfall: number }>;
  binding: string[];
  /** Rules to relax when infeasible, in plain words. */
  relax: string[];
  largestForce?: number;
  explanation: string;
  assumptions: string[];
  /** Lead nation per zone sector id, when the plan names one. */
  leads?: Record<string, string>;
  solveTimeS?: number;
}

export interface PatrolView {
  solver: string;
  coverage: Array<{ target: string; name: string; probability: number; sectorId: string; kind: string; type: string }>;
  attackerBestResponse: { target: string; attackerUtility: number };
  /** Equilibrium utility of the force (the attacker best-responds). */
  defenderUtility: number;
  /** The same if the attacker breaks ties against the force. */
  defenderWorstCase: number;
  baselines: Record<string, { defenderUtility: number; defenderWorstCase: number; marginWorstCase: number }>;
  sectors: Array<{
    sectorId: string;
    teams: number;
    teamsDeployed: number;
    lineCoverage: number;
    siteCoverage: number | null;
    minCoverage: number;
  }>;
  /** Coverage per sector as the simulator reads it (detection). */
  simCoverage: Record<string, number>;
  assumptions: string[];
  solveTimeMs: number;
}

export interface Kpi {
  mean: number;
  ci95: [number, number];
}

/** The KPIs shown first, in this order (the rest follow in tables). */
export const HEADLINE_KPIS = [
  "metInTimeShare",
  "responseTimeMeanMin",
  "responseTimeP90Min",
  "escalations",
  "peakUnanswered",
  "deathsTotal",
  "injuredTotal",
  "peacekeepersInjured",
  "breakdown",
] as const;

export interface SimulationView {
  replications: number;
  seed: number;
  days?: number;
  troops?: number;
  events: number;
  eventsPerSecond: number;
  wallSeconds?: number;
  kpis: Record<string, Kpi>;
  /** Label and unit of each KPI. */
  kpiInfo?: Record<string, { label: string; unit: string }>;
  sweep?: Array<{ troops: number; kpis: Record<string, Kpi> }>;
}

export interface WhatIf {
  /** Apply the parties' vetoes on contributors (default on). */
  veto: boolean;
  /** Backstops present (default: as the scenario states them). */
  backstop?: boolean;
}

export interface PlanView {
  scenario: ScenarioSummary;
  zone: Stage<ZoneSummary>;
  map: MapFeatureCollection;
  sizing: Stage<SizingView>;
  generation: Stage<GenerationView>;
  patrol: Stage<PatrolView>;
  whatIf: WhatIf;
}
