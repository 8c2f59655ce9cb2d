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
  assumptions: Record<string, unknown>;
}

export interface SizingView {
  estimates: SizingEstimate[];
  recommended: { troops: number; civilians: number; low: number; high: number; committed: number; method?: string };
  sensitivity: Array<{ parameter: string; low: number; high: number; [k: string]: unknown }>;
}

export interface GenerationView {
  feasible: boolean;
  totalTroops: number;
  requiredTroops?: number;
  allocations: Array<{ nation: string; capability: string; sector?: string; units: number; troops: number }>;
  byNation: Array<{ nation: string; troops: number; [k: string]: unknown }>;
  unmet: Array<Record<string, unknown>>;
  binding: Array<Record<string, unknown> | string>;
  explanation: string;
  /** Lead nation per sector id, when the plan names one. */
  leads?: Record<string, string>;
}

export interface PatrolView {
  coverage: Array<{ target: string; probability: number; sectorId?: string; kind?: string }>;
  attackerBestResponse: { target: string; attackerUtility: number };
  defenderUtility: number;
  baselines: Record<string, { defenderUtility: number; [k: string]: unknown }>;
}

export interface Kpi {
  mean: number;
  ci95: [number, number];
}

export interface SimulationView {
  replications: number;
  seed: number;
  days?: number;
  events: number;
  eventsPerSecond: number;
  kpis: Record<string, Kpi>;
  sweep?: Array<{ troops: number; kpis: Record<string, Kpi> }>;
}

export interface WhatIf {
  /** Apply the parties' vetoes on contributors (default on). */
  veto: boolean;
  /** The US backstop is present (default as in the scenario). */
  backstop: boolean;
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
