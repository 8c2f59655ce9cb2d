/**
 * Geodesic buffer of a polyline, one chunk at a time: each chunk (≤ CHUNK_KM of
 * line) is buffered in its own local azimuthal equidistant projection with JTS
 * (jsts), then brought back to lon/lat and unioned. Sharp turns, lines that come
 * close to themselves and uneven sides are handled by JTS's planar buffer, where
 * the local projection is accurate to centimetres.
 */

import Densifier from "jsts/org/locationtech/jts/densify/Densifier.js";
import Coordinate from "jsts/org/locationtech/jts/geom/Coordinate.js";
import GeometryFactory from "jsts/org/locationtech/jts/geom/GeometryFactory.js";
import BufferOp from "jsts/org/locationtech/jts/operation/buffer/BufferOp.js";
import BufferParameters from "jsts/org/locationtech/jts/operation/buffer/BufferParameters.js";
import OverlayOp from "jsts/org/locationtech/jts/operation/overlay/OverlayOp.js";
import SnapIfNeededOverlayOp from "jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js";
import UnaryUnionOp from "jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js";
// Adds predicate methods (intersects, ...) to JTS geometries.
import "jsts/org/locationtech/jts/monkey.js";
import { type LocalProjection, localProjection } from "./project.js";
import type { MultiPolygon, Polygon, Position } from "./types.js";

/** Longest stretch of line buffered in one projection, km. Scale error at 40 km from the centre is ~7e-6. */
export const CHUNK_KM = 80;
/** Arc segments per quarter circle at round joins (JTS default is 8). */
const QUADRANT_SEGMENTS = 16;
/** Output edges longer than this (m) are split so that lon/lat edges stay close to geodesics. */
const MAX_EDGE_M = 1000;

export const geometryFactory = new GeometryFactory();

export interface LineChunk {
  coords: Position[];
  /** True when the chunk starts (ends) where a part of the contact line starts (ends): the zone's real ends. */
  atPartStart: boolean;
  atPartEnd: boolean;
}

function bufferParams(singleSided: boolean): BufferParameters {
  const p = new BufferParameters();
  p.setEndCapStyle(BufferParameters.CAP_FLAT);
  p.setJoinStyle(BufferParameters.JOIN_ROUND);
  p.setQuadrantSegments(QUADRANT_SEGMENTS);
  // JTS simplifies the input by 1% of the distance by default; keep it to 0.1% (5 m for a 5 km side).
  p.setSimplifyFactor(0);
  p.setSingleSided(singleSided);
  return p;
}

function union(a: JstsGeometry, b: JstsGeometry): JstsGeometry {
  return SnapIfNeededOverlayOp.overlayOp(a, b, OverlayOp.UNION);
}

export function difference(a: JstsGeometry, b: JstsGeometry): JstsGeometry {
  return SnapIfNeededOverlayOp.overlayOp(a, b, OverlayOp.DIFFERENCE);
}

export function intersection(a: JstsGeometry, b: JstsGeometry): JstsGeometry {
  return SnapIfNeededOverlayOp.overlayOp(a, b, OverlayOp.INTERSECTION);
}

/** Union of many polygons (cascaded). */
export function unionAll(geoms: JstsGeometry[]): JstsGeometry {
  if (geoms.length === 1) return geoms[0];
  try {
    return UnaryUnionOp.union(geometryFactory.createGeometryCollection(geoms));
  } catch {
    // Cascaded union can hit a robustness failure on near-coincident edges; fold pairwise with snapping instead.
    return geoms.reduce((acc, g) => union(acc, g));
  }
}

/** Quarter discs beyond a line end: radius leftM on the left-forward quadrant, rightM on the right-forward one. */
function endCap(end: [number, number], dir: [number, number], leftM: number, rightM: number): JstsGeometry {
  const len = Math.hypot(dir[0], dir[1]);
  const d: [number, number] = [dir[0] / len, dir[1] / len];
  const left: [number, number] = [-d[1], d[0]];
  const ring: Coordinate[] = [new Coordinate(end[0], end[1])];
  const steps = QUADRANT_SEGMENTS * 2;
  for (let k = 0; k <= steps; k++) {
    const t = (k / steps) * Math.PI; // 0 = left normal, π/2 = forward, π = right normal
    const r = t <= Math.PI / 2 ? leftM : rightM;
    const ux = Math.cos(t) * left[0] + Math.sin(t) * d[0];
    const uy = Math.cos(t) * left[1] + Math.sin(t) * d[1];
    ring.push(new Coordinate(end[0] + r * ux, end[1] + r * uy));
  }
  ring.push(new Coordinate(end[0], end[1]));
  return geometryFactory.createPolygon(geometryFactory.createLinearRing(ring));
}

