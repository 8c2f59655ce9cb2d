/**
 * The zone stage: scenario -> buffer zone, sectors, observation posts and
 * withdrawal lines. Pure: no I/O.
 *
 * Construction: the line is densified along geodesics, cut at sector boundaries
 * and into chunks of at most CHUNK_KM; each chunk is buffered in its own local
 * ellipsoidal projection (buffer.ts). A sector is the union of its chunks; where
 * the line comes back near itself and sectors overlap, the overlap goes to the
 * earlier sector, so sectors partition the zone and their areas sum to its area.
 * Lengths are geodesic (Karney, via geographiclib); areas are exact on the ellipsoid for the output
 * polygon's ~1 km edges (equalAreaKm2, within ~1e-6 of Karney's polygon area).
 */

import Flatbush from "flatbush";
import { TruceInputError } from "../errors/index.js";
import { BOUNDS } from "../scenario/bounds.js";
import { lineParts, zoneSides } from "../scenario/geometry.js";
import type { Scenario } from "../scenario/schema.js";
import {
  bufferChunk,
  type ChunkBuffer,
  chunkGeometry,
  difference,
  lonLatPolygon,
  splitLongEdges,
  toGeoJson,
  unionAll,
} from "./buffer.js";
import { chunkLine } from "./chunks.js";
import { cumulativeKm, densify, equalAreaKm2, pointAlong, sliceAlong } from "./geodesic.js";
import { unwrapParts } from "./lon.js";
import { ringOf, ringsAreSimple } from "./offset.js";
import type {
  LineString,
  MultiLineString,
  MultiPolygon,
  ObservationPost,
  Polygon,
  Position,
  Sector,
  Zone,
} from "./types.js";
import { withdrawalLine } from "./withdrawal.js";

/** What the zone reads from a scenario. */
export type ZoneInput = Pick<Scenario, "contactLine" | "zone">;

/**
 * Most vertices a contact line may have (all parts): a detailed 1,000 km line needs a few thousand,
 * and buffering cost grows with the count. Beyond it the zone is refused rather than left to run.
 */
export const MAX_LINE_VERTICES = BOUNDS.vertices.max;

/**
 * Segment length used to densify the line before projecting it, km: in a local azimuthal projection a
 * 5 km geodesic within 40 km of the centre is straight to ~2.5 cm (ℓ²·d/R²).
 */
const DENSIFY_KM = 5;
/** Default sector length when the scenario gives neither sectors nor sectorLengthKm, km. */
export const DEFAULT_SECTOR_KM = 100;
/** Cuts closer than this to a part's end (km, 1 mm) are taken to be at the end. */
const END_SNAP_KM = 1e-6;
/** Sector slivers smaller than this share of the zone (numerical debris at chunk joints) are dropped. */
const SLIVER_SHARE = 1e-9;

interface Part {
  /** The part as given, in continuous longitudes. */
  given: Position[];
  coords: Position[];
  cum: Float64Array;
  startKm: number;
  lengthKm: number;
}

function prepareParts(scenario: Pick<Scenario, "contactLine">): Part[] {
  // Continuous longitudes, so that a line crossing the antimeridian is one connected shape here.
  const raws = unwrapParts(lineParts(scenario));
  const vertices = raws.reduce((n, r) => n + r.length, 0);
  if (vertices > MAX_LINE_VERTICES) {
    throw new TruceInputError({
      path: "contactLine.coordinates",
      problem: `the line has ${vertices.toLocaleString("en")} vertices; the most a zone is built for is ${MAX_LINE_VERTICES.toLocaleString("en")}.`,
      fix: "Simplify the line (one vertex every few hundred metres is plenty for a zone) or split the scenario.",
    });
  }
  let offset = 0;
  return raws.map((raw) => {
    // Drop repeated points: zero-length segments have no direction.
    const clean = raw.filter((p, i) => i === 0 || p[0] !== raw[i - 1][0] || p[1] !== raw[i - 1][1]);
    const coords = densify(clean, DENSIFY_KM);
    const cum = cumulativeKm(coords);
    const part = { given: raw, coords, cum, startKm: offset, lengthKm: cum[cum.length - 1] };
    offset += part.lengthKm;
    return part;
  });
}

/** Sector boundaries along the whole line, km, from the zone options. */
export function sectorBoundariesKm(
  totalKm: number,
  zone: Pick<Scenario["zone"], "sectors" | "sectorLengthKm">,
): number[] {
  let count: number;
  if (zone.sectors !== undefined) count = zone.sectors;
  else {
    const len = zone.sectorLengthKm ?? DEFAULT_SECTOR_KM;
    count = Math.max(1, Math.round(totalKm / len));
  }
  const bounds = [0];
  for (let i = 1; i < count; i++) bounds.push((totalKm * i) / count);
  bounds.push(totalKm);
  return bounds;
}

