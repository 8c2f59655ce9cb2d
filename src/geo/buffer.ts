/**
 * Geodesic buffer of a polyline, one chunk at a time: each chunk (≤ CHUNK_KM of
 * line) is buffered in its own local azimuthal equidistant projection with JTS
 * (jsts), then brought back to lon/lat and unioned. Sharp turns, lines that come
 * close to themselves and uneven sides are handled by JTS's planar buffer, where
 * the local projection is accurate to centimetres.
 */

import Coordinate from "jsts/org/locationtech/jts/geom/Coordinate.js";
import GeometryFactory from "jsts/org/locationtech/jts/geom/GeometryFactory.js";
import PrecisionModel from "jsts/org/locationtech/jts/geom/PrecisionModel.js";
import BufferOp from "jsts/org/locationtech/jts/operation/buffer/BufferOp.js";
import BufferParameters from "jsts/org/locationtech/jts/operation/buffer/BufferParameters.js";
import OverlayOp from "jsts/org/locationtech/jts/operation/overlay/OverlayOp.js";
import SnapIfNeededOverlayOp from "jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js";
import UnaryUnionOp from "jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js";
import GeometryPrecisionReducer from "jsts/org/locationtech/jts/precision/GeometryPrecisionReducer.js";
// Adds predicate methods (intersects, ...) to JTS geometries.
import "jsts/org/locationtech/jts/monkey.js";
import { densify, roughKm } from "./geodesic.js";
import {
  convexHull,
  hullGapM,
  offsetParts,
  offsetRing,
  QUADRANT_SEGMENTS,
  type RingParts,
  ringIsSimple,
  ringOf,
  type XY,
} from "./offset.js";
import { type LocalProjection, localProjection } from "./project.js";
import type { MultiPolygon, Polygon, Position } from "./types.js";

/** Longest stretch of line buffered in one projection, km. Scale error at 40 km from the centre is ~7e-6. */
export const CHUNK_KM = 80;
/**
 * Output edges longer than this (km) are split along geodesics, so that lon/lat edges drawn straight stay
 * within centimetres of them (and the JTS overlays of lines that come near themselves stay exact to 1e-6).
 * (Area alone would need far less: the offset of a geodesic bows from its chord by ~ℓ²·w/(8R²).)
 */
const MAX_EDGE_KM = 1;
/** Input vertices closer than this (m) to the simplified line are dropped before buffering (Douglas-Peucker). */
const SIMPLIFY_M = 0.5;
/** Narrower sides than this (km) are treated as zero width. */
export const MIN_SIDE_KM = 1e-6;
/** A buffer corner within this distance (m) of an exact joint point is moved onto it. */
const SNAP_M = 1;

export const geometryFactory = new GeometryFactory();

export interface LineChunk {
  coords: Position[];
  /**
   * Exact lon/lat points of the flat caps where this chunk meets its neighbours (the joint and its
   * geodesic offsets), computed once per joint so both chunks' caps coincide bit for bit.
   */
  startCaps?: Position[];
  endCaps?: Position[];
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
  try {
    return SnapIfNeededOverlayOp.overlayOp(a, b, OverlayOp.DIFFERENCE);
  } catch {
    // Edges JTS cannot node even after snapping (near-coincident, from two projections):
    // round both to a 1e-9° grid (0.1 mm) and try once more.
    return SnapIfNeededOverlayOp.overlayOp(onGrid(a), onGrid(b), OverlayOp.DIFFERENCE);
  }
}

