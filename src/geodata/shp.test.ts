import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as shapefile from "shapefile";
import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { readDbf, readShp, WGS84_PRJ, writeDbf, writeShapefile } from "./shp.js";

const dir = mkdtempSync(join(tmpdir(), "truce-shp-"));

/** Signed planar area (positive = counter-clockwise). */
const signedArea = (ring: number[][]) => {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
};

describe("Shapefile writer and reader", () => {
  const lines = [
    {
      geometry: {
        type: "MultiLineString" as const,
        coordinates: [
          [
            [30, 48],
            [31, 48.5],
          ],
          [
            [31, 48.5],
            [32, 48.2],
            [33, 48.9],
          ],
        ],
      },
      properties: { name: "Лінія", km: 12.5, n: 3 },
    },
  ];

  it("round-trips lines and attributes, and the shapefile package reads the same records", async () => {
    const { shp, shx, dbf } = writeShapefile("line", lines);
    expect(shx.length).toBe(108);
    const back = readShp(shp, "t.shp");
    expect(back.shapeType).toBe("PolyLine");
    expect(back.records[0].geometry?.parts).toEqual([
      [30, 48, 31, 48.5],
      [31, 48.5, 32, 48.2, 33, 48.9],
    ]);
    expect(readDbf(dbf, "t.dbf")).toEqual([{ name: "Лінія", km: 12.5, n: 3 }]);
    const other = await shapefile.read(shp, dbf, { encoding: "utf-8" });
    expect(other.features[0].geometry).toEqual(lines[0].geometry);
    expect(other.features[0].properties).toEqual({ name: "Лінія", km: 12.5, n: 3 });
  });

  it("writes polygons with clockwise outer rings and counter-clockwise holes, as ESRI requires", () => {
    const outer = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const hole = [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
      [1, 1],
    ];
    expect(signedArea(outer)).toBeGreaterThan(0);
    const { shp } = writeShapefile("polygon", [
      { geometry: { type: "MultiPolygon", coordinates: [[outer, [...hole].reverse()]] }, properties: { id: "a" } },
    ]);
    const [ring0, ring1] = readShp(shp, "p.shp").records[0].geometry?.parts ?? [];
    const pairs = (flat: number[]) => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
    expect(signedArea(pairs(ring0))).toBeLessThan(0);
    expect(signedArea(pairs(ring1))).toBeGreaterThan(0);
  });

  it("GDAL opens what it writes: ogrinfo counts the features and fields", () => {
    const { shp, shx, dbf } = writeShapefile("point", [
      { geometry: { type: "Point", coordinates: [30.5, 48.25] }, properties: { postId: "OP001", alongKm: 0 } },
      { geometry: { type: "Point", coordinates: [31.5, 48.75] }, properties: { postId: "OP002", alongKm: 10 } },
    ]);
    writeFileSync(join(dir, "posts.shp"), shp);
    writeFileSync(join(dir, "posts.shx"), shx);
    writeFileSync(join(dir, "posts.dbf"), dbf);
    writeFileSync(join(dir, "posts.prj"), WGS84_PRJ);
    const info = execFileSync("ogrinfo", ["-ro", "-al", join(dir, "posts.shp")], { encoding: "utf8" });
    expect(info).toContain("Feature Count: 2");
    expect(info).toContain("POINT (31.5 48.75)");
    expect(info).toMatch(/postId \(String\) = OP002/);
  });

  it("reads PolyLineZ written by ogr2ogr, and says it dropped the Z values", () => {
    const gj = join(dir, "z.geojson");
    writeFileSync(
      gj,
      JSON.stringify({
        type: "Feature",
        properties: { name: "z" },
        geometry: {
          type: "LineString",
          coordinates: [
            [30, 48, 100],
            [31, 48, 200],
          ],
        },
      }),
    );
    execFileSync("ogr2ogr", ["-f", "ESRI Shapefile", join(dir, "z.shp"), gj]);
    const r = readShp(readFileSync(join(dir, "z.shp")), "z.shp");
    expect(r.shapeType).toBe("PolyLineZ");
    expect(r.records[0].hadExtraOrdinates).toBe(true);
    expect(r.records[0].geometry?.parts).toEqual([[30, 48, 31, 48]]);
  });

  it("refuses a file that is not a Shapefile with the file's name and a fix", () => {
    const e = (() => {
      try {
        readShp(new TextEncoder().encode("x".repeat(200)), "line.shp");
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(TruceInputError);
    expect((e as Error).message).toMatch(
      /^line\.shp: this is not a readable Shapefile: the file code is not 9994\. Export/,
    );
  });

  it("DBF: numbers, text cut on a character boundary, deleted records skipped", () => {
    const bytes = writeDbf([{ s: "ab" }, { s: "€€€" }]);
    expect(readDbf(bytes, "t.dbf")).toEqual([{ s: "ab" }, { s: "€€€" }]);
    bytes[bytes.length - 1 - 10] = 0x2a; // mark the second record (width 1 + 9 bytes) deleted
    expect(readDbf(bytes, "t.dbf")).toEqual([{ s: "ab" }]);
  });
});
