/**
 * Read the line of contact from the files planners have: GeoJSON, KML, GPX, Shapefile, GeoPackage.
 * Pure: the caller passes the file's bytes and a reader for its sidecar files (.dbf, .prj, .cpg).
 *
 * @example
 * const line = readLineFile({ file: "loc.gpkg", layer: "line" }, "/data/loc.gpkg", bytes, () => undefined);
 * line.geometry // { type: "LineString", coordinates: [[lon, lat], ...] } on WGS84
 */
import type * as Fflate from "fflate";
import { TruceInputError } from "../errors/index.js";
import { lazyRequire } from "../util/lazyRequire.js";
import { type Crs, crsFromName, crsFromWkt, guessProjectedCrs, looksProjected, toWgs84 } from "./crs.js";
import { readGpkg } from "./gpkg.js";
import type { LineFileRef } from "./schema.js";
import { readDbf, readShp } from "./shp.js";
import { readGpx, readKml } from "./xml.js";

/** The zip reader only for a zipped Shapefile. */
const fflate = lazyRequire<typeof Fflate>("fflate");

export { type LineFileRef, lineFileSchema } from "./schema.js";

/** A 2-D line on WGS84. */
export type Line2D =
  | { type: "LineString"; coordinates: number[][] }
  | { type: "MultiLineString"; coordinates: number[][][] };

export interface ImportedLine {
  geometry: Line2D;
  /** Where the line came from, in a planner's words: `layer "line", feature 3 ("LoC 2025")`. */
  source: string;
  /** The CRS the coordinates were in, e.g. "EPSG:32636 (UTM zone 36N)". */
  crs: string;
  /** True when positions had altitude or measure values, which were dropped. */
  droppedExtraOrdinates: boolean;
}

/** Reads a sidecar of the file by extension (".dbf"); undefined when it does not exist. */
export type ReadSidecar = (extension: string) => Uint8Array | undefined;

/** A feature as any reader gives it: properties and a GeoJSON-like geometry, with a label for messages. */
interface RawFeature {
  label: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates?: unknown; geometries?: unknown[] } | null;
  hadExtraOrdinates?: boolean;
}

interface RawLayer {
  name: string;
  crs?: Crs;
  features: RawFeature[];
}

export type LineFormat = "geojson" | "kml" | "gpx" | "shp" | "zip" | "gpkg";

/** The format a file name says, or undefined. */
export function lineFormatOf(file: string): LineFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1].toLowerCase();
  if (ext === "geojson" || ext === "json") return "geojson";
  if (ext === "kml" || ext === "gpx" || ext === "shp" || ext === "zip" || ext === "gpkg") return ext;
  return undefined;
}

const decoder = new TextDecoder("utf-8");

/** The CRS the scenario declares for the file, or undefined. */
export function declaredCrs(ref: Pick<LineFileRef, "crs">, file: string): Crs | undefined {
  if (ref.crs === undefined) return undefined;
  const c = crsFromName(ref.crs);
  if (!c) {
    throw new TruceInputError({
      file,
      path: "contactLine.crs",
      problem: `"${ref.crs}" is not a coordinate system Truce knows.`,
      fix: 'Give an EPSG code: "EPSG:4326" (degrees), "EPSG:3857" (Web Mercator) or "EPSG:326NN"/"EPSG:327NN" (UTM zone NN north/south).',
    });
  }
  return c;
}

/**
 * Turn a feature's geometry into line parts with every ordinate beyond x, y dropped.
 * Returns undefined for geometries that are not lines (points, polygons).
 */
function lineParts(g: RawFeature["geometry"]): { parts: number[][][]; extra: boolean } | undefined {
  if (!g) return undefined;
  let extra = false;
  const flat = (ps: unknown) =>
    (ps as number[][]).map((p) => {
      if (p.length > 2) extra = true;
      return [p[0], p[1]];
    });
  if (g.type === "LineString") return { parts: [flat(g.coordinates)], extra };
  if (g.type === "MultiLineString") return { parts: (g.coordinates as unknown[]).map(flat), extra };
  if (g.type === "GeometryCollection" && g.geometries?.length) {
    // KML MultiGeometry of LineStrings.
    const members = (g.geometries as RawFeature["geometry"][]).map(lineParts);
    if (members.some((m) => m === undefined)) return undefined;
    return { parts: members.flatMap((m) => m?.parts ?? []), extra: members.some((m) => m?.extra) };
  }
  return undefined;
}

