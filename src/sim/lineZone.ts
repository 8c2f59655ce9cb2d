/**
 * A synthetic straight-line zone (equal sectors along the equator) for tests
 * and benchmarks that need sectors but no real geography.
 */
import type { Zone } from "../geo/types.js";

const KM_PER_DEG = 111.32;

export function lineZone(lengthKm: number, sectors: number, widthKm = 10): Zone {
  const seg = lengthKm / sectors;
  const half = widthKm / 2 / KM_PER_DEG;
  const box = (a: number, b: number) => ({
    type: "Polygon" as const,
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
      id: `S${String(i + 1).padStart(2, "0")}`,
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
