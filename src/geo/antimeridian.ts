/**
 * The antimeridian (±180°). Inside Truce a line that crosses it is carried in one continuous range
 * of longitudes (177 → 183, not 177 → -177), so the local projections, unions and lon/lat areas
 * see one connected shape. Output is brought back to [-180, 180] and split at the antimeridian
 * into parts on each side (RFC 7946 §3.1.9).
 */
import Coordinate from "jsts/org/locationtech/jts/geom/Coordinate.js";
import { geometryFactory, intersection } from "./buffer.js";
import { meridianCrossingLat } from "./geodesic.js";
import { wrapLon } from "./lon.js";
import type { Position } from "./types.js";

/** West and east ends of the longitudes of some positions, degrees. */
function lonRange(points: Iterable<Position>): [number, number] {
  let w = Infinity;
  let e = -Infinity;
  for (const p of points) {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
  }
  return [w, e];
}

type Geometry = { type: string; coordinates: unknown };

function* positionsOf(g: Geometry): Generator<Position> {
  const walk = function* (c: unknown): Generator<Position> {
    if (typeof (c as number[])[0] === "number") yield c as Position;
    else for (const x of c as unknown[]) yield* walk(x);
  };
  yield* walk(g.coordinates);
}

/** The windows [-180 + 360k, 180 + 360k] that a longitude range touches, as their k. */
function windows(w: number, e: number): number[] {
  const ks: number[] = [];
  for (let k = Math.floor((w + 180) / 360); k <= Math.ceil((e - 180) / 360); k++) ks.push(k);
  return ks;
}

const coord = (p: Position) => new Coordinate(p[0], p[1]);

function polygonJsts(rings: Position[][]): JstsGeometry {
  const [shell, ...holes] = rings.map((r) => geometryFactory.createLinearRing(r.map(coord)));
  return geometryFactory.createPolygon(shell, holes);
}

function windowBox(k: number, s: number, n: number): JstsGeometry {
  const w = -180 + 360 * k;
  const e = 180 + 360 * k;
  const ring: Position[] = [
    [w, s - 1],
    [e, s - 1],
    [e, n + 1],
    [w, n + 1],
    [w, s - 1],
  ];
  return polygonJsts([ring]);
}

/** Twice the signed planar area of a ring (positive: counter-clockwise). */
function signedArea2(ring: Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a;
}

/** A ring of a JTS polygon shifted by dLon, wound counter-clockwise (outer) or clockwise (hole). */
function ringOut(ring: JstsGeometry, dLon: number, ccw: boolean): Position[] {
  const pts: Position[] = ring.getCoordinates().map((c) => [c.x + dLon, c.y]);
  if (signedArea2(pts) > 0 !== ccw) pts.reverse();
  return pts;
}

/** The polygons of a JTS geometry, shifted by dLon. */
function collectPolygons(g: JstsGeometry, dLon: number, out: Position[][][]): void {
  for (let i = 0; i < g.getNumGeometries(); i++) {
    const part = g.getGeometryN(i);
    if (part.isEmpty()) continue;
    if (part.getGeometryType() === "Polygon") {
      const rings = [ringOut(part.getExteriorRing(), dLon, true)];
      for (let h = 0; h < part.getNumInteriorRing(); h++) rings.push(ringOut(part.getInteriorRingN(h), dLon, false));
      out.push(rings);
    } else if (part.getGeometryType() !== "Point" && part.getGeometryType() !== "LineString" && part !== g)
      collectPolygons(part, dLon, out);
  }
}

/** A line cut where its geodesics cross a meridian 180 + 360k, each piece shifted into [-180, 180]. */
function splitLine(line: readonly Position[], out: Position[][]): void {
  const windowOf = (lon: number) => Math.floor((lon + 180) / 360);
  let k = windowOf(line[0][0]);
  let piece: Position[] = [[line[0][0] - 360 * k, line[0][1]]];
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1];
    const [x1, y1] = line[i];
    // A vertex exactly on a cut belongs to the window it came from; step across one cut at a time.
    let next = windowOf(x1);
    if (x1 === 180 + 360 * (next - 1) && next > k) next -= 1;
    while (next !== k) {
      const cut = next > k ? 180 + 360 * k : -180 + 360 * k;
      // Where the segment's geodesic crosses the cut (segments of a line as given may be long).
      const y = x0 === cut ? y0 : meridianCrossingLat(line[i - 1], line[i], cut);
      const last = piece[piece.length - 1];
      if (last[0] !== cut - 360 * k || last[1] !== y) piece.push([cut - 360 * k, y]);
      if (piece.length > 1) out.push(piece);
      k += next > k ? 1 : -1;
      piece = [[cut - 360 * k, y]];
    }
    piece.push([x1 - 360 * k, y1]);
  }
  if (piece.length > 1) out.push(piece);
}

/**
 * A geometry in Truce's continuous longitudes as RFC 7946 wants it: longitudes in [-180, 180], and a
 * polygon or line that crosses the antimeridian cut there into a MultiPolygon or MultiLineString with
 * a part on each side. A geometry that does not reach beyond ±180 is returned as it is.
 * @example splitAtAntimeridian({ type: "LineString", coordinates: [[179, 0], [181, 0]] })
 *   // { type: "MultiLineString", coordinates: [[[179, 0], [180, 0]], [[-180, 0], [-179, 0]]] }
 */
export function splitAtAntimeridian<G extends Geometry>(g: G): G | Geometry {
  if (g.type === "Point") {
    const [lon, ...rest] = g.coordinates as Position;
    return lon >= -180 && lon <= 180 ? g : { type: "Point", coordinates: [wrapLon(lon), ...rest] };
  }
  const [w, e] = lonRange(positionsOf(g));
  if (w >= -180 && e <= 180) return g;
  let s = Infinity;
  let n = -Infinity;
  for (const p of positionsOf(g)) {
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  }
  if (g.type === "LineString" || g.type === "MultiLineString") {
    const lines: Position[][] = [];
    for (const l of g.type === "LineString" ? [g.coordinates as Position[]] : (g.coordinates as Position[][]))
      splitLine(l, lines);
    return lines.length === 1
      ? { type: "LineString", coordinates: lines[0] }
      : { type: "MultiLineString", coordinates: lines };
  }
  const source =
    g.type === "Polygon"
      ? polygonJsts(g.coordinates as Position[][])
      : geometryFactory.createMultiPolygon((g.coordinates as Position[][][]).map(polygonJsts));
  const polys: Position[][][] = [];
  for (const k of windows(w, e)) collectPolygons(intersection(source, windowBox(k, s, n)), -360 * k, polys);
  return polys.length === 1 ? { type: "Polygon", coordinates: polys[0] } : { type: "MultiPolygon", coordinates: polys };
}

export { lonNear, unwrapParts, wrapLon } from "./lon.js";
