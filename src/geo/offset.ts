/**
 * Planar buffers built directly, without a general-purpose buffer or union (issue 16, issue 18):
 *
 * - `offsetRing`: where a chunk of line does not come near itself and turns gently compared with
 *   its segment lengths, its buffer is one ring: the left offset curve (round joins outside, mitred
 *   inside), the end cap, the right offset curve backwards, the start cap. `ringIsSimple` proves
 *   that case (no two non-adjacent edges meet; a flatbush index finds the candidate pairs), so
 *   lines that fold back or come back near themselves fall through to the general path.
 * - `hullBuffer`: for a two-sided even buffer, a stretch of line that folds back and forth inside a
 *   small area (a zigzag) has the buffer of its convex hull to within a stated distance, checked
 *   per hull edge (see hullGapM); the hull's buffer is convex and built directly.
 *
 * Coordinates are metres in a local projection, [x, y] pairs; rings are closed (first = last).
 */
import Flatbush from "flatbush";

export type XY = [number, number];

/** Arc segments per quarter circle at round joins and caps (as JTS's quadrant segments). */
export const QUADRANT_SEGMENTS = 16;
const STEP = Math.PI / 2 / QUADRANT_SEGMENTS;
/**
 * Finer steps for round ends and hull buffers, whose arcs add up to whole circles: chords of 16 per
 * quadrant would leave them 0.16% short of π·w² (0.01% of a 120 km, 10 km-wide zone); 64 leave 0.01%.
 */
export const CAP_STEP = Math.PI / 2 / 64;

/** Points on the arc of radius r about c from angle a0 to a1 (radians, either way round), ends excluded. */
function arcInterior(out: XY[], c: XY, r: number, a0: number, a1: number, step = STEP): void {
  const n = Math.ceil(Math.abs(a1 - a0) / step - 1e-9);
  for (let k = 1; k < n; k++) {
    const a = a0 + ((a1 - a0) * k) / n;
    out.push([c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)]);
  }
}

/**
 * The offset curve `side` (+1 left, -1 right) of a polyline at distance dM, walking forward:
 * round joins on the outside of each turn, the intersection of the two offset lines inside.
 * Undefined when an inside join would eat more of a segment than it has (a turn too sharp for
 * its segments at this width): the general path handles that.
 */
function offsetCurve(xy: XY[], dM: number, side: 1 | -1): XY[] | undefined {
  const n = xy.length;
  const out: XY[] = [];
  const dir = (i: number): XY => {
    const dx = xy[i + 1][0] - xy[i][0];
    const dy = xy[i + 1][1] - xy[i][1];
    const len = Math.hypot(dx, dy);
    return [dx / len, dy / len];
  };
  if (dM === 0) return xy.slice();
  let d0 = dir(0);
  // Length of segment i already used by the inside join at its start.
  let used = 0;
  out.push([xy[0][0] - side * dM * d0[1], xy[0][1] + side * dM * d0[0]]);
  for (let i = 1; i < n - 1; i++) {
    const d1 = dir(i);
    const cross = d0[0] * d1[1] - d0[1] * d1[0];
    const dot = d0[0] * d1[0] + d0[1] * d1[1];
    const p = xy[i];
    const n0: XY = [-side * d0[1], side * d0[0]];
    const n1: XY = [-side * d1[1], side * d1[0]];
    if (side * cross > 0) {
      // Inside of the turn: mitre point, which uses dM·tan(θ/2) of each adjacent segment.
      const theta = Math.atan2(Math.abs(cross), dot);
      const t = dM * Math.tan(theta / 2);
      const lenPrev = Math.hypot(p[0] - xy[i - 1][0], p[1] - xy[i - 1][1]);
      const lenNext = Math.hypot(xy[i + 1][0] - p[0], xy[i + 1][1] - p[1]);
      if (!(theta < Math.PI / 2) || used + t > lenPrev || t > lenNext) return undefined;
      const k = dM / (1 + n0[0] * n1[0] + n0[1] * n1[1]);
      out.push([p[0] + k * (n0[0] + n1[0]), p[1] + k * (n0[1] + n1[1])]);
      used = t;
    } else {
      const a0 = Math.atan2(n0[1], n0[0]);
      let a1 = Math.atan2(n1[1], n1[0]);
      // Go round the outside: the short way from n0 to n1.
      while (a1 - a0 > Math.PI) a1 -= 2 * Math.PI;
      while (a1 - a0 < -Math.PI) a1 += 2 * Math.PI;
      out.push([p[0] + dM * n0[0], p[1] + dM * n0[1]]);
      arcInterior(out, p, dM, a0, a1);
      if (a1 !== a0) out.push([p[0] + dM * n1[0], p[1] + dM * n1[1]]);
      const lenPrev = Math.hypot(p[0] - xy[i - 1][0], p[1] - xy[i - 1][1]);
      if (used > lenPrev) return undefined;
      used = 0;
    }
    d0 = d1;
  }
  const last = xy[n - 1];
  const lenLast = Math.hypot(last[0] - xy[n - 2][0], last[1] - xy[n - 2][1]);
  if (used > lenLast) return undefined;
  out.push([last[0] - side * dM * d0[1], last[1] + side * dM * d0[0]]);
  return out;
}

