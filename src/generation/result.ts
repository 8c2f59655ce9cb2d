/** What force generation returns: the plan's tables, what binds, and why no plan exists when none does. */
import type { Objective } from "./model.js";
import type { GenerationToggles } from "./problem.js";

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
  /** stated: the scenario names it; chosen: the plan chose a distinct lead; largest: its largest contributor. */
  leadBasis?: "stated" | "chosen" | "largest";
  leadSource?: string;
}

/** One rule to relax, with its relaxation weight. */
export interface Relaxation {
  id: string;
  kind: string;
  text: string;
  relaxText: string;
  toggle?: string;
  weight: number;
}

/** How far the force under the rules falls short, by capability and sector, and who is kept out. */
export interface Shortfall {
  requiredTroops?: number;
  /** Largest force the rules allow (requirements ignored). */
  largestTroops: number;
  /** Troops of the best-covering force under the rules (the one the capability figures are from). */
  bestTroops: number;
  /** requiredTroops - largestTroops. */
  missingTroops?: number;
  /** Nations the rules leave in, and what they pledge. */
  eligible: { nations: string[]; troops: number };
  byCapability: Array<{
    capability: string;
    sector?: string;
    measure: "units" | "troops";
    required: number;
    provided: number;
    shortfall: number;
    /** Troops of this capability pledged by nations a rule keeps out, by rule. */
    ruledOut: Array<{ rule: string; nations: string[]; troops: number }>;
  }>;
  bySector: Array<{ sector: string; required: number; provided: number; shortfall: number }>;
}

/** Deployed troops (pledges) and the committed troops rotation needs to keep them deployed. */
export interface Rotation {
  multiplier: number;
  basis: "sizing" | "assumed";
  deployedTroops: number;
  committedTroops: number;
  requiredDeployed?: number;
  requiredCommitted?: number;
  byNation: Array<{ nation: string; deployed: number; committed: number }>;
  note: string;
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
  /** The shortfall against the best-covering force under the rules. */
  shortfall?: Shortfall;
  /** Smallest weighted set of rules to relax so that a plan exists. */
  relax: Relaxation[];
  /** Other sets of the same weight (up to 4). */
  alternatives: Relaxation[][];
  /** An irreducible set of rules that conflict (deletion filter); undefined when not proved in time. */
  conflict?: Array<{ id: string; kind: string; text: string }>;
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
  options: { timeLimitS: number; mipRelGap: number; whatIf: GenerationToggles };
  /** What each what-if toggle does, in words that match the model. */
  toggles: string[];
  /** Set when a toggle withdraws a party's consent: the mission is enforcement, not peacekeeping. */
  mandateChange?: string;
  /** Where the sectors came from: requirements.sectors, the zone's sectors, or one sector for all. */
  sectorSource: "requirements" | "zone" | "single";
  /** The shortfall by capability and sector when requirements are not met. */
  shortfall?: Shortfall;
  /** Deployed and committed troops, apart. */
  rotation: Rotation;
}
