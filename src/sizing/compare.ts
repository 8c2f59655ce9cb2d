/**
 * Put proposals side by side: what each stated force implies per km of line, per
 * 1,000 inhabitants and per km² of zone, what the methods give for its own posture,
 * and which posture and method its stated number matches best. That last column is
 * how "10,000 versus 200,000" is explained: by the posture each proposal assumes,
 * run through the same default parameters, never by a per-proposal factor.
 */
import type { Posture } from "../scenario/posture.js";
import type { ParamName, ParamOverride } from "./params.js";
import { areaKm2, type MethodName, type SizingInputs, type SizingResult, sizeScenario } from "./size.js";

export interface ProposalInput {
  name: string;
  inputs: SizingInputs;
  /** The force the proposal states (scenario `force`). */
  stated: { troops?: number; police?: number; civilianMonitors?: number };
  overrides?: Partial<Record<ParamName, ParamOverride>>;
}

export interface PostureMatch {
  posture: Posture;
  method: MethodName;
  troops: number;
  /** stated / estimate */
  ratio: number;
}

export interface ProposalRow {
  name: string;
  posture: Posture;
  threat: string;
  lengthKm: number | null;
  /** The area the force answers for: the zone, or the territory (Kosovo model). */
  areaKm2: number | null;
  population: number | null;
  stated: { troops: number | null; civilians: number | null };
  /** What the stated troops imply. Null where the scenario lacks the denominator. */
  implied: { troopsPerKm: number | null; troopsPer1000: number | null; troopsPerKm2: number | null };
  /** The methods' recommendation for the proposal's own posture. */
  recommended: {
    troops: number;
    low: number;
    high: number;
    committed: number;
    civilians: number;
    method: MethodName;
    /** precedent | requirement: which answer the recommendation follows. */
    follows: "precedent" | "requirement";
  };
  /** stated troops / recommended troops */
  statedVsRecommended: number | null;
  /** Recommended troops for each posture on the same geometry and population. */
  byPosture: Record<Posture, { troops: number; method: MethodName } | null>;
  /** The posture and method whose estimate (default parameters) lies closest to the stated troops, on a log scale. */
  bestMatch: PostureMatch | null;
  /** Whether the scenario overrides any sizing parameter (then the numbers are not the defaults'). */
  overridden: ParamName[];
}

const POSTURES: Posture[] = ["monitor", "interpose", "deter", "stabilise", "reassure"];

/**
 * Compare proposals side by side.
 *
 * @example compareProposals([{ name: "GCSP", inputs, stated: { troops: 10000 } }])[0].bestMatch?.posture // "monitor"
 */
export function compareProposals(proposals: readonly ProposalInput[]): ProposalRow[] {
  return proposals.map((p) => proposalRow(p));
}

/** A proposal sized with its overrides, and its row of compareProposals: the Planner's sizing stage. */
export interface SizedProposal {
  result: SizingResult;
  row: ProposalRow;
}

/** sizeScenario(p.inputs, { overrides: p.overrides }) and the proposal's comparison row from it. */
export function sizeProposal(p: ProposalInput): SizedProposal {
  const result = sizeScenario(p.inputs, { overrides: p.overrides });
  return { result, row: proposalRow(p, result) };
}

/**
 * One proposal's row of compareProposals. `own` is the proposal sized with its overrides
 * (sizeScenario(p.inputs, { overrides: p.overrides })), passed by a caller that has it already
 * (the Planner): each sizing is a 1,000-draw Monte Carlo, and the figures are the same.
 */
export function proposalRow(
  p: ProposalInput,
  own: SizingResult = sizeScenario(p.inputs, { overrides: p.overrides ?? {} }),
): ProposalRow {
  const i = p.inputs;
  const overrides = p.overrides ?? {};
  const defaults = Object.keys(overrides).length === 0;
  const troops = p.stated.troops ?? null;
  const civilians =
    p.stated.police === undefined && p.stated.civilianMonitors === undefined
      ? null
      : (p.stated.police ?? 0) + (p.stated.civilianMonitors ?? 0);
  const area = areaKm2(i) ?? null;
  const per = (d: number | undefined | null, scale = 1) => (troops !== null && d ? (troops / d) * scale : null);
  const byPosture = {} as ProposalRow["byPosture"];
  let best: PostureMatch | null = null;
  // The proposal's own posture first, so that it wins ties (density does not depend on posture).
  for (const posture of [i.posture, ...POSTURES.filter((x) => x !== i.posture)]) {
    // Default parameters only: the explanation must not lean on the proposal's own overrides.
    // Without overrides the own posture's run is `own` itself (sizing is deterministic).
    const r = defaults && posture === i.posture ? own : sizeScenario({ ...i, posture });
    byPosture[posture] =
      r.recommended.troops > 0 ? { troops: r.recommended.troops, method: r.recommended.method } : null;
    if (troops === null || troops <= 0) continue;
    for (const e of r.estimates) {
      if (!(e.troops > 0)) continue;
      const ratio = troops / e.troops;
      if (!best || Math.abs(Math.log(ratio)) < Math.abs(Math.log(best.ratio)))
        best = { posture, method: e.method, troops: e.troops, ratio };
    }
  }
  return {
    name: p.name,
    posture: i.posture,
    threat: i.threat,
    lengthKm: i.lengthKm ?? null,
    areaKm2: area,
    population: i.population ?? null,
    stated: { troops, civilians },
    implied: {
      troopsPerKm: per(i.lengthKm),
      troopsPer1000: per(i.population, 1000),
      troopsPerKm2: per(area),
    },
    recommended: {
      troops: own.recommended.troops,
      low: own.recommended.low,
      high: own.recommended.high,
      committed: own.recommended.committed,
      civilians: own.recommended.civilians,
      method: own.recommended.method,
      follows: own.recommended.follows,
    },
    statedVsRecommended: troops !== null && own.recommended.troops > 0 ? troops / own.recommended.troops : null,
    byPosture,
    bestMatch: best,
    overridden: Object.keys(overrides) as ParamName[],
  };
}
