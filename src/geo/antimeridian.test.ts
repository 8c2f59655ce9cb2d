import Coordinate from "jsts/org/locationtech/jts/geom/Coordinate.js";
import GeometryFactory from "jsts/org/locationtech/jts/geom/GeometryFactory.js";
import IsValidOp from "jsts/org/locationtech/jts/operation/valid/IsValidOp.js";
import { describe, expect, it } from "vitest";
import { polylineBufferAreaKm2 } from "../../test/support/geoReference.js";
import type { Scenario } from "../scenario/schema.js";
import { splitAtAntimeridian, unwrapParts, wrapLon } from "./antimeridian.js";
import { distanceKm, equalAreaKm2, meridianCrossingLat } from "./geodesic.js";
import { zoneToGeoJson } from "./geojson.js";
import { featureCollectionToKml } from "./kml.js";
import type { MultiPolygon, Polygon, Position } from "./types.js";
import { computeZone } from "./zone.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// A line near Fiji with corners, across the antimeridian, written three ways.
const FIJI_CONTINUOUS: Position[] = [
  [177, -17],
  [179, -16.2],
  [181.5, -16.9],
  [183, -16.5],
];
const FIJI_JUMP: Position[] = FIJI_CONTINUOUS.map(([x, y]) => [wrapLon(x), y]);
const FIJI_WEST: Position[] = FIJI_CONTINUOUS.map(([x, y]) => [x - 360, y]);

function scenarioOf(coords: Position[], zone: Partial<Scenario["zone"]> = {}): Pick<Scenario, "contactLine" | "zone"> {
  return {
    contactLine: { type: "LineString", coordinates: coords } as Scenario["contactLine"],
    zone: { ends: "flat", postSpacingKm: 10, withdrawalLines: [], widthKm: 10, sectors: 5, ...zone },
  };
}

const gf = new GeometryFactory();
function isValidPolygon(g: Polygon | MultiPolygon): boolean {
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const jts = polys.map((rings) => {
    const [shell, ...holes] = rings.map((r) => gf.createLinearRing(r.map(([x, y]) => new Coordinate(x, y))));
    return gf.createPolygon(shell, holes);
  });
  return new IsValidOp(jts.length === 1 ? jts[0] : gf.createMultiPolygon(jts)).isValid();
}

function positions(c: unknown): Position[] {
  return typeof (c as number[])[0] === "number" ? [c as Position] : (c as unknown[]).flatMap(positions);
}

describe("longitudes across the antimeridian", () => {
  it("unwrapParts makes a jump continuous, brings the first vertex into [-180, 180] and leaves other lines alone", () => {
    expect(unwrapParts([FIJI_JUMP])).toEqual([FIJI_CONTINUOUS]);
    expect(unwrapParts([FIJI_WEST])).toEqual([FIJI_CONTINUOUS]);
    const plain = [
      [
        [30, 48],
        [31, 48],
      ],
    ] as Position[][];
    expect(unwrapParts(plain)).toBe(plain);
    // A second part starting across the line stays beside the first.
    const parts = unwrapParts([
      [
        [179, 0],
        [179.5, 0],
      ],
      [
        [-179.5, 0],
        [-179, 0],
      ],
    ]);
    expect(parts[1]).toEqual([
      [180.5, 0],
      [181, 0],
    ]);
  });

  it("splitAtAntimeridian cuts a line where its geodesic crosses 180°, and returns other geometries as they are", () => {
    const g = splitAtAntimeridian({
      type: "LineString",
      coordinates: [
        [177, -17],
        [183, -16.5],
      ],
    }) as { type: string; coordinates: Position[][] };
    expect(g.type).toBe("MultiLineString");
    const [west, east] = g.coordinates;
    expect(west[west.length - 1][0]).toBe(180);
    expect(east[0][0]).toBe(-180);
    expect(east[0][1]).toBe(west[west.length - 1][1]);
    const lat = meridianCrossingLat([177, -17], [183, -16.5], 180);
    expect(west[1][1]).toBe(lat);
    // The geodesic bows towards the equator's far side from the chord: not the chord's -16.75.
    expect(Math.abs(lat + 16.75)).toBeGreaterThan(1e-3);
    expect(east[1]).toEqual([-177, -16.5]);
    const point = { type: "Point", coordinates: [30, 48] };
    expect(splitAtAntimeridian(point)).toBe(point);
    expect(splitAtAntimeridian({ type: "Point", coordinates: [181, 1] }).coordinates).toEqual([-179, 1]);
  });
});

