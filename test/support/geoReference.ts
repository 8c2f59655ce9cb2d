/**
 * Independent references for the zone's area, used by tests and the benchmark.
 * They do not share code with the buffer construction.
 *
 * - `polylineBufferAreaKm2`: the exact area of a flat-ended buffer of a polyline
 *   of geodesic segments, from plane geometry applied locally: each segment adds
 *   (left + right) × length; each corner of turn θ adds a wedge w_out²·θ/2 on its
 *   outer side and loses w_in²·tan(θ/2) on its inner side. Exact (to O(w²/R²) from
 *   the ellipsoid's curvature) while segments are long compared with the width and
 *   the line does not come back near itself.
 * - `denseOffsetAreaKm2`: a polygon made of points offset along the geodesic
 *   normal at every vertex of a densely sampled smooth line (the "Fermi
 *   coordinates" of the line), measured with Karney's polygon area. For smooth
 *   lines this is the buffer itself (Steiner: width × length).
 */
import { destination, inverse, polygonAreaKm2, turnDeg } from "../../src/geo/geodesic.js";
import type { Position } from "../../src/geo/types.js";

const RAD = Math.PI / 180;

export function polylineBufferAreaKm2(
  coords: Position[],
  leftKm: number,
  rightKm: number,
  ends: "flat" | "round" = "flat",
): number {
  let area = 0;
  for (let i = 0; i + 1 < coords.length; i++) {
    const seg = inverse(coords[i], coords[i + 1]);
    area += (leftKm + rightKm) * seg.distanceKm;
    if (i + 2 < coords.length) {
      const next = inverse(coords[i + 1], coords[i + 2]);
      const turn = turnDeg(seg.azimuth2, next.azimuth1) * RAD; // > 0: turning right (clockwise)
      const t = Math.abs(turn);
      const [outer, inner] = turn > 0 ? [leftKm, rightKm] : [rightKm, leftKm];
      area += (outer * outer * t) / 2 - inner * inner * Math.tan(t / 2);
    }
  }
  if (ends === "round") area += (Math.PI / 2) * (leftKm * leftKm + rightKm * rightKm);
  return area;
}

/** Area of the polygon of geodesic-normal offsets of a dense smooth line (flat ends), km². */
export function denseOffsetAreaKm2(coords: Position[], leftKm: number, rightKm: number): number {
  const left: Position[] = [];
  const right: Position[] = [];
  for (let i = 0; i < coords.length; i++) {
    // Direction at a vertex: the mean of the arriving and leaving azimuths.
    const before = i > 0 ? inverse(coords[i - 1], coords[i]).azimuth2 : undefined;
    const after = i + 1 < coords.length ? inverse(coords[i], coords[i + 1]).azimuth1 : undefined;
    const az =
      before === undefined ? (after as number) : after === undefined ? before : before + turnDeg(before, after) / 2;
    left.push(destination(coords[i], az - 90, leftKm));
    right.push(destination(coords[i], az + 90, rightKm));
  }
  const ring = [...left, ...right.reverse(), left[0]];
  return polygonAreaKm2({ type: "Polygon", coordinates: [ring] });
}

/** A smooth test line: `lengthKm` long, starting at `start`, heading `azimuthDeg`, its heading swinging ±swingDeg sinusoidally. */
export function smoothLine(
  start: Position,
  azimuthDeg: number,
  lengthKm: number,
  swingDeg: number,
  stepKm = 1,
): Position[] {
  const n = Math.ceil(lengthKm / stepKm);
  const out: Position[] = [start];
  let p = start;
  for (let k = 0; k < n; k++) {
    const heading = azimuthDeg + swingDeg * Math.sin((2 * Math.PI * k) / n);
    p = destination(p, heading, lengthKm / n);
    out.push(p);
  }
  return out;
}
