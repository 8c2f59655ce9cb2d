/** Plain summaries of a zone for output (the CLI's --json, the report, the planning API). */
import type { Zone } from "./types.js";

/** Each sector's id, length, area and extent along the line. */
export function sectorSummaries(
  zone: Zone,
): Array<{ id: string; lengthKm: number; areaKm2: number; startKm: number; endKm: number }> {
  return zone.sectors.map((s) => ({
    id: s.id,
    lengthKm: s.lengthKm,
    areaKm2: s.areaKm2,
    startKm: s.startKm,
    endKm: s.endKm,
  }));
}

/** The `--json` document for `truce zone` (a contract: keep field names stable). */
export function zoneSummary(zone: Zone) {
  return {
    lengthKm: zone.lengthKm,
    areaKm2: zone.areaKm2,
    leftKm: zone.leftKm,
    rightKm: zone.rightKm,
    bbox: zone.bbox,
    sectors: sectorSummaries(zone),
    posts: zone.posts.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat, alongKm: p.alongKm, sectorId: p.sectorId })),
    withdrawalLines: zone.withdrawalLines.map((w) => ({
      name: w.name,
      km: w.km,
      left: w.left,
      right: w.right,
    })),
  };
}
