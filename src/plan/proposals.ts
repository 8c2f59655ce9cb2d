/**
 * The headline proposals marked on every force-size chart (report, web), read from
 * data/missions.csv: the proposal rows with a `chart_label`. One source, no copies.
 */
import type { Mission } from "../sizing/missions.js";

export interface ProposalMarker {
  /** Troops the proposal states. */
  x: number;
  /** Short chart label, e.g. "10k GCSP". */
  label: string;
  mission: string;
  source: string;
}

/** The proposals to mark, smallest first. */
export function proposalMarkers(missions: readonly Mission[]): ProposalMarker[] {
  return missions
    .filter((m) => m.record === "proposal" && m.chartLabel && m.troops !== undefined)
    .map((m) => ({ x: m.troops as number, label: m.chartLabel as string, mission: m.mission, source: m.source }))
    .sort((a, b) => a.x - b.x);
}
