/**
 * Tiered release of incidents: the one place that decides what a reader may see. Every read path
 * (list, one incident, history, live feed, exports, daily report, stats) goes through it.
 *
 * - `internal`: everything, as stored (analysts and admins).
 * - `parties`: source identities removed (names, references, who reported and verified, reasons,
 *   evidence notes, idempotency keys); locations snapped to a 2 km grid.
 * - `public`: as `parties`, with locations snapped to a 10 km grid.
 *
 * Incidents located at the mission's own patrols or posts (`ownForces`) are released at `internal`
 * only: their coordinates are the force's own positions, and the parties to the conflict are exactly
 * who must not learn them (a 2 km cell still gives a post away).
 *
 * Viewers, reporters and planners read at `parties` unless granted more (`grants`, by token name). A reader
 * always sees what they wrote themselves (place, own sources, idempotency key), never what others
 * added to it (sources merged in from other reports, analysts' reasons and evidence).
 */
import { diff, type Role } from "./incident.js";
import type { Incident, Revision } from "./schema.js";

export const TIERS = ["internal", "parties", "public"] as const;
export type Tier = (typeof TIERS)[number];

/** Grid size locations are snapped to, km. */
export const TIER_GRID_KM: Record<Tier, number> = { internal: 0, parties: 2, public: 10 };

/** The most a role may see without a grant. */
export const ROLE_TIER: Record<Role, Tier> = {
  viewer: "parties",
  reporter: "parties",
  planner: "parties",
  analyst: "internal",
  admin: "internal",
};

/** Extra release granted to named tokens (e.g. a trusted partner's viewer token at `internal`). */
export type TierGrants = Readonly<Record<string, Tier>>;

/** Who is reading and at which tier: the input of every release function. */
export interface Reader {
  tier: Tier;
  /** Token name of the reader; their own records come back with what they wrote. */
  name?: string;
}

/** Does tier `a` show at least as much as tier `b`? */
export function tierAtLeast(a: Tier, b: Tier): boolean {
  return TIERS.indexOf(a) <= TIERS.indexOf(b);
}

/** The most `actor` may see: the role's tier, raised by a grant to the token's name. */
export function maxTier(actor: { name: string; role: Role }, grants: TierGrants = {}): Tier {
  const base = ROLE_TIER[actor.role];
  const granted = Object.hasOwn(grants, actor.name) ? grants[actor.name] : undefined;
  return granted && tierAtLeast(granted, base) ? granted : base;
}

/**
 * The reader a request is served as: at `requested` when the actor may see it, else a `denied`
 * reason naming the tiers they may use. Without `requested`, at the most they may see, and with
 * their own records as they wrote them.
 */
export function readerFor(
  actor: { name: string; role: Role },
  requested: Tier | undefined,
  grants: TierGrants = {},
): { reader: Reader } | { denied: string } {
  const max = maxTier(actor, grants);
  const tier = requested ?? max;
  if (!tierAtLeast(max, tier))
    return {
      denied: `tier '${tier}' holds source identities and exact places; this token may read up to '${max}'. Use tier=${TIERS.filter((t) => tierAtLeast(max, t)).join(" or tier=")}`,
    };
  // Asked for a tier explicitly: show exactly that tier, own records included (a preview of what others see).
  return { reader: requested === undefined ? { tier, name: actor.name } : { tier } };
}

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

function roundTo(x: number, cell: number): number {
  return Math.round(x / cell) * cell;
}

/** The incident as released at `tier`, or null when it must not be released at all. */
export function releaseIncident(inc: Incident, tier: Tier): Incident | null {
  if (tier === "internal") return inc;
  if (inc.ownForces) return null;
  const cell = TIER_GRID_KM[tier];
  const [lon, lat] = coarsen(inc.lon, inc.lat, cell);
  const dist = inc.derived.distanceToLineKm;
  return {
    ...inc,
    lon,
    lat,
    geoPrecisionKm: Math.max(inc.geoPrecisionKm, (cell * Math.SQRT2) / 2),
    idempotencyKey: null,
    createdBy: "redacted",
    sources: inc.sources.map((s) => ({ type: s.type, grade: s.grade })),
    verification: inc.verification.map((v) => ({ from: v.from, to: v.to, at: v.at, by: "redacted", reason: "" })),
    derived: {
      ...inc.derived,
      distanceToLineKm: dist === null ? null : roundTo(dist, cell),
      withdrawalViolation: inc.derived.withdrawalViolation
        ? { ...inc.derived.withdrawalViolation, distanceKm: roundTo(inc.derived.withdrawalViolation.distanceKm, cell) }
        : null,
    },
  };
}

/** The incident as `reader` may see it, or null when they must not see it at all. */
export function releaseFor(inc: Incident, reader: Reader): Incident | null {
  if (reader.tier === "internal") return inc;
  if (reader.name === undefined || inc.createdBy !== reader.name) return releaseIncident(inc, reader.tier);
  // The reader's own report: what they wrote, without what others added to it.
  const base = releaseIncident({ ...inc, ownForces: false }, reader.tier) as Incident;
  return {
    ...base,
    lon: inc.lon,
    lat: inc.lat,
    geoPrecisionKm: inc.geoPrecisionKm,
    ownForces: inc.ownForces,
    idempotencyKey: inc.idempotencyKey,
    createdBy: inc.createdBy,
    sources: inc.sources.filter((s) => !s.fromIncident),
    derived: inc.derived,
  };
}

/**
 * An incident's history as `reader` may see it: revisions whose snapshot they may not see are left
 * out; the rest carry released snapshots, the changes between released snapshots, and no actor or
 * reason below `internal`. Empty when they may see none (the route answers 404, as for no incident).
 */
export function releaseHistory(revisions: readonly Revision[], reader: Reader): Revision[] {
  if (reader.tier === "internal") return [...revisions];
  const out: Revision[] = [];
  let prev: Incident | null = null;
  for (const r of revisions) {
    const snap = releaseFor(r.snapshot, reader);
    if (!snap) continue;
    out.push({
      ...r,
      actor: r.actor === reader.name ? r.actor : "redacted",
      reason: r.actor === reader.name ? r.reason : "",
      changes: prev ? diff(prev, snap) : {},
      snapshot: snap,
    });
    prev = snap;
  }
  return out;
}
