/**
 * The zone stage: scenario -> buffer zone, sectors, observation posts and
 * withdrawal lines. Pure: no I/O.
 *
 * Construction: the line is densified along geodesics, cut at sector boundaries
 * and into chunks of at most CHUNK_KM; each chunk is buffered in its own local
 * ellipsoidal projection (buffer.ts). A sector is the union of its chunks; where
 * the line comes back near itself and sectors overlap, the overlap goes to the
 * earlier sector, so sectors partition the zone and their areas sum to its area.
 * Lengths and areas are geodesic (Karney, via geographiclib).
 */
import { TruceInputError } from "../errors/index.js";
import type { Scenario } from "../scenario/schema.js";
import { lineParts, zoneSides } from "../scenario/validate.js";
import { bufferChunk, difference, type LineChunk, toGeoJson, unionAll } from "./buffer.js";
import { chunkLine } from "./chunks.js";
import { cumulativeKm, densify, pointAlong, polygonAreaKm2, sliceAlong } from "./geodesic.js";
import type { LineString, MultiLineString, ObservationPost, Position, Sector, Zone } from "./types.js";
import { withdrawalLine } from "./withdrawal.js";

/** What the zone reads from a scenario. */
export type ZoneInput = Pick<Scenario, "contactLine" | "zone">;

/**
 * Most vertices a contact line may have (all parts): a detailed 1,000 km line needs a few thousand,
 * and buffering cost grows with the count. Beyond it the zone is refused rather than left to run.
 */
export const MAX_LINE_VERTICES = 100_000;

/** Segment length used to densify the line before projecting it, km. */
const DENSIFY_KM = 1;
/** Default sector length when the scenario gives neither sectors nor sectorLengthKm, km. */
export const DEFAULT_SECTOR_KM = 100;
/** Cuts closer than this to a part's end (km, 1 mm) are taken to be at the end. */
const END_SNAP_KM = 1e-6;
/** Sector slivers smaller than this share of the zone (numerical debris at chunk joints) are dropped. */
const SLIVER_SHARE = 1e-9;

interface Part {
  coords: Position[];
  cum: Float64Array;
  startKm: number;
  lengthKm: number;
}

function prepareParts(scenario: Pick<Scenario, "contactLine">): Part[] {
  const raws = lineParts(scenario);
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
    const part = { coords, cum, startKm: offset, lengthKm: cum[cum.length - 1] };
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

  const sectorPieces: JstsGeometry[] = [];
  const sectorLines: Array<Position[][]> = [];
  // Rough cost weights: each sector's buffer 1, the overlap pass 1, each withdrawal line 2 sectors' worth per 10 km.
  const nSectors = bounds.length - 1;
  const wdCost = scenario.zone.withdrawalLines.reduce((s, w) => s + Math.max(1, w.km / 10), 0);
  const totalCost = nSectors + 1 + wdCost;
  for (let i = 0; i < bounds.length - 1; i++) {
    progress(i / totalCost, `sector ${sectorId(i)}`);
    const chunks: LineChunk[] = [];
    const lines: Position[][] = [];
    for (const part of parts) {
      let from = Math.max(bounds[i], part.startKm) - part.startKm;
      let to = Math.min(bounds[i + 1], part.startKm + part.lengthKm) - part.startKm;
      // (startKm + lengthKm) - startKm can round below lengthKm, and a sector boundary at a part's
      // joint can leave a 1e-12 km sliver: snap to the part's ends so its real end caps are kept.
      if (from < END_SNAP_KM) from = 0;
      if (to > part.lengthKm - END_SNAP_KM) to = part.lengthKm;
      if (to - from <= 1e-9) continue;
      chunks.push(...chunkLine(part.coords, part.cum, from, to, leftKm, rightKm));
      lines.push(sliceAlong(part.coords, part.cum, from, to));
    }
    sectorPieces.push(unionAll(chunks.map((c) => bufferChunk(c, leftKm, rightKm, round))));
    sectorLines.push(lines);
  }

  const zoneGeom = unionAll(sectorPieces);
  const polygon = toGeoJson(zoneGeom);
  const areaKm2 = polygonAreaKm2(polygon);

  progress(nSectors / totalCost, "sector overlaps");
  // Give overlaps (a line that comes back near itself) to the earlier sector so sectors partition the zone.
  const sectors: Sector[] = [];
  const owned: JstsGeometry[] = [];
  sectorPieces.forEach((piece, i) => {
    // Only sectors whose interiors overlap this one matter; neighbours merely touch along a cap.
    const env = piece.getEnvelopeInternal();
    const overlapping = owned.filter((o) => o.getEnvelopeInternal().intersects(env) && interiorsMeet(piece, o));
    const own = overlapping.length > 0 ? difference(piece, unionAll(overlapping)) : piece;
    owned.push(own);
    const geometry = toGeoJson(own);
    const lines = sectorLines[i];
    const sectorArea = own.isEmpty() ? 0 : polygonAreaKm2(geometry);
    sectors.push({
      id: sectorId(i),
      index: i,
      startKm: bounds[i],
      endKm: bounds[i + 1],
      lengthKm: bounds[i + 1] - bounds[i],
      areaKm2: sectorArea < areaKm2 * SLIVER_SHARE ? 0 : sectorArea,
      geometry,
      line:
        lines.length === 1
          ? ({ type: "LineString", coordinates: lines[0] } as LineString)
          : ({ type: "MultiLineString", coordinates: lines } as MultiLineString),
    });
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
    line: { type: "MultiLineString", coordinates: parts.map((p) => lineParts(scenario)[parts.indexOf(p)]) },
    polygon,
    sectors,
    posts: placePosts(parts, scenario.zone.postSpacingKm, sectorOf),
    withdrawalLines,
    bbox: bboxOf(all),
  };
}
