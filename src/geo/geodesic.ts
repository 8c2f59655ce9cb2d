/**
 * Geodesic primitives on the WGS84 ellipsoid (Karney's algorithms via
 * geographiclib). Everything that measures a length or an area goes through here.
 */
import geographiclib from "geographiclib-geodesic";
import { lonNear } from "./lon.js";
import type { Position } from "./types.js";

// CommonJS package: take the namespace from its default export.
const { Geodesic } = geographiclib as unknown as typeof import("geographiclib-geodesic");
const geod = Geodesic.WGS84;
const { DISTANCE, DISTANCE_IN, AZIMUTH, LATITUDE, LONGITUDE, STANDARD } = Geodesic as unknown as Record<string, number>;

const near = lonNear;

/** Distance in km and the forward azimuths (degrees clockwise from north) at both ends. */
export function inverse(a: Position, b: Position): { distanceKm: number; azimuth1: number; azimuth2: number } {
  const r = geod.Inverse(a[1], a[0], b[1], b[0], DISTANCE | AZIMUTH) as { s12: number; azi1: number; azi2: number };
  return { distanceKm: r.s12 / 1000, azimuth1: r.azi1, azimuth2: r.azi2 };
}

/** Geodesic distance between two [lon, lat] points, km. */
export function distanceKm(a: Position, b: Position): number {
  const r = geod.Inverse(a[1], a[0], b[1], b[0], DISTANCE) as { s12: number };
  return r.s12 / 1000;
}

/** The point reached from `from` going `distanceKm` along azimuth `azimuthDeg`. */
export function destination(from: Position, azimuthDeg: number, distanceKmValue: number): Position {
  const r = geod.Direct(from[1], from[0], azimuthDeg, distanceKmValue * 1000, LATITUDE | LONGITUDE);
  return [near(r.lon2 as number, from[0]), r.lat2 as number];
}

/** Geodesic length of a polyline, km. */
export function lineLengthKm(coords: readonly Position[]): number {
  let total = 0;
  for (let i = 1; i < coords.length; i++) total += distanceKm(coords[i - 1], coords[i]);
  return total;
}

/**
 * An over-estimate of the distance between two points, km (equirectangular at the latitude
 * nearer the equator, +1% for the ellipsoid); only for deciding that a segment is surely short.
 */
export function roughKm(a: Position, b: Position): number {
  if (Math.max(Math.abs(a[1]), Math.abs(b[1])) > 80) return Number.POSITIVE_INFINITY;
  const lat = a[1] * b[1] <= 0 ? 0 : Math.min(Math.abs(a[1]), Math.abs(b[1]));
  const dLon = Math.abs(b[0] - a[0]) * Math.cos((lat * Math.PI) / 180);
  const dLat = Math.abs(b[1] - a[1]);
  return Math.hypot(dLon, dLat) * 111.7 * 1.01;
}

/**
 * Insert points along each segment's geodesic so that no segment is longer than
 * `maxSegmentKm`. Needed before any planar operation in a projection.
 */
export function densify(coords: readonly Position[], maxSegmentKm: number): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < coords.length - 1; i++) {
    const a = coords[i];
    const b = coords[i + 1];
    out.push(a);
    // Most segments of a digitised line are already short: a cheap over-estimate skips the geodesic solve.
    if (roughKm(a, b) < maxSegmentKm) continue;
    const r = geod.Inverse(a[1], a[0], b[1], b[0], STANDARD) as { s12: number; azi1: number };
    const km = r.s12 / 1000;
    const n = Math.ceil(km / maxSegmentKm);
    if (n > 1) {
      const line = geod.InverseLine(a[1], a[0], b[1], b[0], LATITUDE | LONGITUDE | DISTANCE_IN);
      for (let k = 1; k < n; k++) {
        const p = line.Position((r.s12 * k) / n, LATITUDE | LONGITUDE);
        out.push([near(p.lon2 as number, a[0]), p.lat2 as number]);
      }
    }
  }
  if (coords.length > 0) out.push(coords[coords.length - 1]);
  return out;
}

/**
 * Latitude where the geodesic from `a` to `b` crosses the meridian `lon` (longitudes continuous, `lon`
 * between a's and b's), by bisection along the geodesic to ~1e-12° of longitude.
 * @example meridianCrossingLat([177, -17], [183, -16.5], 180) // ≈ -16.76, the geodesic's, not the chord's -16.75
 */
export function meridianCrossingLat(a: Position, b: Position, lon: number): number {
  const line = geod.InverseLine(a[1], a[0], b[1], b[0], LATITUDE | LONGITUDE | DISTANCE_IN);
  const s13 = line.s13;
  const east = b[0] > a[0];
  let lo = 0;
  let hi = s13;
  let lat = a[1];
  for (let k = 0; k < 60 && hi - lo > 1e-7; k++) {
    const mid = (lo + hi) / 2;
    const p = line.Position(mid, LATITUDE | LONGITUDE);
    const x = near(p.lon2 as number, a[0]);
    lat = p.lat2 as number;
    if (x < lon === east) lo = mid;
    else hi = mid;
  }
  return lat;
}

/** Cumulative distance along a polyline at each vertex, km (first is 0). */
export function cumulativeKm(coords: readonly Position[]): Float64Array {
  const out = new Float64Array(coords.length);
  for (let i = 1; i < coords.length; i++) out[i] = out[i - 1] + distanceKm(coords[i - 1], coords[i]);
  return out;
}