function placePosts(parts: Part[], spacingKm: number, sectorOf: (globalKm: number) => string): ObservationPost[] {
  const posts: ObservationPost[] = [];
  for (const part of parts) {
    const along: number[] = [];
    if (part.lengthKm < spacingKm / 2) along.push(part.lengthKm / 2);
    else for (let km = spacingKm / 2; km <= part.lengthKm; km += spacingKm) along.push(km);
    for (const km of along) {
      const { point } = pointAlong(part.coords, part.cum, km);
      const globalKm = part.startKm + km;
      posts.push({
        id: `OP${String(posts.length + 1).padStart(3, "0")}`,
        lon: point[0],
        lat: point[1],
        alongKm: globalKm,
        sectorId: sectorOf(globalKm),
      });
    }
  }
  return posts;
}

function bboxOf(coords: Position[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [x, y] of coords) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

/** Whether two polygons' interiors overlap; when JTS cannot decide (near-coincident edges), assume they do. */
function interiorsMeet(a: JstsGeometry, b: JstsGeometry): boolean {
  try {
    return a.relate(b, "T********");
  } catch {
    return true; // the snapping difference that follows resolves it either way
  }
}

/**
 * Runs of chunk rings (each run consecutive along one part) joined into one ring per run, with long
 * edges split; undefined unless every chunk was built as a ring, neighbours share their cap corners
 * exactly, and the joined rings are simple and apart.
 */
function stitchRings(runs: ChunkBuffer[][]): Position[][] | undefined {
  const rings: Position[][] = [];
  for (const run of runs) {
    if (run.length === 0) continue;
    const left: Position[] = [];
    const right: Position[] = [];
    for (let k = 0; k < run.length; k++) {
      const c = run[k];
      if (c.kind !== "ring") return undefined;
      const { parts } = c;
      if (k > 0) {
        if (!samePoint(left[left.length - 1], parts.left[0]) || !samePoint(right[right.length - 1], parts.right[0]))
          return undefined;
        left.push(...parts.left.slice(1));
        right.push(...parts.right.slice(1));
      } else {
        left.push(...parts.left);
        right.push(...parts.right);
      }
    }
    const first = run[0] as Extract<ChunkBuffer, { kind: "ring" }>;
    const last = run[run.length - 1] as Extract<ChunkBuffer, { kind: "ring" }>;
    rings.push(splitLongEdges(ringOf({ left, endCap: last.parts.endCap, right, startCap: first.parts.startCap })));
  }
  return rings.length > 0 && ringsAreSimple(rings) ? rings : undefined;
}

const samePoint = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Outer rings (RFC 7946 winding: counter-clockwise) as a Polygon or MultiPolygon. */
function asGeoJson(rings: Position[][]): Polygon | MultiPolygon {
  const outer = rings.map((r) => (signedArea(r) < 0 ? r.slice().reverse() : r));
  return outer.length === 1
    ? { type: "Polygon", coordinates: [outer[0]] }
    : { type: "MultiPolygon", coordinates: outer.map((r) => [r]) };
}

function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

export function sectorId(index: number): string {
  return `S${String(index + 1).padStart(2, "0")}`;
}

/**
 * Build the zone for a scenario.
 * @example computeZone(loadScenarioFile("data/scenarios/ukraine-gcsp.yaml")).areaKm2 // ≈ 12,000
 */
export interface ZoneOptions {
  /** Called as work completes: fraction done (0-1) and what is being built. */
  onProgress?: (fraction: number, stage: string) => void;
}

export function computeZone(scenario: Pick<Scenario, "contactLine" | "zone">, options: ZoneOptions = {}): Zone {
  const progress = options.onProgress ?? (() => {});
  const { leftKm, rightKm } = zoneSides(scenario.zone);
  const round = scenario.zone.ends === "round";
  const parts = prepareParts(scenario);
  const totalKm = parts.reduce((s, p) => s + p.lengthKm, 0);
  const bounds = sectorBoundariesKm(totalKm, scenario.zone);

  const sectorLines: Array<Position[][]> = [];
  // Each sector's chunk buffers, one list per part it spans; and every part's, in order along it.
  const sectorSlices: ChunkBuffer[][][] = [];
  const partBuffers: ChunkBuffer[][] = parts.map(() => []);
  // Rough cost weights: each sector's buffer 1, the overlap pass 1, each withdrawal line 2 sectors' worth per 10 km.
  const nSectors = bounds.length - 1;
  const wdCost = scenario.zone.withdrawalLines.reduce((s, w) => s + Math.max(1, w.km / 10), 0);
  const totalCost = nSectors + 1 + wdCost;
  for (let i = 0; i < bounds.length - 1; i++) {
    progress(i / totalCost, `sector ${sectorId(i)}`);
    const slices: ChunkBuffer[][] = [];
    const lines: Position[][] = [];
    parts.forEach((part, p) => {
      let from = Math.max(bounds[i], part.startKm) - part.startKm;
      let to = Math.min(bounds[i + 1], part.startKm + part.lengthKm) - part.startKm;
      // (startKm + lengthKm) - startKm can round below lengthKm, and a sector boundary at a part's
      // joint can leave a 1e-12 km sliver: snap to the part's ends so its real end caps are kept.
      if (from < END_SNAP_KM) from = 0;
      if (to > part.lengthKm - END_SNAP_KM) to = part.lengthKm;
      if (to - from <= 1e-9) return;
      const buffers = chunkLine(part.coords, part.cum, from, to, leftKm, rightKm).map((c) =>
        bufferChunk(c, leftKm, rightKm, round),
      );
      slices.push(buffers);
      partBuffers[p].push(...buffers);
      lines.push(sliceAlong(part.coords, part.cum, from, to));
    });
    sectorSlices.push(slices);
    sectorLines.push(lines);
  }

  // Where every chunk is one ring and no two come near each other (the common case), the sectors and
  // the zone are those rings joined at their shared caps: no union, no overlap pass.
  const sectorRings = sectorSlices.map(stitchRings);
  const partRings = sectorRings.every((r) => r !== undefined) ? stitchRings(partBuffers) : undefined;
  const sectorGeometry: Array<Polygon | MultiPolygon> = [];
  const sectorAreas: number[] = [];
  let polygon: Polygon | MultiPolygon;
  let areaKm2: number;
  if (partRings) {
    for (const rings of sectorRings as Position[][][]) {
      const g = asGeoJson(rings);
      sectorGeometry.push(g);
      sectorAreas.push(equalAreaKm2(g));
    }
    polygon = asGeoJson(partRings);
    areaKm2 = sectorAreas.reduce((a, b) => a + b, 0);
  } else {
    const sectorPieces = sectorSlices.map((slices, i) => {
      const rings = sectorRings[i];
      if (rings) return unionAll(rings.map(lonLatPolygon));
      return unionAll(slices.flat().map(chunkGeometry));
    });
    const zoneGeom = unionAll(sectorSlices.flat(2).map(chunkGeometry));
    polygon = toGeoJson(zoneGeom);
    areaKm2 = equalAreaKm2(polygon);
    progress(nSectors / totalCost, "sector overlaps");
    // Give overlaps (a line that comes back near itself) to the earlier sector so sectors partition the
    // zone: own_i = piece_i minus the earlier sectors' chunks whose interiors meet one of sector i's chunks
    // (a flatbush index of chunk boxes finds the candidates), never the earlier sectors whole.
    const chunkGeoms = sectorSlices.map((slices) => slices.flat().map(chunkGeometry));
    const flat = chunkGeoms.flatMap((gs, i) => gs.map((g) => ({ g, sector: i })));
    const index = new Flatbush(Math.max(1, flat.length));
    for (const { g } of flat) {
      const e = g.getEnvelopeInternal();
      index.add(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
    }
    if (flat.length === 0) index.add(0, 0, 0, 0);
    index.finish();
    sectorPieces.forEach((piece, i) => {
      const earlier = new Set<number>();
      for (const c of chunkGeoms[i]) {
        const e = c.getEnvelopeInternal();
        for (const k of index.search(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY())) {
          if (flat[k].sector < i && !earlier.has(k) && interiorsMeet(c, flat[k].g)) earlier.add(k);
        }
      }
      const own = earlier.size > 0 ? difference(piece, unionAll([...earlier].map((k) => flat[k].g))) : piece;
      const geometry = toGeoJson(own);
      sectorGeometry.push(geometry);
      sectorAreas.push(own.isEmpty() ? 0 : equalAreaKm2(geometry));
    });
  }

  const sectors: Sector[] = sectorGeometry.map((geometry, i) => {
    const lines = sectorLines[i];
    return {
      id: sectorId(i),
      index: i,
      startKm: bounds[i],
      endKm: bounds[i + 1],
      lengthKm: bounds[i + 1] - bounds[i],
      areaKm2: sectorAreas[i] < areaKm2 * SLIVER_SHARE ? 0 : sectorAreas[i],
      geometry,
      line:
        lines.length === 1
          ? ({ type: "LineString", coordinates: lines[0] } as LineString)
          : ({ type: "MultiLineString", coordinates: lines } as MultiLineString),
    };
  });

  const sectorOf = (km: number) => {
    for (let i = 0; i < bounds.length - 1; i++) if (km < bounds[i + 1]) return sectorId(i);
    return sectorId(bounds.length - 2);
  };

  let done = nSectors + 1;
  const withdrawalLines = scenario.zone.withdrawalLines.map((w) => {
    progress(done / totalCost, `withdrawal line at ${w.km} km`);
    done += Math.max(1, w.km / 10);
    const coords = parts.map((p) => p.coords);
    return withdrawalLine(coords, w.name, w.km);
  });
  progress(1, "done");

  const all = polygon.type === "Polygon" ? polygon.coordinates[0] : polygon.coordinates.flatMap((p) => p[0]);
  return {
    lengthKm: totalKm,
    areaKm2,
    leftKm,
    rightKm,
    line: { type: "MultiLineString", coordinates: parts.map((p) => p.given) },
    polygon,
    sectors,
    posts: placePosts(parts, scenario.zone.postSpacingKm, sectorOf),
    withdrawalLines,
    bbox: bboxOf(all),
  };
}
