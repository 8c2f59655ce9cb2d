/**
 * Parse scenario text (YAML or JSON) and validate it, turning every problem into
 * one TruceInputError that points at the file, line, column and field.
 *
 * Pure apart from `readRelative`, which the caller supplies (the file loader
 * reads from disk, the server from an upload bundle), so this is testable alone.
 */
import { TruceInputError } from "../errors/index.js";
import { resolveContributors, validateGenerationSemantics } from "../generation/scenario.js";
import { type LineGeometry, lineGeometrySchema, type Scenario, scenarioSchema } from "./schema.js";
import { locate, type PathSegment, parseSource, type ReadRelative, toPlain, validateWith } from "./source.js";
import { validateScenarioSemantics } from "./validate.js";

/**
 * Parse and fully validate a scenario. `readRelative` loads a contactLine given as a file path.
 * Returns the scenario with defaults applied and the contact line resolved.
 */
export function parseScenario(file: string, text: string, readRelative?: ReadRelative): Scenario {
  const src = parseSource(file, text);
  const data = toPlain(src);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new TruceInputError({
      file,
      line: 1,
      column: 1,
      problem: "the file must hold one object (a mapping of fields such as name, contactLine, zone).",
      fix: "Start from data/scenarios/ukraine-gcsp.yaml.",
    });
  }
  const parsed = validateWith(src, scenarioSchema, data);

  let line: LineGeometry;
  let lineSrc = src;
  let linePrefix: PathSegment[] = ["contactLine"];
  if (typeof parsed.contactLine === "string") {
    if (!readRelative) {
      throw new TruceInputError({
        file,
        ...locate(src, ["contactLine"]),
        path: "contactLine",
        problem: `refers to the file "${parsed.contactLine}", but files cannot be read here.`,
        fix: "Put the geometry inline.",
      });
    }
    const ref = readRelative(parsed.contactLine, { file, path: "contactLine" });
    lineSrc = parseSource(ref.file, ref.text);
    linePrefix = [];
    const raw = toPlain(lineSrc) as Record<string, unknown> | null;
    // Accept a bare geometry, a Feature, or a FeatureCollection holding one line feature.
    let geometry: unknown = raw;
    if (raw && raw.type === "Feature") {
      geometry = raw.geometry;
      linePrefix = ["geometry"];
    } else if (raw && raw.type === "FeatureCollection" && Array.isArray(raw.features)) {
      const i = (raw.features as Array<{ geometry?: { type?: string } }>).findIndex(
        (f) => f?.geometry?.type === "LineString" || f?.geometry?.type === "MultiLineString",
      );
      if (i < 0) {
        throw new TruceInputError({
          file: ref.file,
          line: 1,
          column: 1,
          path: "features",
          problem: "the FeatureCollection holds no LineString or MultiLineString feature.",
          fix: "Add the line of contact as a LineString feature.",
        });
      }
      geometry = (raw.features as Array<{ geometry: unknown }>)[i].geometry;
      linePrefix = ["features", i, "geometry"];
    }
    line = validateWith(lineSrc, lineGeometrySchema, geometry, linePrefix);
  } else {
    line = parsed.contactLine;
  }
  const contrib = resolveContributors(parsed.contributors, src, readRelative);
  const scenario: Scenario = { ...parsed, contactLine: line, contributors: contrib.contributors };
  validateScenarioSemantics(scenario, { src, lineSrc, linePrefix });
  validateGenerationSemantics(scenario, src, contrib.where);
  return scenario;
}
