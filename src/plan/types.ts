/**
 * What the plan pipeline returns, stage by stage: each stage's result, or a plain
 * statement that the stage is not available (not applicable to this scenario, or
 * failed). Shapes follow each stage's `--json` output. Plain data, no wall-clock
 * fields in results: timings sit under `timing` so that results compare bit for bit.
 */
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
  /** People in the zone and within each withdrawal line (both sides), when the caller gave the places. */
  population?: {
    zone: { people: number; places: number };
    withdrawalLines: Array<{ name: string; km: number; people: number; places: number }>;
    source: string;
  };
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
  /**
   * The requirement (the driving method) with its joint uncertainty: every assumption drawn at once
   * (Monte Carlo), deployed troops at the 5th, 50th and 95th percentiles. Absent in views built before it existed.
   */
  requirement?: {
    method: string;
    troops: number;
    p5: number;
    p50: number;
    p95: number;
    draws: number;
    seed: number;
  };
  /**
   * The scenario's stated force against the recommendation, as `truce size` prints it: the ratio and the
   * posture and method whose default estimate lies closest to it. Absent when the scenario states no troops.
   */
  stated?: {
    troops: number;
    statedVsRecommended: number | null;
    bestMatch: { posture: string; method: string; troops: number; ratio: number } | null;
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
  /** Wall-clock figures, apart from the results (they differ run to run). */
  timing?: { solveTimeS: number };
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
  /** Coverage per sector as the simulator reads it (detection of an incident on the sector's line). */
  simCoverage: Record<string, number>;
  assumptions: string[];
  /** Wall-clock figures, apart from the results (they differ run to run). */
  timing?: { solveTimeMs: number };
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
  /** @deprecated wall-clock; read timing.eventsPerSecond (kept while web/src/views/PlanView.tsx reads it). */
  eventsPerSecond: number;
  kpis: Record<string, Kpi>;
  /** Label and unit of each KPI. */
  kpiInfo?: Record<string, { label: string; unit: string }>;
  sweep?: Array<{ troops: number; kpis: Record<string, Kpi> }>;
  /** Which troops were simulated and where the inputs came from. */
  links?: SimulationLinks;
  /** Whether the simulated force meets the response-time target, in numbers and one sentence. */
  check?: TargetCheck;
  /** Wall-clock figures, apart from the results (they differ run to run). */
  timing?: { wallSeconds: number; eventsPerSecond: number };
}

/**
 * The simulation's sensitivity (a tornado over its behavioural assumptions: golden time, force
 * ladder, containment, detection, escalation): KPI means with each assumption moved down and up by
 * a stated factor, one at a time, same seed and force. `truce simulate --sensitivity`, the planning
 * API and the report all get it from `Planner.sensitivity`.
 */
export interface SensitivityView {
  replications: number;
  seed: number;
  days: number;
  /** Troops simulated in every run. */
  troops: number;
  links: SimulationLinks;
  whatIf: WhatIf;
  /** KPIs reported, and the one the bars are ranked by. */
  kpis: string[];
  rankedBy: string;
  /** Label and unit of each KPI. */
  kpiInfo: Record<string, { label: string; unit: string }>;
  /** KPI means with every assumption as stated. */
  base: Record<string, number>;
  /** Widest swing (of `rankedBy`) first. */
  bars: SensitivityBar[];
  /** Simulations run: the base and both ends of every assumption. */
  runs: number;
}

export interface SensitivityBar {
  /** The assumption moved, e.g. "golden time (all types)". */
  factor: string;
  /** How far, low / high, e.g. "× 0.5 / × 1.5". */
  change: string;
  /** KPI means at the unfavourable (low) and favourable (high) end for the force. */
  low: Record<string, number>;
  high: Record<string, number>;
  /** |high − low| of the ranking KPI. */
  swing: number;
}

/** Where a stage's troop number came from. */
export type TroopsSource = "scenario" | "sizing" | "generation" | "request";

/** The force one stage works with, and which stage it came from. */
export interface ForceLink {
  /** Deployed troops: on the ground at one time. */
  troops: number | undefined;
  troopsSource: TroopsSource;
  /** Troops committed to sustain the deployed force with rotation (sizing's rotation multiplier); undefined when unknown. */
  committedTroops?: number;
  rotationMultiplier?: number;
  /** One line a planner reads: "10,000 troops from the scenario's force". */
  note: string;
}

/** The links between stages, named in the plan output. */
export interface PlanLinks {
  /** sizing → generation: the troops generation must find. */
  generation?: ForceLink;
  /** generation → patrols: the force patrol teams come from, and teams per sector. */
  patrol?: ForceLink & { teamsBySector?: Record<string, number> };
  /** patrols → simulation and the force simulated. */
  simulation?: SimulationLinks;
  /** sizing ↔ simulation: the one set of operational assumptions both read. */
  operations?: OperationsView;
}

export interface SimulationLinks extends ForceLink {
  /** "patrols" when detection follows the patrol plan's line coverage, else "observers" (the simulator's own model). */
  detectionSource: "patrols" | "observers";
}

/** The shared operational assumptions (src/ops/assumptions.ts), as shown. */
export interface OperationsView {
  incidentsNeedingUnitPerDay: number;
  serviceTimeH: number;
  qrfShare: number;
  responseTimeTargetMin: number;
  /** Where each figure came from. */
  basis: Record<string, string>;
  /** Plain sentences where the scenario states something that disagrees. */
  notes: string[];
}

export interface TargetCheck {
  troops: number;
  troopsSource: TroopsSource;
  /** Share of incidents reached within their golden time (simulated mean and 95% CI). */
  metInTimeShare: number;
  metInTimeCi95: [number, number];
  /** Share of incidents detected at all (an undetected incident gets no response). */
  detectedShare?: number;
  /** The share the sizing promises (its Erlang-C service level). */
  targetShare: number;
  meets: boolean;
  sentence: string;
}

/** The what-if toggles of the plan (the one WhatIf type: web, API, report and CLI translate into it). */
export interface WhatIf {
  /** Apply the parties' vetoes on contributors (default on). */
  veto: boolean;
  /** Backstops present (default: as the scenario states them). */
  backstop?: boolean;
}
