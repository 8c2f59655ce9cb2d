/**
 * Offline basemap: Natural Earth 1:50m country outlines from the world-atlas
 * package, turned into GeoJSON once. No tiles, no fonts, no network.
 */
import type { FeatureCollection, MultiLineString } from "geojson";
import { feature, mesh } from "topojson-client";

export interface Basemap {
  countries: FeatureCollection;
  borders: MultiLineString;
}

let cached: Promise<Basemap> | undefined;

export function loadBasemap(): Promise<Basemap> {
  cached ??= import("world-atlas/countries-50m.json").then((m) => {
    const topo = m.default;
    const countries = feature(topo, topo.objects.countries) as FeatureCollection;
    const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
    return { countries, borders };
  });
  return cached;
}
