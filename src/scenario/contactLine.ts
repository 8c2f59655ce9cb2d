/**
 * The contact line as a geometry: inline, or read from the file a scenario names
 * (GeoJSON, or KML, GPX, Shapefile and GeoPackage through src/geodata), with its
 * coordinate system reprojected to WGS84. Pure apart from the readers passed in.
 */
import type { z } from "zod";
import { TruceInputError } from "../errors/index.js";
import {
  crsFromName,
  declaredCrs,
  findProjectedVertex,
  guessProjectedCrs,
  type LineFileRef,
  lineFormatOf,
  readLineFile,
  toWgs84,
} from "../geodata/index.js";
import { type LineGeometry, lineGeometrySchema, type scenarioSchema } from "./schema.js";
import {
  formatPath,
  locate,
  type PathSegment,
  parseSource,
  type ReadRelative,
  type ReadRelativeBytes,
  type SourceText,
  toPlain,
  validateWith,
} from "./source.js";

export interface ResolvedLine {
  line: LineGeometry;
  lineSrc: SourceText;
  linePrefix: PathSegment[];
  notes: string[];
}

/** Coordinates that are plainly metres get an error naming the likely CRS and how to declare it. */
function refuseProjected(lineSrc: SourceText, prefix: PathSegment[], line: LineGeometry, canDeclare: boolean): void {
  const multi = line.type === "MultiLineString";
  const parts = (multi ? line.coordinates : [line.coordinates]) as number[][][];
  const bad = findProjectedVertex(parts);
  if (!bad) return;
  const [x, y] = parts[bad.part][bad.vertex];
  const g = guessProjectedCrs(x, y);
  const path = [...prefix, "coordinates", ...(multi ? [bad.part] : []), bad.vertex];
  throw new TruceInputError({
    file: lineSrc.file,
    ...locate(lineSrc, path),
    path: formatPath(path),
    problem: `vertex ${bad.vertex + 1}${multi ? ` of part ${bad.part + 1}` : ""}, [${x}, ${y}], is not longitude/latitude in degrees; it looks like ${g.likely}.`,
    fix: canDeclare
      ? `Reproject the line to EPSG:4326, or ${g.declare}.`
      : 'Reproject the line to EPSG:4326, or put it in a .geojson file and declare its CRS: contactLine: {file: line.geojson, crs: "EPSG:32636"}.',
  });
}

/**
 * The contact line as a geometry: inline, or read from a file (GeoJSON here, where errors can point
 * at lines and columns; KML, GPX, Shapefile and GeoPackage through src/geodata), reprojected to WGS84.
 */