/** Half disc beyond an end p heading `d` (unit): from the left offset round to the right one, radius left then right. */
function roundCap(out: XY[], p: XY, d: XY, leftM: number, rightM: number): void {
  const aLeft = Math.atan2(d[0], -d[1]); // left normal (-dy, dx)
  const aFwd = aLeft - Math.PI / 2;
  const aRight = aLeft - Math.PI;
  if (leftM > 0) {
    arcInterior(out, p, leftM, aLeft, aFwd, CAP_STEP);
    out.push([p[0] + leftM * Math.cos(aFwd), p[1] + leftM * Math.sin(aFwd)]);
  }
  if (rightM !== leftM || leftM === 0) out.push(p);
  if (rightM > 0) {
    if (rightM !== leftM) out.push([p[0] + rightM * Math.cos(aFwd), p[1] + rightM * Math.sin(aFwd)]);
    arcInterior(out, p, rightM, aFwd, aRight, CAP_STEP);
  }
}

/** A buffer ring in four runs: the left offset curve forward, the end cap, the right curve forward, the start cap. */
export interface RingParts<P extends readonly number[] = XY> {
  left: P[];
  /** Points strictly between the left curve's last point and the right curve's last point. */
  endCap: P[];
  right: P[];
  /** Points strictly between the right curve's first point and the left curve's first point. */
  startCap: P[];
}

/**
 * The buffer of a polyline as one ring in parts (see ringOf), or undefined when a turn is too
 * sharp for its segments. Caps are flat through the end point, or round where asked. The ring
 * may still cross itself where the line comes back near itself: check with ringIsSimple.
 */
export function offsetParts(
  xy: XY[],
  leftM: number,
  rightM: number,
  roundStart: boolean,
  roundEnd: boolean,
): RingParts | undefined {
  if (xy.length < 2) return undefined;
  const left = offsetCurve(xy, leftM, 1);
  const right = offsetCurve(xy, rightM, -1);
  if (!left || !right) return undefined;
  const n = xy.length;
  const endCap: XY[] = [];
  if (roundEnd) roundCap(endCap, xy[n - 1], unit(xy[n - 2], xy[n - 1]), leftM, rightM);
  else if (leftM > 0 && rightM > 0) endCap.push(xy[n - 1]);
  const startCap: XY[] = [];
  // Walking backwards from the start, left and right swap.
  if (roundStart) roundCap(startCap, xy[0], unit(xy[1], xy[0]), rightM, leftM);
  else if (leftM > 0 && rightM > 0) startCap.push(xy[0]);
  return { left, endCap, right, startCap };
}

/** The closed ring of a buffer's parts (clockwise: out along the left side, back along the right), without repeated points. */
export function ringOf<P extends readonly number[]>(parts: RingParts<P>): P[] {
  const ring: P[] = [...parts.left, ...parts.endCap];
  for (let i = parts.right.length - 1; i >= 0; i--) ring.push(parts.right[i]);
  ring.push(...parts.startCap, parts.left[0]);
  return dedupe(ring);
}

/** offsetParts as one closed ring. */
export function offsetRing(
  xy: XY[],
  leftM: number,
  rightM: number,
  roundStart: boolean,
  roundEnd: boolean,
): XY[] | undefined {
  const parts = offsetParts(xy, leftM, rightM, roundStart, roundEnd);
  return parts && ringOf(parts);
}

function unit(a: XY, b: XY): XY {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  return [dx / len, dy / len];
}

function dedupe<P extends readonly number[]>(ring: P[]): P[] {
  const out: P[] = [ring[0]];
  for (let i = 1; i < ring.length; i++) {
    const q = out[out.length - 1];
    if (ring[i][0] !== q[0] || ring[i][1] !== q[1]) out.push(ring[i]);
  }
  return out;
}

