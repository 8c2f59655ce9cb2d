/**
 * End to end: a line near Fiji that crosses the antimeridian, through the built `truce zone`, its
 * GeoJSON, KML and GeoPackage read back by GDAL's ogrinfo. Needs `npm run build` first and gdal-bin.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const truce = (...args: string[]) => spawnSync("node", ["bin/truce.js", ...args], { encoding: "utf8" });
const out = mkdtempSync(join(tmpdir(), "truce-am-"));
const ogrinfo = (...args: string[]) =>
  spawnSync("ogrinfo", ["-ro", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const scenario = (coords: string) => `name: Fiji
contactLine: {type: LineString, coordinates: ${coords}}
zone: {widthKm: 10, sectors: 4, withdrawalLines: [{name: heavy weapons, km: 15}]}
mandate: {posture: monitor}
`;

describe("truce zone across the antimeridian", () => {
  it("a line written as [183, …] and as a jump: the same zone, output split at ±180 that ogrinfo reads", () => {
    const areas: number[] = [];
    for (const [name, coords] of [
      ["beyond", "[[177, -17], [179, -16.2], [181.5, -16.9], [183, -16.5]]"],
      ["jump", "[[177, -17], [179, -16.2], [-178.5, -16.9], [-177, -16.5]]"],
    ]) {
      const file = join(out, `${name}.yaml`);
      writeFileSync(file, scenario(coords));
      const gj = join(out, `${name}.geojson`);
      const kml = join(out, `${name}.kml`);
      const gpkg = join(out, `${name}.gpkg`);
      const r = truce("zone", file, "--geojson", gj, "--kml", kml, "--gpkg", gpkg);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const fc = JSON.parse(readFileSync(gj, "utf8"));
      const zone = fc.features.find((f: { id: string }) => f.id === "zone");
      expect(zone.geometry.type).toBe("MultiPolygon");
      areas.push(zone.properties.areaKm2);

      const info = ogrinfo("-al", "-so", gj);
      expect(info.status).toBe(0);
      expect(info.stderr).toBe("");
      expect(Number(/Feature Count: (\d+)/.exec(info.stdout)?.[1])).toBe(fc.features.length);
      // GDAL's extent of the whole collection: split, so from -180 to 180, not 177 to 183.
      const extent = /Extent: \((-?[\d.]+), (-?[\d.]+)\) - \((-?[\d.]+), (-?[\d.]+)\)/.exec(info.stdout);
      expect(Number(extent?.[1])).toBe(-180);
      expect(Number(extent?.[3])).toBe(180);

      const kmlInfo = ogrinfo("-al", "-so", kml);
      expect(kmlInfo.status).toBe(0);
      expect(kmlInfo.stdout).toContain("zone");
      const gpkgInfo = ogrinfo("-so", gpkg);
      expect(gpkgInfo.status).toBe(0);
      for (const layer of ["zone", "contact_line", "sectors", "posts", "withdrawal_lines"])
        expect(gpkgInfo.stdout).toContain(layer);
      // The zone layer's geometry as GDAL reads it: two polygons, one on each side.
      const wkt = execFileSync("ogrinfo", ["-ro", "-q", "-geom=ISO_WKT", gpkg, "zone"], { encoding: "utf8" });
      expect(wkt.includes("MULTIPOLYGON")).toBe(true);
      const polygons = wkt.split(")),((").length;
      expect(polygons).toBe(2);
      expect(/[ (]180(\.0)? -/.test(wkt) && /[ ,(]-180(\.0)? -/.test(wkt)).toBe(true);
      expect(/[ ,(]-?(18[1-9]|19\d|[2-9]\d\d)(\.\d+)? -/.test(wkt)).toBe(false);
    }
    expect(Math.abs(areas[0] - areas[1]) / areas[0]).toBeLessThan(1e-9);
  });

  it("a line near a pole is refused with the reason, and writes nothing", () => {
    const file = join(out, "polar.yaml");
    writeFileSync(file, scenario("[[170, 85], [-170, 85.5]]"));
    const gj = join(out, "polar.geojson");
    const r = truce("zone", file, "--geojson", gj);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("too near a pole");
    expect(r.stderr).toContain("degenerates at the poles");
    expect(existsSync(gj)).toBe(false);
  });
});