function mapPolygonal(g: JstsGeometry, fn: (ring: JstsGeometry) => Coordinate[]): JstsGeometry {
  const polys: JstsGeometry[] = [];
  for (let i = 0; i < g.getNumGeometries(); i++) {
    const poly = g.getGeometryN(i);
    if (poly.getGeometryType() !== "Polygon" || poly.isEmpty()) continue;
    const shell = geometryFactory.createLinearRing(fn(poly.getExteriorRing()));
    const holes: JstsGeometry[] = [];
    for (let h = 0; h < poly.getNumInteriorRing(); h++)
      holes.push(geometryFactory.createLinearRing(fn(poly.getInteriorRingN(h))));
    polys.push(geometryFactory.createPolygon(shell, holes));
  }
  return polys.length === 1 ? polys[0] : geometryFactory.createMultiPolygon(polys);
}

function unproject(g: JstsGeometry, proj: LocalProjection): JstsGeometry {
  const dense = Densifier.densify(g, MAX_EDGE_M);
  return mapPolygonal(dense, (ring) =>
    ring.getCoordinates().map((c) => {
      const [lon, lat] = proj.inverse([c.x, c.y]);
      return new Coordinate(lon, lat);
    }),
  );
}

/**
 * Buffer one chunk of line by leftKm on its left and rightKm on its right (as seen walking along it),
 * returning a lon/lat polygon. Ends are flat, except where `round` asks for round real ends.
 */
export function bufferChunk(chunk: LineChunk, leftKm: number, rightKm: number, round: boolean): JstsGeometry {
  const mid = chunk.coords[Math.floor(chunk.coords.length / 2)];
  const proj = localProjection(mid);
  const xy = chunk.coords.map((p) => proj.forward(p));
  const line = geometryFactory.createLineString(xy.map(([x, y]) => new Coordinate(x, y)));
  const leftM = leftKm * 1000;
  const rightM = rightKm * 1000;
  let g: JstsGeometry;
  if (leftM === rightM) {
    g = BufferOp.bufferOp(line, leftM, bufferParams(false));
  } else {
    const sides: JstsGeometry[] = [];
    if (leftM > 0) sides.push(BufferOp.bufferOp(line, leftM, bufferParams(true)));
    if (rightM > 0) sides.push(BufferOp.bufferOp(line, -rightM, bufferParams(true)));
    g = sides.length === 1 ? sides[0] : union(sides[0], sides[1]);
  }
  if (round && chunk.atPartEnd) {
    const n = xy.length;
    const dir: [number, number] = [xy[n - 1][0] - xy[n - 2][0], xy[n - 1][1] - xy[n - 2][1]];
    g = union(g, endCap(xy[n - 1], dir, leftM, rightM));
  }
  if (round && chunk.atPartStart) {
    // Walking backwards from the start, left and right swap.
    const dir: [number, number] = [xy[0][0] - xy[1][0], xy[0][1] - xy[1][1]];
    g = union(g, endCap(xy[0], dir, rightM, leftM));
  }
  return unproject(g, proj);
}

/** Signed planar area of a lon/lat ring (positive = counter-clockwise). Used only for orientation. */
function ringOrientation(ring: Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

function ringToPositions(ring: JstsGeometry, ccw: boolean): Position[] {
  const pts: Position[] = ring.getCoordinates().map((c) => [c.x, c.y]);
  if (ringOrientation(pts) > 0 !== ccw) pts.reverse();
  return pts;
}

/** A lon/lat jsts polygon or multipolygon as GeoJSON (RFC 7946 winding: outer rings counter-clockwise). */
export function toGeoJson(g: JstsGeometry): Polygon | MultiPolygon {
  const polys: Position[][][] = [];
  for (let i = 0; i < g.getNumGeometries(); i++) {
    const poly = g.getGeometryN(i);
    if (poly.getGeometryType() !== "Polygon" || poly.isEmpty()) continue;
    const rings = [ringToPositions(poly.getExteriorRing(), true)];
    for (let h = 0; h < poly.getNumInteriorRing(); h++) rings.push(ringToPositions(poly.getInteriorRingN(h), false));
    polys.push(rings);
  }
  return polys.length === 1 ? { type: "Polygon", coordinates: polys[0] } : { type: "MultiPolygon", coordinates: polys };
}