export function resolveContactLine(
  src: SourceText,
  contactLine: z.output<typeof scenarioSchema>["contactLine"],
  readRelative?: ReadRelative,
  readBytes?: ReadRelativeBytes,
): ResolvedLine {
  const file = src.file;
  if (typeof contactLine !== "string" && !("file" in contactLine)) {
    refuseProjected(src, ["contactLine"], contactLine, false);
    return { line: contactLine, lineSrc: src, linePrefix: ["contactLine"], notes: [] };
  }
  const ref: LineFileRef = typeof contactLine === "string" ? { file: contactLine } : contactLine;
  const refPath = typeof contactLine === "string" ? "contactLine" : "contactLine.file";
  const from = { file, path: refPath };
  const format = lineFormatOf(ref.file);
  const binary = format !== undefined && format !== "geojson";
  if (!readRelative || (binary && !readBytes)) {
    throw new TruceInputError({
      file,
      ...locate(src, ["contactLine"]),
      path: "contactLine",
      problem: `refers to the file "${ref.file}", but files cannot be read here.`,
      fix: "Put the geometry inline.",
    });
  }
  if (binary && readBytes) {
    const main = readBytes(ref.file, from) as { file: string; bytes: Uint8Array };
    // Sidecars share the base name; try the extension's case as the .shp has it, then the other.
    const sidecar = (ext: string) => {
      const upper = /\.SHP$/.test(ref.file);
      const stem = ref.file.replace(/\.[^./\\]+$/, "");
      for (const e of upper ? [ext.toUpperCase(), ext] : [ext, ext.toUpperCase()]) {
        const got = readBytes(`${stem}${e}`, from, true);
        if (got) return got.bytes;
      }
      return undefined;
    };
    const imported = readLineFile(ref, main.file, main.bytes, sidecar);
    const notes = [`${main.file}: read the line of contact from ${imported.source}.`];
    if (!imported.crs.includes("WGS84 degrees")) notes.push(`${main.file}: reprojected from ${imported.crs} to WGS84.`);
    if (imported.droppedExtraOrdinates) {
      notes.push(
        `${main.file}: the line's positions carry altitude or measure values; Truce uses longitude and latitude only and ignored them (outputs are 2-D).`,
      );
    }
    // Later checks (poles, widths) name the file and feature; there are no lines and columns to point at.
    return {
      line: imported.geometry as LineGeometry,
      lineSrc: parseSource(`${main.file} (${imported.source})`, ""),
      linePrefix: [],
      notes,
    };
  }
  const text = readRelative(ref.file, from);
  const lineSrc = parseSource(text.file, text.text, { referenced: true });
  let linePrefix: PathSegment[] = [];
  const raw = toPlain(lineSrc) as Record<string, unknown> | null;
  if (ref.layer !== undefined) {
    throw new TruceInputError({
      file,
      ...locate(src, ["contactLine", "layer"]),
      path: "contactLine.layer",
      problem: `a GeoJSON file has a single layer, so layer "${ref.layer}" cannot be chosen.`,
      fix: 'Remove `layer`, and pick the feature with `where`, e.g. where: {name: "LoC"}.',
    });
  }
  // Accept a bare geometry, a Feature, or a FeatureCollection holding one line feature.
  let geometry: unknown = raw;
  if (raw && raw.type === "Feature") {
    const props = (raw.properties ?? {}) as Record<string, unknown>;
    const miss = Object.entries(ref.where ?? {}).find(([k, v]) => String(props[k]) !== String(v));
    if (miss) {
      throw new TruceInputError({
        file: text.file,
        ...locate(lineSrc, ["properties"]),
        path: "properties",
        problem: `the file's one feature does not have ${miss[0]}: ${JSON.stringify(miss[1])} (it has ${JSON.stringify(props[miss[0]] ?? null)}).`,
        fix: "Fix or remove contactLine.where.",
      });
    }
    geometry = raw.geometry;
    linePrefix = ["geometry"];
  } else if (raw && raw.type === "FeatureCollection" && Array.isArray(raw.features)) {
    const features = raw.features as Array<{ geometry?: { type?: string }; properties?: Record<string, unknown> }>;
    const isLine = (f: (typeof features)[number]) =>
      f?.geometry?.type === "LineString" || f?.geometry?.type === "MultiLineString";
    const fits = (f: (typeof features)[number]) =>
      Object.entries(ref.where ?? {}).every(([k, v]) => String(f?.properties?.[k]) === String(v));
    const matching = features.flatMap((f, k) => (isLine(f) && fits(f) ? [k] : []));
    const i = matching.length > 0 ? matching[0] : -1;
    if (matching.length > 1) {
      // Taking the first of several lines silently could plan the wrong line; ask instead.
      const label = (k: number) => {
        const name = features[k]?.properties?.name;
        return `features[${k}]${name === undefined ? "" : ` (${JSON.stringify(name)})`}`;
      };
      throw new TruceInputError({
        file: text.file,
        ...locate(lineSrc, ["features", matching[1]]),
        path: "features",
        problem: `${matching.length} line features could be the line of contact: ${matching.slice(0, 5).map(label).join(", ")}${matching.length > 5 ? ", …" : ""}.`,
        fix: 'Pick one in the scenario with contactLine: {file: …, where: {name: "…"}}, or keep one line in the file.',
      });
    }
    if (i < 0) {
      throw new TruceInputError({
        file: text.file,
        line: 1,
        column: 1,
        path: "features",
        problem: ref.where
          ? `no LineString or MultiLineString feature has the properties ${JSON.stringify(ref.where)}.`
          : "the FeatureCollection holds no LineString or MultiLineString feature.",
        fix: ref.where
          ? "Check the names and values in contactLine.where (they are case-sensitive)."
          : "Add the line of contact as a LineString feature.",
      });
    }
    geometry = features[i].geometry;
    linePrefix = ["features", i, "geometry"];
  }
  const line = validateWith(lineSrc, lineGeometrySchema, geometry, linePrefix);
  // The legacy (2008) GeoJSON `crs` member, or the scenario's declaration, says what the numbers are.
  let crs = declaredCrs(ref, file);
  const member = (raw?.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (!crs && typeof member === "string") {
    crs = crsFromName(member);
    if (!crs) {
      throw new TruceInputError({
        file: text.file,
        ...locate(lineSrc, ["crs", "properties", "name"]),
        path: "crs.properties.name",
        problem: `the coordinate system "${member}" is not one Truce knows.`,
        fix: 'Reproject the line to EPSG:4326, or name it as "EPSG:<code>" (UTM "EPSG:326NN"/"EPSG:327NN", Web Mercator "EPSG:3857").',
      });
    }
  }
  if (!crs?.proj) {
    refuseProjected(lineSrc, linePrefix, line, true);
    return { line, lineSrc, linePrefix, notes: [] };
  }
  const multi = line.type === "MultiLineString";
  const parts = toWgs84(crs, (multi ? line.coordinates : [line.coordinates]) as number[][][]);
  const reprojected = (
    multi ? { type: line.type, coordinates: parts } : { type: line.type, coordinates: parts[0] }
  ) as LineGeometry;
  return { line: reprojected, lineSrc, linePrefix, notes: [`${text.file}: reprojected from ${crs.label} to WGS84.`] };
}
