/**
 * Local azimuthal equidistant projections on the WGS84 ellipsoid. Within ~40 km
 * of the centre the scale error is below 1e-5, so a planar buffer there is a
 * geodesic buffer to centimetres. Zones are built chunk by chunk, each in its own
 * projection (Turf uses one spherical projection for the whole line; issue #2429).
 */
import proj4 from "proj4";
import { lonNear } from "./lon.js";
import type { Position } from "./types.js";

export interface LocalProjection {
  /** [lon, lat] -> [x, y] metres. */
  forward(p: Position): [number, number];
  /** [x, y] metres -> [lon, lat]. */
  inverse(xy: readonly [number, number]): Position;
}

export function localProjection(center: Position): LocalProjection {
  const def = `+proj=aeqd +lat_0=${center[1]} +lon_0=${center[0]} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs`;
  const converter = proj4("WGS84", def);
  return {
    forward: (p) => converter.forward([p[0], p[1]]) as [number, number],
    // proj4 answers in [-180, 180]; keep the centre's longitude range (continuous across the antimeridian).
    inverse: (xy) => {
      const p = converter.inverse([xy[0], xy[1]]) as Position;
      return [lonNear(p[0], center[0]), p[1]];
    },
  };
}
