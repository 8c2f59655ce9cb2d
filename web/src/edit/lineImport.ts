/**
 * Lines dropped on the map: GeoJSON (a geometry, a Feature or a FeatureCollection) or KML.
 * Returns the line parts in lon/lat; every LineString and MultiLineString found is kept.
 */
import { kml } from "@tmcw/togeojson";
import type { Geometry, Position } from "geojson";
import { cleanParts } from "./clean";

export class LineImportError extends Error {}

function partsOf(g: Geometry | null | undefined, out: Position[][]): void {
  if (!g) return;
  if (g.type === "LineString") out.push(g.coordinates);
  else if (g.type === "MultiLineString") out.push(...g.coordinates);
  else if (g.type === "GeometryCollection") for (const c of g.geometries) partsOf(c, out);
}

function fromGeoJson(value: unknown): Position[][] {
  const out: Position[][] = [];
  const v = value as { type?: string; features?: Array<{ geometry?: Geometry }>; geometry?: Geometry };
  if (v?.type === "FeatureCollection") for (const f of v.features ?? []) partsOf(f.geometry, out);
  else if (v?.type === "Feature") partsOf(v.geometry, out);
  else partsOf(v as Geometry, out);
  return out;
}

export function parseLineFile(name: string, text: string): Position[][] {
  const isKml = /\.kml$/i.test(name) || /^\s*(<\?xml|<kml)/.test(text);
  let parts: Position[][];
  if (isKml) {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.querySelector("parsererror"))
      throw new LineImportError(`${name}: not well-formed KML (XML). Export the line again from your GIS.`);
    parts = fromGeoJson(kml(doc));
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new LineImportError(`${name}: not JSON. Drop a .geojson or .kml file with a line in it.`);
    }
    parts = fromGeoJson(value);
  }
  const clean = cleanParts(parts);
  if (clean.length === 0)
    throw new LineImportError(
      `${name}: no line found (LineString or MultiLineString with at least 2 points). Draw the line of contact as a line, not a polygon or points.`,
    );
  const bad = clean.flat().find((c) => Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90);
  if (bad)
    throw new LineImportError(
      `${name}: coordinate [${bad[0]}, ${bad[1]}] is not longitude/latitude. Reproject the line to EPSG:4326 (WGS 84) first.`,
    );
  return clean;
}
