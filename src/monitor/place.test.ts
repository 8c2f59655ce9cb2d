import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/mulberry32.js";
import { cumulativeKm, destination, distanceKm, inverse, pointAlong } from "../geo/geodesic.js";
import { wrapLon } from "../geo/lon.js";
import type { Position } from "../geo/types.js";
import { computeZone } from "../geo/zone.js";
import { derivePlace, nearestOnLine, pointInPolygon, withdrawalLineFor } from "./place.js";

/** A bent line across eastern Ukraine (4 vertices, two parts). */
const parts: Position[][] = [
  [
    [36.0, 49.8],
    [37.4, 48.9],
    [37.9, 47.9],
  ],
  [
    [37.9, 47.9],
    [36.6, 47.1],
  ],
];

/** Brute force: sample every segment's geodesic every ~10 m and take the nearest sample. */
function bruteNearest(p: Position): number {
  let best = Number.POSITIVE_INFINITY;
  for (const part of parts)
    for (let i = 1; i < part.length; i++) {
      const inv = inverse(part[i - 1], part[i]);
      const n = Math.ceil(inv.distanceKm / 0.01);
      for (let k = 0; k <= n; k++)
        best = Math.min(best, distanceKm(p, destination(part[i - 1], inv.azimuth1, (inv.distanceKm * k) / n)));
    }
  return best;
}

describe("nearestOnLine", () => {
  it("matches a brute-force geodesic search within 1 m", () => {
    const r = mulberry32(11);
    for (let k = 0; k < 12; k++) {
      const p: Position = [36.2 + r() * 1.8, 47.2 + r() * 2.4];
      const got = nearestOnLine(parts, p)!;
      expect(Math.abs(got.distanceKm - bruteNearest(p))).toBeLessThan(0.001);
    }
  });

  it("gives the exact distance along a perpendicular geodesic, and the side", () => {
    const meridian: Position[][] = [
      [
        [30, 47],
        [30, 49],
      ],
    ];
    for (const km of [0.5, 10, 50, 140]) {
      const east = nearestOnLine(meridian, destination([30, 48], 90, km))!;
      expect(east.distanceKm).toBeCloseTo(km, 5);
      expect(east.side).toBe("right"); // walking north, east is on the right
      const west = nearestOnLine(meridian, destination([30, 48], 270, km))!;
      expect(west.side).toBe("left");
      expect(west.alongKm).toBeCloseTo(distanceKm([30, 47], [30, 48]), 0);
    }
  });
});

describe("pointInPolygon", () => {
  it("respects holes", () => {
    const poly = {
      type: "Polygon" as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [4, 4],
          [6, 4],
          [6, 6],
          [4, 6],
          [4, 4],
        ],
      ],
    };
    expect(pointInPolygon([2, 2], poly)).toBe(true);
    expect(pointInPolygon([5, 5], poly)).toBe(false);
    expect(pointInPolygon([11, 5], poly)).toBe(false);
  });
});

describe("withdrawal lines", () => {
  const zone = {
    withdrawalLines: [
      { name: "Artillery of 100 mm and more", km: 50 },
      { name: "Multiple rocket launchers", km: 75 },
      { name: "Long-range systems", km: 150 },
      { name: "Mortars and tanks", km: 15 },
    ],
  } as unknown as Parameters<typeof withdrawalLineFor>[0];
  it("applies the scenario's lines to weapon classes by name", () => {
    expect(withdrawalLineFor(zone, "artillery_ge100mm")?.km).toBe(50);
    expect(withdrawalLineFor(zone, "mlrs")?.km).toBe(75);
    expect(withdrawalLineFor(zone, "long_range")?.km).toBe(150);
    expect(withdrawalLineFor(zone, "tank")?.km).toBe(15);
    expect(withdrawalLineFor(zone, "mortar_120mm")?.km).toBe(15);
    expect(withdrawalLineFor(zone, "small_arms")).toBeNull();
  });

  it("derivePlace across the antimeridian: a point at -179.9 lies in a zone carried as 177 → 183", () => {
    const zone = computeZone({
      contactLine: {
        type: "LineString",
        coordinates: [
          [177, -17],
          [-177, -16.5],
        ],
      },
      zone: { ends: "flat", postSpacingKm: 10, withdrawalLines: [], widthKm: 10, sectors: 2 },
    });
    expect(zone.bbox[2]).toBeGreaterThan(180);
    const on = pointAlong(zone.line.coordinates[0], cumulativeKm(zone.line.coordinates[0]), 400).point;
    const d = derivePlace([{ id: "fiji", zone }], wrapLon(on[0]), on[1]);
    expect(on[0]).toBeGreaterThan(180);
    expect(d.zoneId).toBe("fiji");
    expect(d.inZone).toBe(true);
    expect(d.sectorId).toBe("S02");
    expect(d.distanceToLineKm).toBeLessThan(0.01);
  });

  it("derivePlace returns no zone far from every line", () => {
    expect(derivePlace([], 30, 48).zoneId).toBeNull();
  });
});
