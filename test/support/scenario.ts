/** Small hand-made scenarios for the patrol tests (zones: lineZone.ts). */
import type { Position } from "../../src/geo/types.js";
import { type Scenario, scenarioSchema } from "../../src/scenario/schema.js";

/** A validated scenario around `line` with extra sections (sites, patrol, force). */
export function testScenario(line: Position[], extra: Record<string, unknown>): Scenario {
  return scenarioSchema.parse({
    name: "test",
    contactLine: { type: "LineString", coordinates: line },
    zone: { widthKm: 10, sectors: 2 },
    mandate: { posture: "monitor" },
    ...extra,
  }) as Scenario;
}