const GRID = new PrecisionModel(1e9);
function onGrid(g: JstsGeometry): JstsGeometry {
  return GeometryPrecisionReducer.reduce(g, GRID);
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
  const steps = CAP_QUADRANT_SEGMENTS * 2;
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

/** Douglas-Peucker on projected points: keeps the ends and every vertex further than tolM from the simplified line. */
export function simplifyXY(xy: Array<[number, number]>, tolM: number): Array<[number, number]> {
  const n = xy.length;
  if (n <= 2) return xy;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  const tol2 = tolM * tolM;
  while (stack.length > 0) {
    const b = stack.pop() as number;
    const a = stack.pop() as number;
    const [ax, ay] = xy[a];
    const dx = xy[b][0] - ax;
    const dy = xy[b][1] - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD2 = tol2;
    for (let i = a + 1; i < b; i++) {
      const px = xy[i][0] - ax;
      const py = xy[i][1] - ay;
      const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 > worstD2) {
        worstD2 = d2;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(a, worst, worst, b);
    }
  }
  return xy.filter((_, i) => keep[i] === 1);
}

/** Geodesic points between p and q, the same whichever way round they are given (so shared edges match). */
function edgePoints(p: Position, q: Position): Position[] {
  const forward = p[0] < q[0] || (p[0] === q[0] && p[1] <= q[1]);
  const pts = forward ? densify([p, q], MAX_EDGE_KM) : densify([q, p], MAX_EDGE_KM).reverse();
  return pts.slice(1, -1);
}

/** Back to lon/lat, snapping points within SNAP_M of an exact joint point onto it (so neighbours' caps match bit for bit). */
function unprojector(proj: LocalProjection, exact: Position[]): (p: readonly [number, number]) => Position {
  const exactXY = exact.map((p) => proj.forward(p));
  return ([x, y]) => {
    for (let k = 0; k < exactXY.length; k++) {
      if (Math.abs(x - exactXY[k][0]) < SNAP_M && Math.abs(y - exactXY[k][1]) < SNAP_M) return exact[k];
    }
    return proj.inverse([x, y]);
  };
}

/** A lon/lat ring with its long edges split along geodesics, so lon/lat edges stay close to them. */
export function splitLongEdges(pts: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < pts.length; i++) {
    out.push(pts[i]);
    if (i + 1 < pts.length && roughKm(pts[i], pts[i + 1]) > MAX_EDGE_KM) {
      for (const q of edgePoints(pts[i], pts[i + 1])) out.push(q);
    }
  }
  return out;
}

/** Back to lon/lat: snap corners onto the exact joint points, then split long edges along geodesics. */
function unproject(g: JstsGeometry, proj: LocalProjection, exact: Position[]): JstsGeometry {
  const back = unprojector(proj, exact);
  return mapPolygonal(g, (ring) =>
    splitLongEdges(ring.getCoordinates().map((c) => back([c.x, c.y]))).map((p) => new Coordinate(p[0], p[1])),
  );
}

/** A closed lon/lat ring as a JTS polygon. */
export function lonLatPolygon(ring: readonly Position[]): JstsGeometry {
  return geometryFactory.createPolygon(geometryFactory.createLinearRing(ring.map((p) => new Coordinate(p[0], p[1]))));
}

function polygonOf(ring: XY[]): JstsGeometry {
  return geometryFactory.createPolygon(geometryFactory.createLinearRing(ring.map(([x, y]) => new Coordinate(x, y))));
}

/** The general planar buffer (JTS), for uneven sides where the line folds back or turns sharply. */
function jtsBuffer(xy: XY[], leftM: number, rightM: number, roundStart: boolean, roundEnd: boolean): JstsGeometry {
  const line = geometryFactory.createLineString(xy.map(([x, y]) => new Coordinate(x, y)));
  let g: JstsGeometry;
  if (leftM === rightM) {
    g = BufferOp.bufferOp(line, leftM, bufferParams(false));
  } else {
    const sides: JstsGeometry[] = [];
    if (leftM > 0) sides.push(BufferOp.bufferOp(line, leftM, bufferParams(true)));
    if (rightM > 0) sides.push(BufferOp.bufferOp(line, -rightM, bufferParams(true)));
    g = sides.length === 1 ? sides[0] : union(sides[0], sides[1]);
  }
  if (roundEnd) {
    const n = xy.length;
    const dir: [number, number] = [xy[n - 1][0] - xy[n - 2][0], xy[n - 1][1] - xy[n - 2][1]];
    g = union(g, endCap(xy[n - 1], dir, leftM, rightM));
  }
  if (roundStart) {
    // Walking backwards from the start, left and right swap.
    const dir: [number, number] = [xy[0][0] - xy[1][0], xy[0][1] - xy[1][1]];
    g = union(g, endCap(xy[0], dir, rightM, leftM));
  }
  return g;
}

