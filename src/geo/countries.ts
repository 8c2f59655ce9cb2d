/**
 * Country outlines from Natural Earth (the world-atlas package, 1:110m), used to
 * sanity-check that a line of contact lies where its parties are. Loaded lazily:
 * most commands never need it.
 */
import { createRequire } from "node:module";
import { feature } from "topojson-client";
import type { Position } from "./types.js";

type Box = [number, number, number, number];

let cache: Map<string, Box[]> | undefined;

function load(): Map<string, Box[]> {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const topo = require("world-atlas/countries-110m.json");
  const fc = feature(topo, topo.objects.countries) as unknown as {
    features: Array<{
      properties: { name: string };
      geometry: { type: string; coordinates: Position[][] | Position[][][] } | null;
    }>;
  };
  cache = new Map();
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const polys = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) as Position[][][];
    // One box per polygon part, so that Russia (which crosses the antimeridian) does not cover the globe.
    const boxes: Box[] = polys.map((rings) => {
      let w = 180;
      let s = 90;
      let e = -180;
      let n = -90;
      for (const [lon, lat] of rings[0]) {
        w = Math.min(w, lon);
        e = Math.max(e, lon);
        s = Math.min(s, lat);
        n = Math.max(n, lat);
      }
      return [w, s, e, n];
    });
    cache.set(f.properties.name.toLowerCase(), boxes);
  }
  return cache;
}

/** Names Truce knows, as in Natural Earth. */
export function knownCountryNames(): string[] {
  return [...load().keys()];
}

/** Bounding boxes of a country's parts, or undefined when the name is unknown. */
export function countryBoxes(name: string): Box[] | undefined {
  return load().get(name.toLowerCase());
}

/** True when [lon, lat] is within `marginDeg` of one of the country's parts. */
export function nearCountry(name: string, lon: number, lat: number, marginDeg = 1): boolean {
  const boxes = countryBoxes(name) ?? [];
  return boxes.some(
    ([w, s, e, n]) => lon >= w - marginDeg && lon <= e + marginDeg && lat >= s - marginDeg && lat <= n + marginDeg,
  );
}
