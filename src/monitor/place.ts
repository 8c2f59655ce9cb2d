/**
 * Where an incident is, relative to the mission's zones: which zone and sector, which side of the
 * line of contact, how far from it, and whether a weapon seen there breaks its withdrawal line.
 *
 * Distances are geodesic (WGS84): the nearest segment is found in a local plane, then the
 * distance to it is minimised along the segment's geodesic with a golden-section search.
 */
import geographiclib from "geographiclib-geodesic";
import { distanceKm } from "../geo/geodesic.js";
import { lonNear } from "../geo/lon.js";
import type { MultiPolygon, Polygon, Position, Zone } from "../geo/types.js";
import type { Derived, Violation } from "./schema.js";
import { WEAPON_CLASSES, type WeaponClass } from "./taxonomy.js";

/** A zone the server knows, with the parties holding each side. */
export interface MissionZone {
  /** Scenario id, e.g. "ukraine-gcsp". */
  id: string;
  zone: Zone;
  parties?: { left?: string; right?: string };
}

// CommonJS package: take the namespace from its default export (as src/geo/geodesic.ts does).
const { Geodesic } = geographiclib as unknown as typeof import("geographiclib-geodesic");
const geod = Geodesic.WGS84;
const { LATITUDE, LONGITUDE, AZIMUTH, DISTANCE, DISTANCE_IN } = Geodesic as unknown as Record<string, number>;
const KM_PER_DEG_LAT = 110.574;
/** Mean earth radius, km: only steers the intercept iteration, never a result. */
const EARTH_R_KM = 6371.0088;
const KM_PER_DEG_LON_EQ = 111.32;

interface NearestOnLine {
  distanceKm: number;
  alongKm: number;
  side: "left" | "right";
}

function wrapLon(d: number): number {
  return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
}

interface Segment {
  a: Position;
  b: Position;
  startKm: number;
  lengthKm: number;
}

/** Segment lengths along a line, computed once per line. */
const segmentCache = new WeakMap<object, Segment[]>();

function segmentsOf(parts: readonly (readonly Position[])[]): Segment[] {
  let segs = segmentCache.get(parts);
  if (segs) return segs;
  segs = [];
  let along = 0;
  for (const part of parts)
    for (let i = 1; i < part.length; i++) {
      const lengthKm = distanceKm(part[i - 1], part[i]);
      segs.push({ a: part[i - 1], b: part[i], startKm: along, lengthKm });
      along += lengthKm;
    }
  segmentCache.set(parts, segs);
  return segs;
}

/** Nearest point of a (multi)line to `p`: geodesic distance, distance along the line, and side. */
export function nearestOnLine(parts: readonly (readonly Position[])[], p: Position): NearestOnLine | null {
  const cosLat = Math.cos((p[1] * Math.PI) / 180);
  const toXY = (q: Position): [number, number] => [
    wrapLon(q[0] - p[0]) * KM_PER_DEG_LON_EQ * cosLat,
    (q[1] - p[1]) * KM_PER_DEG_LAT,
  ];
  // Planar pass: rank segments by distance in the local plane.
  const cands: Array<{ d: number; seg: Segment; t: number; cross: number }> = [];
  for (const seg of segmentsOf(parts)) {
    const [ax, ay] = toXY(seg.a);
    const [bx, by] = toXY(seg.b);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const fx = ax + t * dx;
    const fy = ay + t * dy;
    // Cross product of the segment direction with (P - foot): positive means P is on the left.
    const cross = dx * (0 - fy) - dy * (0 - fx);
    cands.push({ d: Math.hypot(fx, fy), seg, t, cross });
  }
  if (cands.length === 0) return null;
  cands.sort((x, y) => x.d - y.d);
  let best: NearestOnLine | null = null;
  // Refine the planar-nearest segments on the ellipsoid (those within the plane's error of the nearest).
  for (const c of cands.slice(0, 4)) {
    if (c.d > cands[0].d * 1.02 + 2) break;
    const { seg } = c;
    const line = geod.InverseLine(seg.a[1], seg.a[0], seg.b[1], seg.b[0], LATITUDE | LONGITUDE | AZIMUTH | DISTANCE_IN);
    const segKm = seg.lengthKm;
    // Intercept iteration (as in Karney's and Baselga's solutions): at the current foot q, the
    // angle between the segment's azimuth and the azimuth to p says how far to slide along.
    let s = c.t * segKm;
    let d = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 12; k++) {
      const q = line.Position(s * 1000, LATITUDE | LONGITUDE | AZIMUTH);
      const inv = geod.Inverse(q.lat2 as number, q.lon2 as number, p[1], p[0], DISTANCE | AZIMUTH) as {
        s12: number;
        azi1: number;
      };
      d = inv.s12 / 1000;
      const angle = ((inv.azi1 - (q.azi2 as number)) * Math.PI) / 180;
      const ds = EARTH_R_KM * Math.atan(Math.tan(d / EARTH_R_KM) * Math.cos(angle));
      const next = Math.max(0, Math.min(segKm, s + ds));
      if (Math.abs(next - s) < 1e-7) break;
      s = next;
    }
    const dA = distanceKm(p, seg.a);
    const dB = distanceKm(p, seg.b);
    if (dA < d) {
      d = dA;
      s = 0;
    }
    if (dB < d) {
      d = dB;
      s = segKm;
    }
    if (!best || d < best.distanceKm)
      best = { distanceKm: d, alongKm: seg.startKm + s, side: c.cross >= 0 ? "left" : "right" };
  }
  return best;
}