/** Arc segments per quarter circle for the buffer of joined hulls (its arcs add up to a whole circle; see CAP_STEP). */
const CAP_QUADRANT_SEGMENTS = 64;
/** Largest stretch of folded line (bounding-box diagonal) replaced by its hull, m; also kept below the width. */
const HULL_PIECE_M = 2000;

/**
 * An even buffer (radius wM on both sides) of a line that comes back near itself, folds back or
 * turns sharply: the union of the buffers of pieces, found by halving the line until each piece is
 * either one ring built directly (offsetRing, proved simple) or a stretch folded back and forth
 * inside a small area (a zigzag), whose buffer is that of its convex hull to within `toleranceM`
 * (hullGapM). Where a piece is halved, both halves end round there, which covers the join. So the cost
 * stays near-linear in the vertices however the line folds (issue 18: a 2,000-vertex zigzag took 36 s).
 */
function piecewiseBuffer(xy: XY[], wM: number, roundStart: boolean, roundEnd: boolean): JstsGeometry {
  const toleranceM = Math.min(0.25, 5e-5 * wM);
  const maxSpanM = Math.min(HULL_PIECE_M, wM);
  const n = xy.length;
  const pieces: JstsGeometry[] = [];
  const hulls: JstsGeometry[] = [];
  const span = (from: number, to: number) => {
    let [w, s, e, nn] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = from; i <= to; i++) {
      const [x, y] = xy[i];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > nn) nn = y;
    }
    return Math.hypot(e - w, nn - s);
  };
  const piece = (from: number, to: number) => {
    const pts = xy.slice(from, to + 1);
    // Flat caps only where the chunk itself starts or ends flat; round caps at inner cuts cover the joins there.
    const rs = from === 0 ? roundStart : true;
    const re = to === n - 1 ? roundEnd : true;
    const ring = offsetRing(pts, wM, wM, rs, re);
    if (ring && (to - from === 1 || ringIsSimple(ring))) {
      pieces.push(polygonOf(ring));
      return;
    }
    // A hull's buffer is round at both ends: only where neither end is a flat end of the chunk.
    if ((from > 0 || roundStart) && (to < n - 1 || roundEnd) && span(from, to) <= maxSpanM) {
      const hull = convexHull(pts);
      if (hullGapM(pts, hull, wM, toleranceM / 2) <= toleranceM) {
        hulls.push(hullGeometry(hull));
        return;
      }
    }
    const mid = (from + to) >> 1;
    piece(from, mid);
    piece(mid, to);
  };
  piece(0, n - 1);
  if (hulls.length > 0) {
    // The buffer of a union is the union of the buffers: join the thin hulls first (few, barely
    // overlapping edges), then buffer that once, rather than union many near-coincident arcs.
    const p = new BufferParameters();
    p.setQuadrantSegments(CAP_QUADRANT_SEGMENTS);
    pieces.push(BufferOp.bufferOp(geometryFactory.createGeometryCollection(hulls), wM, p));
  }
  return unionAll(pieces);
}

function hullGeometry(hull: XY[]): JstsGeometry {
  if (hull.length === 1) return geometryFactory.createPoint(new Coordinate(hull[0][0], hull[0][1]));
  if (hull.length === 2) return geometryFactory.createLineString(hull.map(([x, y]) => new Coordinate(x, y)));
  return polygonOf([...hull, hull[0]]);
}

/** Put a flat cap's corners on the joint's exact offsets: caps are [point, left (if any), right (if any)]. */
function exactCap(parts: RingParts, at: "start" | "end", caps: XY[], leftM: number, rightM: number): void {
  const left = leftM > 0 ? caps[1] : caps[0];
  const right = rightM > 0 ? caps[leftM > 0 ? 2 : 1] : caps[0];
  if (at === "start") {
    parts.left[0] = left;
    parts.right[0] = right;
    if (parts.startCap.length === 1) parts.startCap[0] = caps[0];
  } else {
    parts.left[parts.left.length - 1] = left;
    parts.right[parts.right.length - 1] = right;
    if (parts.endCap.length === 1) parts.endCap[0] = caps[0];
  }
}

