/**
 * Cutting a line into chunks short enough to buffer in one local projection,
 * with the exact points of the flat caps at each joint, so that neighbouring
 * chunks' buffers share their cap edges bit for bit and union cleanly.
 */
import { CHUNK_KM, type LineChunk, MIN_SIDE_KM } from "./buffer.js";
import { destination, pointAlong, sliceAlong } from "./geodesic.js";
import type { Position } from "./types.js";

/** The joint `km` along the line and its geodesic offsets on each side (only sides with a width). */
export function jointCaps(
  coords: Position[],
  cum: Float64Array,
  km: number,
  leftKm: number,
  rightKm: number,
): Position[] {
  const { point, azimuth } = pointAlong(coords, cum, km);
  const caps: Position[] = [point];
  if (leftKm >= MIN_SIDE_KM) caps.push(destination(point, azimuth - 90, leftKm));
  if (rightKm >= MIN_SIDE_KM) caps.push(destination(point, azimuth + 90, rightKm));
  return caps;
}

/** Chunks of [fromKm, toKm] of one part of the line, each at most CHUNK_KM long. */
export function chunkLine(
  coords: Position[],
  cum: Float64Array,
  fromKm: number,
  toKm: number,
  leftKm: number,
  rightKm: number,
): LineChunk[] {
  const partKm = cum[cum.length - 1];
  const n = Math.max(1, Math.ceil((toKm - fromKm) / CHUNK_KM));
  const cuts = Array.from({ length: n + 1 }, (_, k) => (k === n ? toKm : fromKm + ((toKm - fromKm) * k) / n));
  const caps = cuts.map((km) => jointCaps(coords, cum, km, leftKm, rightKm));
  const out: LineChunk[] = [];
  for (let k = 0; k < n; k++) {
    const piece = sliceAlong(coords, cum, cuts[k], cuts[k + 1]);
    if (piece.length < 2) continue;
    out.push({
      coords: piece,
      atPartStart: cuts[k] <= 0,
      atPartEnd: cuts[k + 1] >= partKm,
      startCaps: caps[k],
      endCaps: caps[k + 1],
    });
  }
  return out;
}