function describeFeature(f: RawFeature): string {
  const name = f.properties.name ?? f.properties.Name ?? f.properties.NAME ?? f.properties.id;
  return name === undefined || name === null || name === "" ? f.label : `${f.label} (${JSON.stringify(name)})`;
}

function matches(f: RawFeature, where: LineFileRef["where"]): boolean {
  if (!where) return true;
  return Object.entries(where).every(([k, v]) => {
    const have = f.properties[k];
    return have === v || (have !== null && have !== undefined && String(have) === String(v));
  });
}

function layersOf(
  format: Exclude<LineFormat, "geojson">,
  ref: LineFileRef,
  file: string,
  bytes: Uint8Array,
  sidecar: ReadSidecar,
): RawLayer[] {
  const noLayers = (kind: string) => {
    if (ref.layer !== undefined) {
      throw new TruceInputError({
        file,
        path: "contactLine.layer",
        problem: `a ${kind} file has a single layer, so layer "${ref.layer}" cannot be chosen.`,
        fix: 'Remove `layer`, and pick the feature with `where`, e.g. where: {name: "LoC"}.',
      });
    }
  };
  switch (format) {
    case "kml": {
      // KML folders are its layers.
      const features = readKml(decoder.decode(bytes), file, ref.layer);
      return [
        {
          name: ref.layer ?? "KML",
          features: features.map((f, i) => ({
            label: `placemark ${i + 1}`,
            properties: f.properties ?? {},
            geometry: f.geometry as RawFeature["geometry"],
          })),
        },
      ];
    }
    case "gpx": {
      const features = readGpx(decoder.decode(bytes), file);
      const kinds = { tracks: "trk", routes: "rte" } as Record<string, string>;
      if (ref.layer !== undefined && !kinds[ref.layer]) {
        throw new TruceInputError({
          file,
          path: "contactLine.layer",
          problem: `a GPX file has no layer "${ref.layer}".`,
          fix: "Use layer: tracks or layer: routes.",
        });
      }
      const counters: Record<string, number> = {};
      return [
        {
          name: ref.layer ?? "GPX",
          features: features
            .filter((f) => ref.layer === undefined || f.properties?._gpxType === kinds[ref.layer])
            .map((f) => {
              const kind =
                f.properties?._gpxType === "rte" ? "route" : f.properties?._gpxType === "trk" ? "track" : "waypoint";
              counters[kind] = (counters[kind] ?? 0) + 1;
              return {
                label: `${kind} ${counters[kind]}`,
                properties: f.properties ?? {},
                geometry: f.geometry as RawFeature["geometry"],
              };
            }),
        },
      ];
    }
    case "shp": {
      noLayers("Shapefile");
      return [shapefileLayer(file, bytes, sidecar)];
    }
    case "zip": {
      // A zipped Shapefile set (as `truce zone --shp` and many portals ship them): each .shp is a layer.
      const entries = unzipShapefiles(bytes, file);
      const names = [...entries.keys()].filter((n) => n.endsWith(".shp")).map((n) => n.slice(0, -4));
      const chosen = ref.layer === undefined ? names : names.filter((n) => n === ref.layer);
      if (chosen.length === 0) {
        throw new TruceInputError({
          file,
          path: ref.layer === undefined ? undefined : "contactLine.layer",
          problem:
            ref.layer === undefined
              ? "the zip holds no Shapefile (.shp)."
              : `the zip holds no Shapefile "${ref.layer}.shp".`,
          fix: names.length
            ? `Its layers are: ${names.map((n) => `"${n}"`).join(", ")}.`
            : "Zip the .shp with its .shx, .dbf and .prj.",
        });
      }
      return chosen.map((n) =>
        shapefileLayer(
          `${file}/${n}.shp`,
          entries.get(`${n}.shp`) as Uint8Array,
          (ext) => entries.get(`${n}${ext}`),
          n,
        ),
      );
    }
    case "gpkg": {
      return readGpkg(bytes, file, ref.layer).map((l) => ({
        name: l.name,
        crs: l.crs,
        features: l.features.map((f) => ({
          label: `feature ${f.fid}`,
          properties: f.properties,
          geometry: f.geometry as RawFeature["geometry"],
          hadExtraOrdinates: f.geometry?.hadExtraOrdinates,
        })),
      }));
    }
  }
}