/** Longest edge of an offset curve kept on the plane before unprojecting, m (below MAX_EDGE_KM, so nothing is split twice). */
const PLANE_EDGE_M = 900;

/** A polyline with edges longer than maxM split evenly. */
function splitXY(xy: XY[], maxM: number): XY[] {
  const out: XY[] = [xy[0]];
  for (let i = 1; i < xy.length; i++) {
    const [ax, ay] = xy[i - 1];
    const [bx, by] = xy[i];
    const n = Math.ceil(Math.hypot(bx - ax, by - ay) / maxM);
    for (let k = 1; k < n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
    out.push(xy[i]);
  }
  return out;
}

/** A chunk's buffer: one ring in parts (lon/lat, edges not yet split) where built directly, else a JTS polygon. */
export type ChunkBuffer = { kind: "ring"; parts: RingParts<Position> } | { kind: "polygon"; geometry: JstsGeometry };

/**
 * Buffer one chunk of line by leftKm on its left and rightKm on its right (as seen walking along it),
 * in lon/lat. Ends are flat, except where `round` asks for round real ends. Where the chunk does not
 * come near itself, its buffer is one ring built directly (offset.ts); otherwise even sides take the
 * piecewise path and uneven sides JTS's buffer.
 */
export function bufferChunk(chunk: LineChunk, leftKm: number, rightKm: number, round: boolean): ChunkBuffer {
  const mid = chunk.coords[Math.floor(chunk.coords.length / 2)];
  const proj = localProjection(mid);
  const xy = simplifyXY(
    chunk.coords.map((p) => proj.forward(p)),
    SIMPLIFY_M,
  );
  // Sides under a millimetre are no side at all (JTS fails on denormal distances).
  const leftM = leftKm >= MIN_SIDE_KM ? leftKm * 1000 : 0;
  const rightM = rightKm >= MIN_SIDE_KM ? rightKm * 1000 : 0;
  const roundStart = round && chunk.atPartStart;
  const roundEnd = round && chunk.atPartEnd;
  const exact = [...(chunk.startCaps ?? []), ...(chunk.endCaps ?? [])];
  const parts = offsetParts(xy, leftM, rightM, roundStart, roundEnd);
  if (parts) {
    // Flat caps at joints go exactly through the joint's geodesic offsets, shared with the neighbour
    // (the simplified line's end direction can be a few metres off at the corners).
    if (!roundStart && chunk.startCaps) exactCap(parts, "start", chunk.startCaps.map(proj.forward), leftM, rightM);
    if (!roundEnd && chunk.endCaps) exactCap(parts, "end", chunk.endCaps.map(proj.forward), leftM, rightM);
  }
  if (parts && ringIsSimple(ringOf(parts))) {
    const back = unprojector(proj, exact);
    return {
      kind: "ring",
      parts: {
        // Long edges are split here, on the plane (straight there is geodesic to millimetres), which is
        // far cheaper than splitting them along geodesics after the projection.
        left: splitXY(parts.left, PLANE_EDGE_M).map(back),
        endCap: parts.endCap.map(back),
        right: splitXY(parts.right, PLANE_EDGE_M).map(back),
        startCap: parts.startCap.map(back),
      },
    };
  }
  const g =
    leftM === rightM && xy.length > 2
      ? piecewiseBuffer(xy, leftM, roundStart, roundEnd)
      : jtsBuffer(xy, leftM, rightM, roundStart, roundEnd);
  return { kind: "polygon", geometry: unproject(g, proj, exact) };
}

/** A chunk's buffer as a JTS polygon. */
export function chunkGeometry(c: ChunkBuffer): JstsGeometry {
  return c.kind === "polygon" ? c.geometry : lonLatPolygon(splitLongEdges(ringOf(c.parts)));
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
