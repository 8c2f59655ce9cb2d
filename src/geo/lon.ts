/**
 * Longitudes across the antimeridian (±180°), with no dependencies (the scenario checks and the web use it).
 * Inside Truce a line that crosses the antimeridian is carried in one continuous range of longitudes
 * (177 → 183, not 177 → -177); antimeridian.ts splits output back at ±180.
 */
import type { Position } from "./types.js";

/**
 * The longitude equal to `lon` modulo 360 that lies within 180° of `refLon`. geographiclib and proj4
 * answer in [-180, 180]; a line carried in continuous longitudes wants each new point near the one it
 * came from.
 * @example lonNear(-178, 177) // 182
 */
export function lonNear(lon: number, refLon: number): number {
  const d = lon - refLon;
  return d >= -180 && d <= 180 ? lon : refLon + ((((d + 180) % 360) + 360) % 360) - 180;
}

/** Longitude in [-180, 180] (180 stays 180, -180 stays -180). */
export function wrapLon(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  const w = (((lon + 180) % 360) + 360) % 360;
  return w - 180;
}

/**
 * The parts of a line with longitudes made continuous: the first vertex is brought into [-180, 180],
 * and each later vertex (across parts too, so parts near each other stay near) is taken within 180° of
 * the one before. Lines that never come near the antimeridian are returned unchanged (same arrays).
 */
export function unwrapParts(parts: readonly (readonly Position[])[]): Position[][] {
  let changed = false;
  let ref: number | undefined;
  const out = parts.map((part) =>
    part.map((p) => {
      const lon = ref === undefined ? wrapLon(p[0]) : lonNear(p[0], ref);
      ref = lon;
      if (lon === p[0]) return p as Position;
      changed = true;
      return [lon, p[1], ...p.slice(2)] as Position;
    }),
  );
  return changed ? out : (parts as Position[][]);
}
