/** What force generation returns: the plan's tables, what binds, and why no plan exists when none does. */
import type { Objective } from "./model.js";
import type { WhatIf } from "./problem.js";

export interface Allocation {
  nation: string;
  capability: string;
  sector: string;
  units: number;
  troops: number;
}

export interface NationTotal {
  nation: string;
  name: string;
  troops: number;
  units: number;
  /** Share of the whole force, 0..1. */
  share: number;
  costPerYear: number;
  sectors: string[];
}

export interface SectorTotal {
  sector: string;
  troops: number;
  nations: string[];
  lead?: string;
}

export interface Unmet {
  requirement: string;
  text: string;
  measure: "units" | "troops";
  required: number;
  provided: number;
  shortfall: number;
}

export interface Binding {
  id: string;
  kind: string;
  text: string;
}

export interface Exclusion {
  /** Rule id, e.g. veto:RU:NATO. */
  id: string;
  text: string;
  nations: string[];
  troops: number;
}

export interface Infeasibility {
  contributors: number;
  pledgedTroops: number;
  exclusions: Exclusion[];
  eligible: { nations: string[]; maxTroops: number };
  /** Largest force the rules allow, ignoring the requirements (undefined when the rules alone conflict). */
  largestForce?: { troops: number; nations: number; allocations: Allocation[] };
  /** Smallest weighted set of rules to relax so that a plan exists. */
  relax: Array<{ id: string; kind: string; text: string; relaxText: string; toggle?: string }>;
  toggles: string[];
}

export interface GenerationResult {
  feasible: boolean;
  /** optimal; feasible (stopped at the time limit with a plan); infeasible; unknown (time limit, no plan). */
  status: "optimal" | "feasible" | "infeasible" | "unknown";
  objective: Objective;
  /** Solver objective: cost in US$ million a year; nations (count, plus a troop tie-break below 1); coverage (sum of relative shortfalls). */
  objectiveValue: number;
  mipGap: number;
  solveTimeS: number;
  totalTroops: number;
  costPerYear: number;
  allocations: Allocation[];
  byNation: NationTotal[];
  bySector: SectorTotal[];
  unmet: Unmet[];
  binding: Binding[];
  explanation: string;
  infeasibility?: Infeasibility;
  assumptions: string[];
  options: { timeLimitS: number; mipRelGap: number; whatIf: WhatIf };
}
