/**
 * The zone stage's output as one GeoJSON FeatureCollection for maps (web and
 * report). Each feature carries `layer` (line | zone | sector | post | withdrawal)
 * so a renderer can style and toggle layers without knowing the Zone type.
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { Zone } from "../geo/types.js";

export type MapLayer = "line" | "zone" | "sector" | "post" | "withdrawal" | "base" | "site" | "incident";

export interface MapFeatureProps {
  layer: MapLayer;
  id: string;
  name: string;
  [key: string]: string | number | boolean | null;
}

export type MapFeature = Feature<Geometry, MapFeatureProps>;
export type MapFeatureCollection = FeatureCollection<Geometry, MapFeatureProps>;

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Features for the line of contact, the zone, its sectors, observation posts and withdrawal lines. */
export function zoneFeatures(zone: Zone): MapFeatureCollection {
  const features: MapFeature[] = [];
  features.push({
    type: "Feature",
    geometry: zone.polygon,
    properties: {
      layer: "zone",
      id: "zone",
      name: "Buffer zone",
      areaKm2: round(zone.areaKm2, 0),
      leftKm: zone.leftKm,
      rightKm: zone.rightKm,
    },
  });
  for (const s of zone.sectors) {
    features.push({
      type: "Feature",
      geometry: s.geometry,
      properties: {
        layer: "sector",
        id: s.id,
        name: `Sector ${s.id}`,
        index: s.index,
        lengthKm: round(s.lengthKm, 1),
        areaKm2: round(s.areaKm2, 0),
        startKm: round(s.startKm, 1),
        endKm: round(s.endKm, 1),
      },
    });
  }
  for (const w of zone.withdrawalLines) {
    for (const side of ["left", "right"] as const) {
      features.push({
        type: "Feature",
        geometry: w[side],
        properties: { layer: "withdrawal", id: `${w.name} (${side})`, name: w.name, km: w.km, side },
      });
    }
  }
  features.push({
    type: "Feature",
    geometry: zone.line,
    properties: { layer: "line", id: "contact-line", name: "Line of contact", lengthKm: round(zone.lengthKm, 1) },
  });
  for (const p of zone.posts) {
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [p.lon, p.lat] },
      properties: {
        layer: "post",
        id: p.id,
        name: `Observation post ${p.id}`,
        sectorId: p.sectorId,
        alongKm: round(p.alongKm, 1),
      },
    });
  }
  return { type: "FeatureCollection", features };
}
