/**
 * The `contactLine: {file, layer, where, crs}` form: a line read from a file planners already have
 * (GeoJSON, KML, GPX, Shapefile, GeoPackage). Imported by src/scenario/schema.ts.
 */
import { z } from "zod";

export const lineFileSchema = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .describe(
        "Path to a .geojson, .kml, .gpx, .shp (with its .dbf/.prj), .zip (zipped Shapefiles) or .gpkg file, relative to the scenario.",
      ),
    layer: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Layer to read: a GeoPackage table, a Shapefile's name in a .zip, a KML folder, or 'tracks'/'routes' in a GPX file. Default: the only layer holding lines.",
      ),
    where: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe(
        "Feature filter: property values the line's feature must have, e.g. {name: 'LoC 2025'}. Default: none.",
      ),
    crs: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The file's coordinate system, e.g. 'EPSG:32636' (UTM 36N) or 'EPSG:3857'; overrides what the file says. Default: the file's own (.prj, GeoPackage SRS, GeoJSON crs), else WGS84 degrees.",
      ),
  })
  .describe("A line of contact read from a file, with the layer and feature to take.");

export type LineFileRef = z.infer<typeof lineFileSchema>;
