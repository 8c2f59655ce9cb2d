/**
 * The scenario's line and zone widths in the shape the geometry code wants. A leaf (types only),
 * so that geo/zone.ts can use it without reaching into the scenario checks.
 */
import type { Position } from "../geo/types.js";
import type { Scenario } from "./schema.js";

/** Parts of the contact line as arrays of positions. */
export function lineParts(scenario: Pick<Scenario, "contactLine">): Position[][] {
  const g = scenario.contactLine;
  return g.type === "LineString" ? [g.coordinates] : g.coordinates;
}

/** Width on each side of the line, km. */
export function zoneSides(zone: Scenario["zone"]): { leftKm: number; rightKm: number } {
  if (zone.sides) return { leftKm: zone.sides.left, rightKm: zone.sides.right };
  const half = (zone.widthKm ?? 0) / 2;
  return { leftKm: half, rightKm: half };
}
