/**
 * Synthetic zones for tests and benchmarks that need sectors but no buffering or real geography:
 * `sectors` equal stretches of a line, `widthKm` wide.
 */
import { cumulativeKm, densify, sliceAlong } from "../../src/geo/geodesic.js";
import type { Polygon, Position, Zone } from "../../src/geo/types.js";

const KM_PER_DEG = 111.32;

/**
 * A zone along `line`. Given a length in km, the line runs east along the equator (111.32 km per
 * degree) and sectors and zone get box polygons with exact areas; given positions, sectors are
 * geodesic stretches of that line and the polygons are empty placeholders (area 0).
 * @example lineZone(600, 6) // six 100 km sectors, 10 km wide
 */
export function lineZone(line: number | Position[], sectors: number, widthKm = 10): Zone {
  if (typeof line !== "number") return alongLine(line, sectors, widthKm);
  const lengthKm = line;
  const seg = lengthKm / sectors;
  const half = widthKm / 2 / KM_PER_DEG;
  const box = (a: number, b: number): Polygon => ({
    type: "Polygon",
    coordinates: [
      [
        [a, -half],
        [b, -half],
        [b, half],
        [a, half],
        [a, -half],
      ],
    ],
  });
  return {
    lengthKm,
    areaKm2: lengthKm * widthKm,
    leftKm: widthKm / 2,
    rightKm: widthKm / 2,
    line: {
      type: "MultiLineString",
      coordinates: [
        [
          [0, 0],
          [lengthKm / KM_PER_DEG, 0],
        ],
      ],
    },
    polygon: box(0, lengthKm / KM_PER_DEG),
    sectors: Array.from({ length: sectors }, (_, i) => ({
      id: sectorId(i),
      index: i,
      lengthKm: seg,
      areaKm2: seg * widthKm,
      startKm: i * seg,
      endKm: (i + 1) * seg,
      geometry: box((i * seg) / KM_PER_DEG, ((i + 1) * seg) / KM_PER_DEG),
      line: {
        type: "LineString",
        coordinates: [
          [(i * seg) / KM_PER_DEG, 0],
          [((i + 1) * seg) / KM_PER_DEG, 0],
        ],
      },
    })),
    posts: [],
    withdrawalLines: [],
    bbox: [0, -half, lengthKm / KM_PER_DEG, half],
  };
}

function alongLine(line: Position[], sectors: number, widthKm: number): Zone {
  const coords = densify(line, 1);
  const cum = cumulativeKm(coords);
  const total = cum[cum.length - 1];
  const empty = (): Polygon => ({ type: "Polygon", coordinates: [] });
  return {
    lengthKm: total,
    areaKm2: 0,
    leftKm: widthKm / 2,
    rightKm: widthKm / 2,
    line: { type: "MultiLineString", coordinates: [line] },
    polygon: empty(),
    sectors: Array.from({ length: sectors }, (_, i) => {
      const a = (total * i) / sectors;
      const b = (total * (i + 1)) / sectors;
      return {
        id: sectorId(i),
        index: i,
        lengthKm: b - a,
        areaKm2: 0,
        startKm: a,
        endKm: b,
        geometry: empty(),
        line: { type: "LineString", coordinates: sliceAlong(coords, cum, a, b) },
      };
    }),
    posts: [],
    withdrawalLines: [],
    bbox: [0, 0, 0, 0],
  };
}

const sectorId = (i: number) => `S${String(i + 1).padStart(2, "0")}`;
