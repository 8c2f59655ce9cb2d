/**
 * Historical and proposed missions from data/missions.csv (with sources), for the
 * comparison charts: the KFOR troop timeline and the proposals marked on sweeps.
 * Parsing is the sizing module's (one parser, one set of checks).
 */
import { type Mission, parseMissions as parseMissionsCsv } from "../sizing/missions.js";

export { parseCsv } from "../sizing/missions.js";

/** One row of missions.csv. */
export type MissionRow = Mission;

/** Parse missions.csv text into typed rows; bad rows are TruceInputErrors naming the line. */
export function parseMissions(text: string, file = "data/missions.csv"): MissionRow[] {
  return parseMissionsCsv(file, text);
}

/** KFOR's troop strength by year (one point per year, the latest row of a year wins), sorted by year. */
export function kforTimeline(
  missions: readonly MissionRow[],
): Array<{ year: number; troops: number; label: string; source: string; status: string }> {
  const byYear = new Map<number, { year: number; troops: number; label: string; source: string; status: string }>();
  for (const m of missions) {
    if (!/^KFOR\b/.test(m.mission) || m.troops === undefined || !Number.isFinite(m.year)) continue;
    byYear.set(m.year, { year: m.year, troops: m.troops, label: m.mission, source: m.source, status: m.status });
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
