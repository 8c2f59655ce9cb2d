/**
 * The zone as one GeoJSON FeatureCollection (RFC 7946), each feature tagged with its `layer`.
 * Longitudes are brought into [-180, 180] and geometries that cross the antimeridian are split
 * there (§3.1.9), so KML, GeoPackage and Shapefile written from this collection are split too.
 */
import { splitAtAntimeridian } from "./antimeridian.js";
import type { Zone } from "./types.js";

export interface ZoneFeature {
  type: "Feature";
  id: string;
  properties: Record<string, string | number | boolean> & { layer: string };
  geometry: { type: string; coordinates: unknown };
}

export interface ZoneFeatureCollection {
  type: "FeatureCollection";
  name: string;
  features: ZoneFeature[];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function zoneToGeoJson(zone: Zone, name: string): ZoneFeatureCollection {
  const features: ZoneFeature[] = [];
  features.push({
    type: "Feature",
    id: "zone",
    properties: {
      layer: "zone",
      name: `${name} buffer zone`,
      areaKm2: round6(zone.areaKm2),
      leftKm: zone.leftKm,
      rightKm: zone.rightKm,
    },
    geometry: zone.polygon,
  });
  features.push({
    type: "Feature",
    id: "contact-line",
    properties: { layer: "contactLine", name: "Line of contact", lengthKm: round6(zone.lengthKm) },
    geometry: zone.line,
  });
  for (const s of zone.sectors) {
    features.push({
      type: "Feature",
      id: `sector-${s.id}`,
      properties: {
        layer: "sector",
        sectorId: s.id,
        name: `Sector ${s.id}`,
        lengthKm: round6(s.lengthKm),
        areaKm2: round6(s.areaKm2),
        startKm: round6(s.startKm),
        endKm: round6(s.endKm),
      },
      geometry: s.geometry,
    });
  }
  for (const p of zone.posts) {
    features.push({
      type: "Feature",
      id: `post-${p.id}`,
      properties: {
        layer: "post",
        postId: p.id,
        name: `Observation post ${p.id}`,
        sectorId: p.sectorId,
        alongKm: round6(p.alongKm),
      },
      geometry: { type: "Point", coordinates: [p.lon, p.lat] },
    });
  }
  for (const w of zone.withdrawalLines) {
    for (const side of ["left", "right"] as const) {
      features.push({
        type: "Feature",
        id: `withdrawal-${w.km}-${side}`,
        properties: { layer: "withdrawalLine", name: `${w.name} (${w.km} km, ${side})`, km: w.km, side },
        geometry: w[side],
      });
    }
  }
  for (const f of features) f.geometry = splitAtAntimeridian(f.geometry);
  return { type: "FeatureCollection", name, features };
}
