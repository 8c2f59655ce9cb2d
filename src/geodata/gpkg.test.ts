import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGpkg, readGpkgGeometry, writeGpkg } from "./gpkg.js";
import { readWkb, writeWkb } from "./wkb.js";

const dir = mkdtempSync(join(tmpdir(), "truce-gpkg-"));

describe("WKB", () => {
  it("round-trips every geometry type Truce writes", () => {
    const geometries = [
      { type: "Point", coordinates: [30.5, 48.25] },
      {
        type: "LineString",
        coordinates: [
          [30, 48],
          [31, 49],
        ],
      },
      {
        type: "MultiPolygon",
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      },
      {
        type: "MultiLineString",
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
          [
            [2, 2],
            [3, 3],
          ],
        ],
      },
    ];
    for (const g of geometries) expect(readWkb(writeWkb(g))).toEqual({ ...g, hadExtraOrdinates: false });
  });

  it("reads ISO LineString Z (type 1002) and drops Z, flagging it", () => {
    const b = new DataView(new ArrayBuffer(1 + 4 + 4 + 2 * 24));
    b.setUint8(0, 1);
    b.setUint32(1, 1002, true);
    b.setUint32(5, 2, true);
    [30, 48, 100, 31, 49, 200].forEach((v, i) => {
      b.setFloat64(9 + 8 * i, v, true);
    });
    expect(readWkb(new Uint8Array(b.buffer))).toEqual({
      type: "LineString",
      coordinates: [
        [30, 48],
        [31, 49],
      ],
      hadExtraOrdinates: true,
    });
  });

  it("a truncated blob is an error, not garbage", () => {
    const w = writeWkb({
      type: "LineString",
      coordinates: [
        [0, 0],
        [1, 1],
      ],
    });
    expect(() => readWkb(w.subarray(0, w.length - 3))).toThrow(/ends early/);
  });
});

describe("GeoPackage", () => {
  const layers = [
    {
      name: "posts",
      geometryType: "POINT",
      features: [
        { geometry: { type: "Point", coordinates: [30.5, 48.25] }, properties: { postId: "OP001", alongKm: 0.5 } },
        { geometry: { type: "Point", coordinates: [31.5, 48.75] }, properties: { postId: "OP002", alongKm: 10 } },
      ],
    },
    { name: "empty", geometryType: "MULTILINESTRING", features: [] },
  ];

  it("round-trips layers, geometries and attributes", () => {
    const back = readGpkg(writeGpkg(layers), "t.gpkg");
    expect(back.map((l) => l.name)).toEqual(["empty", "posts"]);
    const posts = back[1];
    expect(posts.crs.proj).toBeUndefined();
    expect(posts.features.map((f) => f.geometry?.coordinates)).toEqual([
      [30.5, 48.25],
      [31.5, 48.75],
    ]);
    expect(posts.features[1].properties).toEqual({ postId: "OP002", alongKm: 10 });
  });

  it("ogrinfo opens the file and sees every layer and feature", () => {
    const file = join(dir, "t.gpkg");
    writeFileSync(file, writeGpkg(layers));
    const info = execFileSync("ogrinfo", ["-ro", "-al", "-so", file], { encoding: "utf8" });
    expect(info).toMatch(/Layer name: posts[\s\S]*Feature Count: 2/);
    expect(info).toMatch(/Layer name: empty[\s\S]*Feature Count: 0/);
    expect(info).toContain("alongKm: Real");
  });

  it("reads a GeoPackage written by ogr2ogr in UTM, with its SRS", () => {
    const gj = join(dir, "l.geojson");
    writeFileSync(
      gj,
      JSON.stringify({
        type: "Feature",
        properties: { name: "LoC" },
        geometry: {
          type: "LineString",
          coordinates: [
            [35, 47],
            [36, 47.5],
          ],
        },
      }),
    );
    const out = join(dir, "utm.gpkg");
    execFileSync("ogr2ogr", ["-f", "GPKG", out, gj, "-t_srs", "EPSG:32636", "-nln", "loc"]);
    const [layer] = readGpkg(readFileSync(out), out);
    expect(layer.name).toBe("loc");
    expect(layer.crs.label).toBe("EPSG:32636 (UTM zone 36N)");
    expect(layer.features[0].properties.name).toBe("LoC");
    expect((layer.features[0].geometry as { coordinates: number[][] }).coordinates[0][0]).toBeGreaterThan(100_000);
  });

  it("names the layers when the one asked for is missing", () => {
    expect(() => readGpkg(writeGpkg(layers), "t.gpkg", "sectors")).toThrow(
      't.gpkg: has no layer "sectors". Its layers are: "empty", "posts".',
    );
  });

  it("refuses bytes that are not SQLite, and blobs that are not GeoPackage geometry", () => {
    expect(() => readGpkg(new TextEncoder().encode("hello"), "x.gpkg")).toThrow(/^x\.gpkg: this is not a GeoPackage/);
    expect(() => readGpkgGeometry(new Uint8Array(10))).toThrow(/does not start with 'GP'/);
  });
});
