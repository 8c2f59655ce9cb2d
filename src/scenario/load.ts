/**
 * The file edge of scenario loading: size limits, reading, and resolving files
 * that a scenario refers to. Everything else is in parse.ts (pure).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { TruceInputError } from "../errors/index.js";
import { parseScenario } from "./parse.js";
import type { Scenario } from "./schema.js";
import type { ReadRelative, ReadRelativeBytes } from "./source.js";

/** Largest scenario or referenced GeoJSON file accepted. A 10,000-vertex line is ~0.4 MB. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Read a text input file with a size limit; every failure is a TruceInputError naming the file. */
export function readInputFile(file: string, referencedFrom?: { file: string; path: string }): string {
  return readInputBytes(file, referencedFrom).toString("utf8");
}

/** Read an input file's bytes (Shapefile, GeoPackage) with the same checks as readInputFile. */
export function readInputBytes(file: string, referencedFrom?: { file: string; path: string }): Buffer {
  let size: number;
  const where = referencedFrom ? { file: referencedFrom.file, path: referencedFrom.path } : { file };
  try {
    const st = statSync(file);
    // Only regular files: a device (/dev/zero), FIFO or socket would hang the read or never end.
    if (!st.isFile()) {
      throw new TruceInputError({
        ...where,
        problem: `"${file}" is ${st.isDirectory() ? "a directory" : "a device, pipe or socket"}, not a regular file.`,
        fix: "Name a .yaml, .json or .geojson file.",
      });
    }
    size = st.size;
  } catch (e) {
    if (e instanceof TruceInputError) throw e;
    const problem = referencedFrom
      ? `refers to "${file}", which does not exist.`
      : `cannot read "${file}": no such file.`;
    throw new TruceInputError({
      ...where,
      problem,
      fix: referencedFrom ? "Paths are relative to the scenario file; check the name." : "Check the path.",
    });
  }
  if (size > MAX_INPUT_BYTES) {
    throw new TruceInputError({
      ...where,
      problem: `"${file}" is ${formatMb(size)}; the limit is ${formatMb(MAX_INPUT_BYTES)}.`,
      fix: "Simplify the line first (e.g. `ogr2ogr -simplify 0.001`), or split the file.",
    });
  }
  return readFileSync(file);
}

/** Load and validate a scenario file (YAML or JSON). */
export function loadScenarioFile(file: string): Scenario {
  const text = readInputFile(file);
  const readRelative: ReadRelative = (rel, from) => {
    const target = isAbsolute(rel) ? rel : resolve(dirname(from.file), rel);
    return { file: target, text: readInputFile(target, from) };
  };
  // Binary line files (.shp, .gpkg) and their optional sidecars (.dbf, .prj, .cpg).
  const readBytes: ReadRelativeBytes = (rel, from, optional) => {
    const target = isAbsolute(rel) ? rel : resolve(dirname(from.file), rel);
    if (optional && !existsSync(target)) return undefined;
    return { file: target, bytes: readInputBytes(target, from) };
  };
  return parseScenario(file, text, readRelative, readBytes);
}