describe("a zone near Fiji, across the antimeridian", () => {
  const continuous = computeZone(scenarioOf(FIJI_CONTINUOUS));
  const jump = computeZone(scenarioOf(FIJI_JUMP));
  const west = computeZone(scenarioOf(FIJI_WEST));

  it("has the geodesic reference's area within 0.01%, written as [183, …], as a jump, or as [-183, …]", () => {
    const reference = polylineBufferAreaKm2(FIJI_CONTINUOUS, 5, 5);
    for (const z of [continuous, jump, west]) {
      expect(rel(z.areaKm2, reference)).toBeLessThan(1e-4);
      expect(rel(z.lengthKm, continuous.lengthKm)).toBeLessThan(1e-12);
      expect(rel(z.areaKm2, continuous.areaKm2)).toBeLessThan(1e-9);
    }
    // The same line moved 20° west (off the antimeridian) gives the same zone: the ellipsoid is symmetric.
    const moved = computeZone(scenarioOf(FIJI_CONTINUOUS.map(([x, y]) => [x - 20, y])));
    expect(rel(continuous.areaKm2, moved.areaKm2)).toBeLessThan(1e-6);
    expect(continuous.posts.length).toBe(moved.posts.length);
  });

  it("sectors partition the zone, and posts are postSpacingKm apart across the antimeridian", () => {
    for (const z of [continuous, jump]) {
      const sum = z.sectors.reduce((s, x) => s + x.areaKm2, 0);
      expect(rel(sum, z.areaKm2)).toBeLessThan(1e-6);
      expect(isValidPolygon(z.polygon)).toBe(true);
      // The zone's box is in continuous longitudes, a few km beyond the line's ends.
      expect(z.bbox[0]).toBeGreaterThan(176.9);
      expect(z.bbox[2]).toBeGreaterThan(183);
      expect(z.bbox[2]).toBeLessThan(183.1);
    }
    const fc = zoneToGeoJson(jump, "Fiji");
    const posts = fc.features
      .filter((f) => f.properties.layer === "post")
      .map((f) => f.geometry.coordinates as Position);
    expect(posts.some(([x]) => x > 179) && posts.some(([x]) => x < -179)).toBe(true);
    for (let i = 1; i < posts.length; i++) {
      // Consecutive posts are 10 km apart along the line; at a corner the chord is a little shorter.
      const d = distanceKm(posts[i - 1], posts[i]);
      expect(d).toBeGreaterThan(9);
      expect(d).toBeLessThan(10 + 1e-6);
      // The pair that straddles 180° lies on the straight stretch between the corners at 179° and 181.5°.
      if (posts[i - 1][0] > 0 && posts[i][0] < 0) expect(Math.abs(d - 10)).toBeLessThan(1e-6);
    }
    // Each post is where the same line moved 20° west has its post, moved back.
    const moved = computeZone(scenarioOf(FIJI_CONTINUOUS.map(([x, y]) => [x - 20, y])));
    moved.posts.forEach((p, i) => {
      expect(distanceKm([wrapLon(p.lon + 20), p.lat], posts[i])).toBeLessThan(1e-6);
    });
  });

  it("writes RFC 7946 output: longitudes in [-180, 180], zone and sectors split at 180° into valid parts that add up", () => {
    const z = computeZone(scenarioOf(FIJI_JUMP, { withdrawalLines: [{ name: "heavy weapons", km: 15 }] }));
    const fc = zoneToGeoJson(z, "Fiji");
    for (const f of fc.features) {
      for (const [x, y] of positions(f.geometry.coordinates)) {
        expect(x).toBeGreaterThanOrEqual(-180);
        expect(x).toBeLessThanOrEqual(180);
        expect(Math.abs(y)).toBeLessThan(90);
      }
    }
    const zoneGeom = fc.features.find((f) => f.id === "zone")?.geometry as MultiPolygon;
    expect(zoneGeom.type).toBe("MultiPolygon");
    const sides = zoneGeom.coordinates.map((p) => Math.sign(p[0][0][0] + p[0][1][0] + p[0][2][0]));
    expect(new Set(sides)).toEqual(new Set([1, -1]));
    expect(isValidPolygon(zoneGeom)).toBe(true);
    expect(rel(equalAreaKm2(zoneGeom), z.areaKm2)).toBeLessThan(1e-9);
    const sectorArea = fc.features
      .filter((f) => f.properties.layer === "sector")
      .reduce((s, f) => {
        const g = f.geometry as Polygon | MultiPolygon;
        expect(isValidPolygon(g)).toBe(true);
        return s + equalAreaKm2(g);
      }, 0);
    expect(rel(sectorArea, z.areaKm2)).toBeLessThan(1e-6);
    // The line and the withdrawal lines are cut into a part on each side, meeting at ±180.
    for (const f of fc.features.filter(
      (x) => x.properties.layer === "contactLine" || x.properties.layer === "withdrawalLine",
    )) {
      const parts = f.geometry.coordinates as Position[][];
      expect(f.geometry.type).toBe("MultiLineString");
      const ends = parts.flatMap((p) => [p[0][0], p[p.length - 1][0]]);
      expect(ends).toContain(180);
      expect(ends).toContain(-180);
    }
    const kml = featureCollectionToKml(fc);
    const lons = [...kml.matchAll(/(-?\d+\.\d+),-?\d+\.\d+/g)].map((m) => Number(m[1]));
    expect(lons.length).toBeGreaterThan(100);
    expect(Math.max(...lons.map(Math.abs))).toBeLessThanOrEqual(180);
  });
});
