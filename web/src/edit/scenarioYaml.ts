/**
 * The edited scenario as YAML: the validated scenario the server returned (defaults applied, files
 * resolved inline) with the drawn line and the zone widths put in. `truce validate` accepts it as is.
 */
import type { Position } from "geojson";
import { Document, isScalar, isSeq, visit } from "yaml";

export interface Edit {
  parts: Position[][];
  leftKm: number;
  rightKm: number;
}

export function editedScenario(base: Record<string, unknown>, edit: Edit): Record<string, unknown> {
  const zone = { ...((base.zone as Record<string, unknown> | undefined) ?? {}) };
  // One of widthKm and sides: the edit sets the sides.
  delete zone.widthKm;
  zone.sides = { left: edit.leftKm, right: edit.rightKm };
  const contactLine =
    edit.parts.length === 1
      ? { type: "LineString", coordinates: edit.parts[0] }
      : { type: "MultiLineString", coordinates: edit.parts };
  const name = String(base.name ?? "Scenario");
  return { ...base, name: name.endsWith("(edited)") ? name : `${name} (edited)`, contactLine, zone };
}

export function editedScenarioYaml(base: Record<string, unknown>, edit: Edit): string {
  const doc = new Document(editedScenario(base, edit));
  // Arrays of plain numbers (coordinate pairs) in flow style: one vertex a line, not three.
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.length > 0 && node.items.every((i) => isScalar(i) && typeof i.value === "number"))
        node.flow = true;
    },
  });
  const body = doc.toString({ lineWidth: 0 });
  return `# Edited in the Truce planner. Check it with: truce validate <this file>\n${body}`;
}
