/**
 * Tiered release of incidents.
 * - `internal`: everything, as stored.
 * - `parties`: source identities removed (names, references, who reported and verified, evidence
 *   notes); locations snapped to a 2 km grid.
 * - `public`: as `parties`, with locations snapped to a 10 km grid, and incidents located at the
 *   mission's own patrols or posts (`ownForces`) left out entirely.
 */
import type { Incident } from "./schema.js";

export const TIERS = ["internal", "parties", "public"] as const;
export type Tier = (typeof TIERS)[number];

/** Grid size locations are snapped to, km. */
export const TIER_GRID_KM: Record<Tier, number> = { internal: 0, parties: 2, public: 10 };

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_EQ = 111.32;

/** Snap a point to the centre of its cell of about `cellKm` × `cellKm` (rows of latitude, then longitude cells along each row). */
export function coarsen(lon: number, lat: number, cellKm: number): [number, number] {
  if (cellKm <= 0) return [lon, lat];
  const dLat = cellKm / KM_PER_DEG_LAT;
  const row = Math.floor(lat / dLat);
  const latC = Math.max(-89.9, Math.min(89.9, (row + 0.5) * dLat));
  const dLon = cellKm / (KM_PER_DEG_LON_EQ * Math.max(0.01, Math.cos((latC * Math.PI) / 180)));
  const lonC = (Math.floor(lon / dLon) + 0.5) * dLon;
  return [round6(Math.max(-180, Math.min(180, lonC))), round6(latC)];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The incident as released at `tier`, or null when it must not be released at all. */
export function releaseIncident(inc: Incident, tier: Tier): Incident | null {
  if (tier === "internal") return inc;
  if (tier === "public" && inc.ownForces) return null;
  const cell = TIER_GRID_KM[tier];
  const [lon, lat] = coarsen(inc.lon, inc.lat, cell);
  const dist = inc.derived.distanceToLineKm;
  return {
    ...inc,
    lon,
    lat,
    geoPrecisionKm: Math.max(inc.geoPrecisionKm, (cell * Math.SQRT2) / 2),
    location: inc.location,
    idempotencyKey: null,
    createdBy: "redacted",
    sources: inc.sources.map((s) => ({ type: s.type, grade: s.grade })),
    verification: inc.verification.map((v) => ({ from: v.from, to: v.to, at: v.at, by: "redacted", reason: "" })),
    derived: {
      ...inc.derived,
      distanceToLineKm: dist === null ? null : Math.round(dist / cell) * cell,
      withdrawalViolation: inc.derived.withdrawalViolation
        ? {
            ...inc.derived.withdrawalViolation,
            distanceKm: Math.round(inc.derived.withdrawalViolation.distanceKm / cell) * cell,
          }
        : null,
    },
  };
}
