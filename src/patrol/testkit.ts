/** Small hand-made zones and scenarios for the patrol tests (no buffering needed). */
import { cumulativeKm, densify, sliceAlong } from "../geo/geodesic.js";
import type { Position, Zone } from "../geo/types.js";
import { type Scenario, scenarioSchema } from "../scenario/schema.js";

/** A zone whose sectors are equal stretches of `line`; polygons are placeholders. */
export function lineZone(line: Position[], sectors: number): Zone {
  const coords = densify(line, 1);
  const cum = cumulativeKm(coords);
  const total = cum[cum.length - 1];
  return {
    lengthKm: total,
    areaKm2: 0,
    leftKm: 5,
    rightKm: 5,
    line: { type: "MultiLineString", coordinates: [line] },
    polygon: { type: "Polygon", coordinates: [] },
    sectors: Array.from({ length: sectors }, (_, i) => {
      const a = (total * i) / sectors;
      const b = (total * (i + 1)) / sectors;
      return {
        id: `S${String(i + 1).padStart(2, "0")}`,
        index: i,
        lengthKm: b - a,
        areaKm2: 0,
        startKm: a,
        endKm: b,
        geometry: { type: "Polygon", coordinates: [] },
        line: { type: "LineString", coordinates: sliceAlong(coords, cum, a, b) },
      };
    }),
    posts: [],
    withdrawalLines: [],
    bbox: [0, 0, 0, 0],
  };
}

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
