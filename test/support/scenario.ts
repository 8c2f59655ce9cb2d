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

/** A straight 80 km line along 45° N (two sectors of ~40 km with lineZone(TEST_LINE, 2)). */
export const TEST_LINE: Array<[number, number]> = [
  [20.0, 45.0],
  [21.02, 45.0],
];

/** Sites near TEST_LINE, one of each kind; the bridge is pinned to sector S01. */
export const TEST_SITES = [
  { id: "MON", name: "A monastery", type: "monastery", lon: 20.1, lat: 45.05 },
  { id: "VIL", name: "A village", type: "village", lon: 20.3, lat: 44.97 },
  { id: "XING", name: "A crossing", type: "crossing", lon: 20.8, lat: 45.0 },
  { id: "BRIDGE", name: "A bridge", type: "infrastructure", lon: 20.9, lat: 45.02, sector: "S01" },
];

/** TEST_SITES with the given ids, in that order. */
export function testSites(...ids: string[]): typeof TEST_SITES {
  return ids.map((id) => {
    const site = TEST_SITES.find((s) => s.id === id);
    if (!site) throw new Error(`no test site ${id}`);
    return site;
  });
}