/** Ray casting on lon/lat; fine for zone polygons, which are densified. */
export function pointInPolygon(p: Position, geom: Polygon | MultiPolygon): boolean {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  for (const rings of polys) {
    let inside = false;
    for (let r = 0; r < rings.length; r++) {
      if (ringContains(rings[r], p)) inside = !inside; // holes flip it back
    }
    if (inside) return true;
  }
  return false;
}

function ringContains(ring: readonly Position[], p: Position): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function lineParts(zone: Zone): Position[][] {
  return zone.line.coordinates as Position[][];
}

/** How far from a zone's line an incident may be and still belong to it: the widest of zone and withdrawal lines, plus 50%. */
export function reachKm(zone: Zone): number {
  const widest = Math.max(zone.leftKm, zone.rightKm, ...zone.withdrawalLines.map((w) => w.km));
  return widest * 1.5 + 10;
}

/** The withdrawal line that applies to a weapon class: the farthest of those whose name names the class. */
export function withdrawalLineFor(zone: Zone, weaponClass: WeaponClass): { name: string; km: number } | null {
  const keywords: readonly string[] = WEAPON_CLASSES[weaponClass].keywords;
  let best: { name: string; km: number } | null = null;
  for (const w of zone.withdrawalLines) {
    const name = w.name.toLowerCase();
    if (keywords.some((k) => name.includes(k)) && (!best || w.km > best.km)) best = { name: w.name, km: w.km };
  }
  return best;
}

/** Cheap test: is the point within the zone's reach of its bounding box (degrees, generously)? */
function nearBbox(zone: Zone, lon: number, lat: number): boolean {
  const [w, s, e, n] = zone.bbox;
  const rDeg = reachKm(zone) / 100 + 0.1; // 1 degree of latitude is >= 110 km
  const rLon =
    rDeg / Math.max(0.05, Math.cos((Math.min(85, Math.max(Math.abs(s), Math.abs(n)) + rDeg) * Math.PI) / 180));
  return lat >= s - rDeg && lat <= n + rDeg && lon >= w - rLon && lon <= e + rLon;
}

const NONE: Derived = {
  zoneId: null,
  sectorId: null,
  inZone: false,
  side: null,
  party: null,
  distanceToLineKm: null,
  withdrawalViolation: null,
};

/**
 * Derive zone, sector, side, distance and the withdrawal-line flag for a point.
 * `scenario` picks a zone by id; otherwise the zone whose line is nearest (within its reach).
 * A weapon seen (a violation with a weapon class, other than `fire`, whose position is the impact)
 * closer to the line than its withdrawal line is flagged.
 */
export function derivePlace(
  zones: readonly MissionZone[],
  lon: number,
  lat: number,
  violation?: Violation,
  scenario?: string,
): Derived {
  let chosen: { mz: MissionZone; near: NearestOnLine; p: Position } | null = null;
  for (const mz of zones) {
    if (scenario && mz.id !== scenario) continue;
    // A zone across the antimeridian keeps continuous longitudes (geo/lon.ts): take the point's in its range.
    const p: Position = [lonNear(lon, (mz.zone.bbox[0] + mz.zone.bbox[2]) / 2), lat];
    if (!scenario && !nearBbox(mz.zone, p[0], lat)) continue;
    const near = nearestOnLine(lineParts(mz.zone), p);
    if (!near) continue;
    if (!scenario && near.distanceKm > reachKm(mz.zone)) continue;
    if (!chosen || near.distanceKm < chosen.near.distanceKm) chosen = { mz, near, p };
  }
  if (!chosen) return { ...NONE };
  const { mz, near, p } = chosen;
  const zone = mz.zone;
  const inZone = pointInPolygon(p, zone.polygon);
  let sectorId: string | null = null;
  if (inZone) sectorId = zone.sectors.find((s) => pointInPolygon(p, s.geometry))?.id ?? null;
  if (sectorId === null && zone.sectors.length > 0) {
    const s =
      zone.sectors.find((x) => near.alongKm >= x.startKm && near.alongKm < x.endKm) ??
      (near.alongKm <= zone.sectors[0].startKm ? zone.sectors[0] : zone.sectors[zone.sectors.length - 1]);
    sectorId = s.id;
  }
  let withdrawalViolation: Derived["withdrawalViolation"] = null;
  if (violation?.weaponClass && violation.kind !== "fire") {
    const line = withdrawalLineFor(zone, violation.weaponClass);
    if (line && near.distanceKm < line.km)
      withdrawalViolation = { line: line.name, km: line.km, distanceKm: round3(near.distanceKm) };
  }
  return {
    zoneId: mz.id,
    sectorId,
    inZone,
    side: near.side,
    party: mz.parties?.[near.side] ?? null,
    distanceToLineKm: round3(near.distanceKm),
    withdrawalViolation,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