/** The point `km` along a polyline (clamped to its ends), with the index of the segment it lies on. */
export function pointAlong(
  coords: readonly Position[],
  cum: Float64Array,
  km: number,
): { point: Position; segment: number; azimuth: number } {
  const last = coords.length - 1;
  if (km <= 0) return { point: coords[0], segment: 0, azimuth: inverse(coords[0], coords[1]).azimuth1 };
  if (km >= cum[last]) {
    return { point: coords[last], segment: last - 1, azimuth: inverse(coords[last - 1], coords[last]).azimuth2 };
  }
  // Binary search for the segment holding km.
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= km) lo = mid;
    else hi = mid;
  }
  const a = coords[lo];
  const b = coords[lo + 1];
  const line = geod.InverseLine(a[1], a[0], b[1], b[0], LATITUDE | LONGITUDE | DISTANCE_IN | AZIMUTH);
  const p = line.Position((km - cum[lo]) * 1000, LATITUDE | LONGITUDE | AZIMUTH);
  return { point: [near(p.lon2 as number, a[0]), p.lat2 as number], segment: lo, azimuth: p.azi2 as number };
}

/** The stretch of a polyline between two distances along it, km. */
export function sliceAlong(coords: readonly Position[], cum: Float64Array, fromKm: number, toKm: number): Position[] {
  const start = pointAlong(coords, cum, fromKm);
  const end = pointAlong(coords, cum, toKm);
  // A cut that falls on (or within rounding of) a vertex would leave a step of ~1e-14°, whose
  // direction is noise; buffer caps are built square to the end steps, so drop such vertices.
  const tooClose = (a: Position, b: Position) => Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9;
  const out: Position[] = [start.point];
  for (let i = start.segment + 1; i <= end.segment; i++) {
    if (!tooClose(coords[i], out[out.length - 1]) && !tooClose(coords[i], end.point)) out.push(coords[i]);
  }
  if (!tooClose(end.point, out[out.length - 1]) || out.length === 1) out.push(end.point);
  return out;
}

/** Signed geodesic area of one ring, km² (positive for counter-clockwise rings in lon/lat). */
function ringAreaKm2(ring: readonly Position[]): number {
  const poly = geod.Polygon(false);
  const n =
    ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]
      ? ring.length - 1
      : ring.length;
  for (let i = 0; i < n; i++) poly.AddPoint(ring[i][1], ring[i][0]);
  // reverse=false, sign=true: counter-clockwise is positive.
  return (poly.Compute(false, true).area ?? 0) / 1e6;
}

type PolygonalGeometry =
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

/** Outer rings minus holes, each ring's unsigned area by `ringArea` (km²). */
function outerMinusHoles(geometry: PolygonalGeometry, ringArea: (ring: Position[]) => number): number {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const rings of polys) {
    rings.forEach((ring, i) => {
      const a = Math.abs(ringArea(ring));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

/** Geodesic area of a GeoJSON Polygon or MultiPolygon (outer rings minus holes), km². */
export function polygonAreaKm2(geometry: PolygonalGeometry): number {
  return outerMinusHoles(geometry, ringAreaKm2);
}

/** Normalise an azimuth difference to (-180, 180]. */
export function turnDeg(fromAzimuth: number, toAzimuth: number): number {
  let d = toAzimuth - fromAzimuth;
  while (d <= -180) d += 360;
  while (d > 180) d -= 360;
  return d;
}

// WGS84, for the equal-area (authalic) measure below.
const A_M = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const DEG = Math.PI / 180;

/** q(φ) of the authalic latitude: the ellipsoid's area element is (a²/2)·dλ·dq. */
function authalicQ(latDeg: number): number {
  const s = Math.sin(latDeg * DEG);
  return (1 - E2) * (s / (1 - E2 * s * s) + Math.atanh(E * s) / E);
}

/**
 * Area of a GeoJSON Polygon or MultiPolygon (outer rings minus holes), km², with each edge taken
 * as straight in the cylindrical equal-area projection (λ, q(φ)) and measured exactly there. For
 * edges of a kilometre or so this is the geodesic polygon's area to ~1e-6 (an edge's geodesic and
 * its equal-area chord enclose ~15 m² per km at 48°, of opposite signs on opposite sides of a strip),
 * at a small fraction of the cost of Karney's polygon area. Additive: polygons sharing edges sum exactly.
 * @example equalAreaKm2(zone.polygon) // ≈ zone.areaKm2
 */
export function equalAreaKm2(geometry: PolygonalGeometry): number {
  return outerMinusHoles(geometry, equalAreaRingKm2);
}

/** One ring's area in the cylindrical equal-area projection (λ, q(φ)), km², unsigned. */
function equalAreaRingKm2(ring: Position[]): number {
  if (ring.length < 3) return 0;
  // Relative to the first vertex, so the shoelace does not cancel large products.
  const lon0 = ring[0][0];
  const q0 = authalicQ(ring[0][1]);
  let s = 0;
  let px = 0;
  let py = 0;
  for (let k = 1; k < ring.length; k++) {
    const x = (ring[k][0] - lon0) * DEG;
    const y = authalicQ(ring[k][1]) - q0;
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return (Math.abs(s) / 2) * ((A_M * A_M) / 2) * 1e-6;
}
