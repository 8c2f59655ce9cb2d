/**
 * The zone as the layers planners open next in QGIS: a GeoPackage (one file, one table per layer)
 * and a zipped Shapefile set (one .shp/.shx/.dbf/.prj/.cpg per layer). Pure: bytes out.
 */
import { zipSync } from "fflate";
import { type GpkgOutLayer, writeGpkg } from "./gpkg.js";
import { type ShpGeometry, WGS84_PRJ, writeShapefile } from "./shp.js";

/** A feature as src/geo/geojson.ts writes it: `properties.layer` says which layer it belongs to. */
export interface LayeredFeature {
  properties: Record<string, string | number | boolean> & { layer: string };
  geometry: { type: string; coordinates: unknown };
}

interface LayerSpec {
  /** `properties.layer` in the GeoJSON output. */
  from: string;
  name: string;
  kind: "point" | "line" | "polygon";
  gpkgType: string;
}

/** Output layers, in order. Polygons and lines are written as Multi* so one layer has one geometry type. */
export const ZONE_LAYERS: readonly LayerSpec[] = [
  { from: "zone", name: "zone", kind: "polygon", gpkgType: "MULTIPOLYGON" },
  { from: "contactLine", name: "contact_line", kind: "line", gpkgType: "MULTILINESTRING" },
  { from: "sector", name: "sectors", kind: "polygon", gpkgType: "MULTIPOLYGON" },
  { from: "post", name: "posts", kind: "point", gpkgType: "POINT" },
  { from: "withdrawalLine", name: "withdrawal_lines", kind: "line", gpkgType: "MULTILINESTRING" },
];

function promote(g: LayeredFeature["geometry"]): ShpGeometry {
  if (g.type === "Polygon") return { type: "MultiPolygon", coordinates: [g.coordinates as number[][][]] };
  if (g.type === "LineString") return { type: "MultiLineString", coordinates: [g.coordinates as number[][]] };
  return g as ShpGeometry;
}

function layersOf(features: readonly LayeredFeature[]) {
  return ZONE_LAYERS.map((spec) => ({
    spec,
    features: features
      .filter((f) => f.properties.layer === spec.from)
      .map((f) => {
        const { layer: _layer, ...properties } = f.properties;
        return { geometry: promote(f.geometry), properties };
      }),
  }));
}

/** GeoPackage bytes with the layers zone, contact_line, sectors, posts and withdrawal_lines (WGS84, EPSG:4326). */
export function zoneToGpkg(features: readonly LayeredFeature[]): Uint8Array {
  const layers: GpkgOutLayer[] = layersOf(features).map(({ spec, features: fs }) => ({
    name: spec.name,
    geometryType: spec.gpkgType,
    features: fs,
  }));
  return writeGpkg(layers);
}

/** Zip bytes holding one Shapefile set per non-empty layer, named after the layer (zone.shp, sectors.shp, ...). */
export function zoneToShapefileZip(features: readonly LayeredFeature[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const text = new TextEncoder();
  for (const { spec, features: fs } of layersOf(features)) {
    if (fs.length === 0) continue;
    const { shp, shx, dbf } = writeShapefile(spec.kind, fs);
    files[`${spec.name}.shp`] = shp;
    files[`${spec.name}.shx`] = shx;
    files[`${spec.name}.dbf`] = dbf;
    files[`${spec.name}.prj`] = text.encode(WGS84_PRJ);
    files[`${spec.name}.cpg`] = text.encode("UTF-8");
  }
  // A fixed timestamp: the same zone gives the same bytes.
  return zipSync(files, { mtime: new Date("1980-01-01T00:00:00Z") });
}