/** Orientation of c relative to a→b: > 0 left, < 0 right, 0 collinear. */
type Pt = readonly number[];
function orient(a: Pt, b: Pt, c: Pt): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Pt, b: Pt, c: Pt): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** Whether segments ab and cd share any point (touching counts). */
function segmentsMeet(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/**
 * Whether closed rings are simple and apart: no two edges meet except neighbours in one ring at
 * their shared vertex. Candidate pairs come from a flatbush index of the edges' boxes, so the cost
 * is near-linear.
 */
export function ringsAreSimple(rings: ReadonlyArray<ReadonlyArray<readonly number[]>>): boolean {
  let m = 0;
  for (const r of rings) {
    if (r.length < 4) return false;
    m += r.length - 1;
  }
  const ringOfEdge = new Uint32Array(m);
  const startOfRing: number[] = [];
  const pts: Array<readonly number[]> = [];
  const index = new Flatbush(m);
  let e = 0;
  rings.forEach((r, k) => {
    startOfRing.push(e);
    for (let i = 0; i + 1 < r.length; i++, e++) {
      const a = r[i];
      const b = r[i + 1];
      pts.push(a);
      ringOfEdge[e] = k;
      index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    }
  });
  index.finish();
  const edge = (i: number): [readonly number[], readonly number[]] => {
    const k = ringOfEdge[i];
    const last = startOfRing[k] + rings[k].length - 2;
    return [pts[i], i === last ? pts[startOfRing[k]] : pts[i + 1]];
  };
  for (let i = 0; i < m; i++) {
    const [a, b] = edge(i);
    const k = ringOfEdge[i];
    const first = startOfRing[k];
    const last = first + rings[k].length - 2;
    const hits = index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    for (const j of hits) {
      if (j <= i) continue;
      const [c, d] = edge(j);
      if (ringOfEdge[j] === k && j === i + 1) {
        // Neighbours share b = c; they must not fold back onto each other.
        if (orient(a, b, d) === 0 && (d[0] - b[0]) * (a[0] - b[0]) + (d[1] - b[1]) * (a[1] - b[1]) > 0) return false;
        continue;
      }
      if (ringOfEdge[j] === k && i === first && j === last) {
        if (orient(c, d, b) === 0 && (b[0] - a[0]) * (c[0] - a[0]) + (b[1] - a[1]) * (c[1] - a[1]) > 0) return false;
        continue;
      }
      if (segmentsMeet(a, b, c, d)) return false;
    }
  }
  return true;
}

/** Whether one closed ring is simple (see ringsAreSimple). */
export function ringIsSimple(ring: ReadonlyArray<readonly number[]>): boolean {
  return ringsAreSimple([ring]);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, no repeated first point. */
export function convexHull(points: XY[]): XY[] {
  const pts = points.slice().sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length <= 2) return pts;
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && orient(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && orient(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * How far the buffer (radius rM) of the hull of a polyline can reach beyond the buffer of the
 * polyline itself, m, bounded per hull edge: a point q outside the hull at distance r from edge ab
 * has a point of the line within hypot(r + t, g/2), where g is the longest stretch of the edge not
 * covered by the line's vertices and segments lying within t of it. So the excess is at most
 * t + g²/(8·rM). Interior points are within the hull's diameter of a vertex; callers keep that below rM.
 */
export function hullGapM(line: XY[], hull: XY[], rM: number, lineTolM: number): number {
  let worst = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  const t = new Float64Array(line.length);
  const near = new Uint8Array(line.length);
  for (let e = 0; e < hull.length; e++) {
    const a = hull[e];
    const b = hull[(e + 1) % hull.length];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    starts.length = 0;
    ends.length = 0;
    for (let i = 0; i < line.length; i++) {
      const px = line[i][0] - a[0];
      const py = line[i][1] - a[1];
      t[i] = px * ux + py * uy;
      near[i] = Math.abs(px * uy - py * ux) <= lineTolM ? 1 : 0;
      if (near[i]) {
        starts.push(t[i]);
        ends.push(t[i]);
      }
      if (i > 0 && near[i] && near[i - 1]) {
        starts.push(Math.min(t[i], t[i - 1]));
        ends.push(Math.max(t[i], t[i - 1]));
      }
    }
    const order = starts.map((_, k) => k).sort((x, y) => starts[x] - starts[y]);
    let covered = 0;
    let gap = 0;
    for (const k of order) {
      if (starts[k] > covered) gap = Math.max(gap, Math.min(starts[k], len) - covered);
      covered = Math.max(covered, ends[k]);
      if (covered >= len) break;
    }
    if (covered < len) gap = Math.max(gap, len - covered);
    worst = Math.max(worst, lineTolM + (gap * gap) / (8 * rM));
  }
  return worst;
}

/** The buffer of a convex polygon (counter-clockwise hull; one or two points allowed) at radius rM: a convex ring. */
export function hullBuffer(hull: XY[], rM: number): XY[] {
  const ring: XY[] = [];
  const m = hull.length;
  if (m === 1) {
    const p = hull[0];
    for (let k = 0; k < (2 * Math.PI) / CAP_STEP; k++) {
      const a = k * CAP_STEP;
      ring.push([p[0] + rM * Math.cos(a), p[1] + rM * Math.sin(a)]);
    }
    ring.push(ring[0]);
    return ring;
  }
  for (let i = 0; i < m; i++) {
    const prev = hull[(i - 1 + m) % m];
    const p = hull[i];
    const next = hull[(i + 1) % m];
    // Outward normals of the edges before and after p (right of each edge for a counter-clockwise ring).
    const a0 = Math.atan2(-(p[0] - prev[0]), p[1] - prev[1]);
    let a1 = Math.atan2(-(next[0] - p[0]), next[1] - p[1]);
    while (a1 < a0) a1 += 2 * Math.PI;
    ring.push([p[0] + rM * Math.cos(a0), p[1] + rM * Math.sin(a0)]);
    arcInterior(ring, p, rM, a0, a1, CAP_STEP);
    ring.push([p[0] + rM * Math.cos(a1), p[1] + rM * Math.sin(a1)]);
  }
  ring.push(ring[0]);
  return dedupe(ring);
}
