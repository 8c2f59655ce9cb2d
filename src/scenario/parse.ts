/**
 * Parse scenario text (YAML or JSON) and validate it, turning every problem into
 * one TruceInputError that points at the file, line, column and field.
 *
 * Pure apart from `readRelative`, which the caller supplies (the file loader
 * reads from disk, the server from an upload bundle), so this is testable alone.
 */
import { TruceInputError } from "../errors/index.js";
import { resolveContributors, validateGenerationSemantics } from "../generation/scenario.js";
import { to2d } from "../geodata/index.js";
import { resolveContactLine } from "./contactLine.js";
import { type LineGeometry, type Scenario, scenarioSchema } from "./schema.js";
import { parseSource, type ReadRelative, type ReadRelativeBytes, toPlain, validateWith } from "./source.js";
import { validateScenarioSemantics } from "./validate.js";

/** Notes for the user that do not stop loading (e.g. altitudes dropped), kept beside the scenario object. */
const warnings = new WeakMap<Scenario, string[]>();

/** What the loader noticed but accepted, one sentence each; the CLI prints them to stderr. */
export function scenarioWarnings(scenario: Scenario): readonly string[] {
  return warnings.get(scenario) ?? [];
}

/**
 * Parse and fully validate a scenario. `readRelative` loads a contactLine given as a file path;
 * `readBytes` loads binary line files (.shp, .gpkg) and their sidecars.
 * Returns the scenario with defaults applied and the contact line resolved.
 */
export function parseScenario(
  file: string,
  text: string,
  readRelative?: ReadRelative,
  readBytes?: ReadRelativeBytes,
): Scenario {
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

  const resolved = resolveContactLine(src, parsed.contactLine, readRelative, readBytes);
  const flat = to2d(resolved.line);
  const notes = [...resolved.notes];
  if (flat.dropped > 0) {
    notes.push(
      `${resolved.lineSrc.file}: ${flat.dropped} of ${flat.total} positions of the line of contact carry altitude or measure values; Truce uses longitude and latitude only and ignored them (outputs are 2-D).`,
    );
  }
  const line: LineGeometry = flat.line;
  const { lineSrc, linePrefix } = resolved;
  const contrib = resolveContributors(parsed.contributors, src, readRelative);
  const scenario: Scenario = { ...parsed, contactLine: line, contributors: contrib.contributors };
  validateScenarioSemantics(scenario, { src, lineSrc, linePrefix });
  validateGenerationSemantics(scenario, src, contrib.where);
  if (notes.length > 0) warnings.set(scenario, notes);
  return scenario;
}