/** Largest total size of the Shapefiles inside a zip, as their headers declare it. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** The Shapefile members of a zip, by lower-cased base name ("line.shp"); folders and macOS extras ignored. */
function unzipShapefiles(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  let total = 0;
  const keep = (name: string) => /\.(shp|shx|dbf|prj|cpg)$/i.test(name) && !name.includes("__MACOSX");
  let files: Record<string, Uint8Array>;
  try {
    files = fflate().unzipSync(bytes, {
      filter: (f) => {
        if (!keep(f.name)) return false;
        total += f.originalSize;
        if (total > MAX_UNZIPPED_BYTES)
          throw new Error(`it unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
        return true;
      },
    });
  } catch (e) {
    throw new TruceInputError({
      file,
      problem: `the zip cannot be read (${(e as Error).message}).`,
      fix: "Zip the Shapefile set again (the .shp with its .shx, .dbf and .prj), or send a GeoPackage.",
    });
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    const base = name.replace(/^.*\//, "");
    const dot = base.lastIndexOf(".");
    out.set(`${base.slice(0, dot)}${base.slice(dot).toLowerCase()}`, data);
  }
  return out;
}

/** One Shapefile as a layer: geometry from the .shp, attributes from the .dbf, CRS from the .prj. */
function shapefileLayer(file: string, bytes: Uint8Array, sidecar: ReadSidecar, name?: string): RawLayer {
  const shp = readShp(bytes, file);
  const dbfBytes = sidecar(".dbf");
  const cpg = sidecar(".cpg");
  const rows = dbfBytes
    ? readDbf(dbfBytes, file.replace(/\.shp$/i, ".dbf"), cpg ? decoder.decode(cpg) : undefined)
    : [];
  const prj = sidecar(".prj");
  let crs: Crs | undefined;
  if (prj) {
    try {
      crs = crsFromWkt(decoder.decode(prj));
    } catch (e) {
      throw new TruceInputError({
        file: file.replace(/\.shp$/i, ".prj"),
        problem: `proj4 cannot read this coordinate system (${(e as Error).message}).`,
        fix: 'Reproject the layer to EPSG:4326 in QGIS, or declare the CRS: contactLine: {file: line.shp, crs: "EPSG:32636"}.',
      });
    }
  }
  const features = shp.records.map((r, i): RawFeature => {
    let geometry: RawFeature["geometry"] = null;
    if (r.geometry) {
      const pairs = r.geometry.parts.map((flat) =>
        Array.from({ length: flat.length / 2 }, (_, k) => [flat[2 * k], flat[2 * k + 1]]),
      );
      if (r.geometry.kind === "line") {
        geometry =
          pairs.length === 1
            ? { type: "LineString", coordinates: pairs[0] }
            : { type: "MultiLineString", coordinates: pairs };
      } else geometry = { type: r.geometry.kind === "point" ? "Point" : "Polygon", coordinates: pairs };
    }
    return { label: `record ${i + 1}`, properties: rows[i] ?? {}, geometry, hadExtraOrdinates: r.hadExtraOrdinates };
  });
  return { name: name ?? file.replace(/^.*[\\/]/, "").replace(/\.shp$/i, ""), crs, features };
}

/**
 * Read the line of contact from a KML, GPX, Shapefile or GeoPackage file (GeoJSON is read by the
 * scenario parser, which can point at lines and columns). Picks the one line feature of the chosen
 * layer that matches `where`, drops altitude/measure, reprojects to WGS84, and checks every vertex.
 * Every refusal is a TruceInputError naming the file, the feature and the vertex.
 */
export function readLineFile(ref: LineFileRef, file: string, bytes: Uint8Array, sidecar: ReadSidecar): ImportedLine {
  const format = lineFormatOf(file);
  if (!format || format === "geojson") {
    throw new TruceInputError({
      file,
      path: "contactLine",
      problem: `Truce cannot tell the format of "${ref.file}" from its name.`,
      fix: "Name a .geojson, .kml, .gpx, .shp, .zip (zipped Shapefile) or .gpkg file.",
    });
  }
  const layers = layersOf(format, ref, file, bytes, sidecar);
  const candidates: { layer: RawLayer; f: RawFeature; parts: number[][][]; extra: boolean }[] = [];
  const skipped: string[] = [];
  for (const layer of layers) {
    for (const f of layer.features) {
      const parts = lineParts(f.geometry);
      if (!parts) {
        skipped.push(f.geometry?.type ?? "empty");
        continue;
      }
      if (matches(f, ref.where))
        candidates.push({ layer, f, ...parts, extra: parts.extra || f.hadExtraOrdinates === true });
    }
  }
  const inLayer = (l: RawLayer) => (layers.length > 1 || ref.layer ? `layer "${l.name}", ` : "");
  const filterText = ref.where ? ` matching where: ${JSON.stringify(ref.where)}` : "";
  if (candidates.length === 0) {
    const kinds = [...new Set(skipped)].join(", ");
    throw new TruceInputError({
      file,
      problem: `there is no line feature${filterText} in ${ref.layer ? `layer "${ref.layer}"` : "the file"}${kinds ? ` (only ${kinds} geometries)` : ""}.`,
      fix: ref.where
        ? "Check the property names and values in `where` (they are case-sensitive), or remove `where`."
        : "The line of contact must be a LineString or MultiLineString; draw it as a line (not a polygon or points).",
    });
  }
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 5).map((c) => `${inLayer(c.layer)}${describeFeature(c.f)}`);
    const layerNames = [...new Set(candidates.map((c) => c.layer.name))];
    throw new TruceInputError({
      file,
      problem: `${candidates.length} line features${filterText} could be the line of contact: ${shown.join("; ")}${candidates.length > 5 ? "; …" : ""}.`,
      fix:
        layerNames.length > 1 && !ref.layer
          ? `Pick the layer (layer: "${layerNames[0]}") and, if needed, the feature (where: {name: "…"}).`
          : 'Pick one with where, e.g. where: {name: "…"}, or merge them into one line first.',
    });
  }
  const { layer, f, parts, extra } = candidates[0];
  const source = `${inLayer(layer)}${describeFeature(f)}`;
  const crs = declaredCrs(ref, file) ?? layer.crs;
  const vertexName = (p: number, i: number) => `vertex ${i + 1}${parts.length > 1 ? ` of part ${p + 1}` : ""}`;
  if (!crs?.proj) {
    const bad = findProjectedVertex(parts);
    if (bad) {
      const [x, y] = parts[bad.part][bad.vertex];
      const g = guessProjectedCrs(x, y);
      throw new TruceInputError({
        file,
        problem: `${source}, ${vertexName(bad.part, bad.vertex)}: [${x}, ${y}] is not longitude/latitude in degrees; it looks like ${g.likely}, and the file does not say which coordinate system it uses.`,
        fix: `Reproject the line to EPSG:4326, or ${g.declare}.`,
      });
    }
  }
  let projected: number[][][];
  try {
    projected = toWgs84(crs ?? { label: "WGS84" }, parts);
  } catch (e) {
    throw new TruceInputError({
      file,
      problem: `${source}: the coordinates cannot be converted from ${crs?.label} to WGS84 (${(e as Error).message}).`,
      fix: "Reproject the line to EPSG:4326 in QGIS and export it again.",
    });
  }
  projected.forEach((part, p) => {
    part.forEach(([lon, lat], i) => {
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 540) {
        throw new TruceInputError({
          file,
          problem: `${source}, ${vertexName(p, i)}: [${parts[p][i].join(", ")}]${crs?.proj ? ` (${crs.label})` : ""} is not a position on Earth.`,
          fix: crs?.proj
            ? "Check the layer's coordinate system in QGIS (Layer Properties > Source)."
            : "Give longitude, latitude in degrees (EPSG:4326), or declare the file's CRS with contactLine.crs.",
        });
      }
    });
  });
  const geometry: Line2D =
    projected.length === 1
      ? { type: "LineString", coordinates: projected[0] }
      : { type: "MultiLineString", coordinates: projected };
  return { geometry, source, crs: crs?.label ?? "EPSG:4326 (WGS84 degrees)", droppedExtraOrdinates: extra };
}

/** First vertex whose values cannot be degrees (far beyond ±180/±90), or undefined. */
export function findProjectedVertex(parts: number[][][]): { part: number; vertex: number } | undefined {
  for (let p = 0; p < parts.length; p++) {
    for (let i = 0; i < parts[p].length; i++)
      if (looksProjected(parts[p][i][0], parts[p][i][1])) return { part: p, vertex: i };
  }
  return undefined;
}

export { type Crs, crsFromEpsg, crsFromName, crsFromWkt, guessProjectedCrs, toWgs84, utmEpsg } from "./crs.js";

/** Drop altitude and measure from every position (new arrays). Counts the positions that had them. */
export function to2d<G extends { type: "LineString" | "MultiLineString"; coordinates: unknown }>(
  g: G,
): { line: G; dropped: number; total: number } {
  let dropped = 0;
  let total = 0;
  const flat = (ps: number[][]) =>
    ps.map((p) => {
      total++;
      if (p.length > 2) dropped++;
      return [p[0], p[1]];
    });
  const coordinates =
    g.type === "LineString" ? flat(g.coordinates as number[][]) : (g.coordinates as number[][][]).map(flat);
  return { line: { ...g, coordinates }, dropped, total };
}
