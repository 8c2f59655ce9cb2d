/**
 * Historical and proposed missions from data/missions.csv (with sources), for the
 * comparison charts: the KFOR troop timeline. Parsing is the sizing module's
 * `parseMissions(file, text)` (one parser); the proposals marked on sweeps are
 * src/plan/proposals.ts.
 */
import type { Mission } from "../sizing/missions.js";

/** One row of missions.csv. */
export type MissionRow = Mission;

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
