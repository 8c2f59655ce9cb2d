/**
 * End to end (issue 19): the built `truce zone` reads the line of contact from the files planners have,
 * made here by GDAL's ogr2ogr (GeoPackage, Shapefile, KML, GPX, GeoJSON; in WGS84 and in UTM), and
 * gives the same zone as the GeoJSON input within 1e-6. It writes a GeoPackage and zipped Shapefiles
 * that ogrinfo lists with every layer. Needs `npm run build` first and Debian's gdal-bin.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "truce-geodata-"));
const truce = (...args: string[]) => spawnSync("node", ["bin/truce.js", ...args], { encoding: "utf8" });
const ogr2ogr = (...args: string[]) => execFileSync("ogr2ogr", args, { stdio: ["ignore", "pipe", "pipe"] });
const ogrinfo = (...args: string[]) =>
  execFileSync("ogrinfo", ["-ro", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A 250 km line across southern Ukraine with altitudes, as a GPS or QGIS would write it. */
const LINE_Z = [
  [35.1, 47.05, 112],
  [35.6, 47.3, 98.5],
  [36.2, 47.28, 140],
  [36.9, 47.52, 160],
  [37.6, 47.45, 121],
  [38.3, 47.7, 88],
];
const feature = (coords: number[][]) => ({
  type: "Feature",
  properties: { name: "LoC 2025", sector: "south" },
  geometry: { type: "LineString", coordinates: coords },
});

function scenario(name: string, contactLine: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\ncontactLine: ${contactLine}\nzone:\n  widthKm: 12\n  sectors: 3\n  postSpacingKm: 20\n  withdrawalLines: [{name: Artillery, km: 25}]\nmandate: {posture: monitor}\n`,
  );
  return file;
}

function zoneJson(file: string): { doc: unknown; stderr: string } {
  const r = truce("zone", file, "--json");
  if (r.status !== 0) throw new Error(`truce zone ${file} failed: ${r.stderr}`);
  return { doc: JSON.parse(r.stdout), stderr: r.stderr };
}

/** Largest difference between two JSON documents of the same shape (numbers compared, the rest must be equal). */
function maxDiff(a: unknown, b: unknown, path = ""): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) / Math.max(1, Math.abs(a));
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) throw new Error(`${path}: ${a.length} items vs ${b.length}`);
    return a.reduce((m: number, x, i) => Math.max(m, maxDiff(x, b[i], `${path}[${i}]`)), 0);
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a);
    expect(Object.keys(b)).toEqual(keys);
    return keys.reduce(
      (m, k) =>
        Math.max(m, maxDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`)),
      0,
    );
  }
  if (a !== b) throw new Error(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return 0;
}

let reference: unknown;

beforeAll(() => {
  const flat = join(dir, "line.geojson");
  const withZ = join(dir, "line-z.geojson");
  writeFileSync(
    flat,
    JSON.stringify({ type: "FeatureCollection", features: [feature(LINE_Z.map(([x, y]) => [x, y]))] }),
  );
  writeFileSync(withZ, JSON.stringify({ type: "FeatureCollection", features: [feature(LINE_Z)] }));
  ogr2ogr("-f", "GPKG", join(dir, "line.gpkg"), withZ, "-nln", "loc");
  ogr2ogr("-f", "GPKG", join(dir, "line-utm.gpkg"), withZ, "-nln", "loc", "-t_srs", "EPSG:32636");
  ogr2ogr("-f", "GPKG", join(dir, "line-3857.gpkg"), withZ, "-t_srs", "EPSG:3857");
  mkdirSync(join(dir, "shp"));
  mkdirSync(join(dir, "shp-utm"));
  ogr2ogr("-f", "ESRI Shapefile", join(dir, "shp", "line.shp"), withZ);
  ogr2ogr("-f", "ESRI Shapefile", join(dir, "shp-utm", "line.shp"), withZ, "-t_srs", "EPSG:32636");
  ogr2ogr("-f", "KML", join(dir, "line.kml"), withZ);
  ogr2ogr("-f", "GPX", join(dir, "line.gpx"), withZ, "-nlt", "MULTILINESTRING");
  ogr2ogr("-f", "GeoJSON", join(dir, "line-utm.geojson"), withZ, "-t_srs", "EPSG:32636", "-lco", "RFC7946=NO");
  reference = zoneJson(scenario("reference", "line.geojson")).doc;
});

describe("truce zone reads the line from the files planners have", () => {
  it("the made files are what the test claims (ogrinfo): UTM where asked, altitudes present", () => {
    expect(ogrinfo("-so", join(dir, "line-utm.gpkg"), "loc")).toMatch(/UTM zone 36N/);
    expect(ogrinfo("-so", join(dir, "shp-utm", "line.shp"), "line")).toMatch(/UTM zone 36N/);
    expect(ogrinfo("-so", join(dir, "line.gpkg"), "loc")).toMatch(/Geometry: 3D Line String/);
    expect(readFileSync(join(dir, "line-utm.geojson"), "utf8")).toContain("urn:ogc:def:crs:EPSG::32636");
  });

  it("a line with [lon, lat, z] gives the same zone as without z, and says once that it dropped z", () => {
    const { doc, stderr } = zoneJson(scenario("z", "line-z.geojson"));
    expect(maxDiff(reference, doc)).toBe(0);
    expect(stderr.match(/altitude or measure/g)).toHaveLength(1);
  });

  const cases: Array<[string, string, RegExp?]> = [
    ["GeoPackage (WGS84)", "{file: line.gpkg, layer: loc}"],
    ["GeoPackage (UTM 36N)", "line-utm.gpkg", /reprojected from EPSG:32636 \(UTM zone 36N\)/],
    ["Shapefile (WGS84)", "shp/line.shp"],
    ["Shapefile (UTM 36N, .prj)", "shp-utm/line.shp", /reprojected from EPSG:32636 \(UTM zone 36N\)/],
    ["KML", "{file: line.kml, where: {name: LoC 2025}}"],
    ["GPX", "{file: line.gpx, layer: tracks}"],
    ["GeoJSON (UTM 36N, legacy crs member)", "line-utm.geojson", /reprojected from EPSG:32636/],
    ["GeoPackage (Web Mercator)", "line-3857.gpkg", /reprojected from EPSG:3857 \(Web Mercator\)/],
  ];
  for (const [label, contactLine, note] of cases) {
    it(`${label}: same zone as the GeoJSON input within 1e-6`, () => {
      const { doc, stderr } = zoneJson(scenario(label.replace(/\W+/g, "-"), contactLine));
      expect(maxDiff(reference, doc)).toBeLessThan(1e-6);
      if (note) expect(stderr).toMatch(note);
      // Every file was made from the line with altitudes: the loader says once that it dropped them.
      expect(stderr.match(/altitude or measure/g)).toHaveLength(1);
    });
  }

  it("a UTM Shapefile without its .prj is refused: the file, the record, the vertex, the likely CRS and the fix", () => {
    const bare = join(dir, "bare");
    mkdirSync(bare);
    for (const ext of ["shp", "shx", "dbf"]) {
      writeFileSync(join(bare, `line.${ext}`), readFileSync(join(dir, "shp-utm", `line.${ext}`)));
    }
    const r = truce("zone", scenario("bare", "bare/line.shp"));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: .*bare\/line\.shp: record 1 \("LoC 2025"\), vertex 1: \[\d+\.?\d*, \d+\.?\d*\] is not longitude\/latitude in degrees; it looks like UTM easting\/northing in metres/,
    );
    expect(lines[0]).toContain('crs: "EPSG:32636"');
    // Declaring it, as the message says, makes the file readable.
    const fixed = zoneJson(scenario("bare-declared", '{file: bare/line.shp, crs: "EPSG:32636"}'));
    expect(maxDiff(reference, fixed.doc)).toBeLessThan(1e-6);
  });
});

describe("truce zone writes GeoPackage and Shapefiles", () => {
  const layers = ["zone", "contact_line", "sectors", "posts", "withdrawal_lines"];

  it("--gpkg: ogrinfo lists every layer with the features of the GeoJSON output, and the line reads back", () => {
    const gpkg = join(dir, "out.gpkg");
    const gj = join(dir, "out.geojson");
    const r = truce("zone", join(dir, "reference.yaml"), "--gpkg", gpkg, "--geojson", gj);
    expect(r.status).toBe(0);
    const list = ogrinfo(gpkg);
    layers.forEach((l, i) => {
      expect(list).toContain(`${i + 1}: ${l} (`);
    });
    const fc = JSON.parse(readFileSync(gj, "utf8")) as { features: Array<{ properties: { layer: string } }> };
    const count = (layer: string) => fc.features.filter((f) => f.properties.layer === layer).length;
    const expected = { zone: 1, contact_line: 1, sectors: 3, posts: count("post"), withdrawal_lines: 2 };
    for (const [layer, n] of Object.entries(expected)) {
      expect(ogrinfo("-so", gpkg, layer)).toContain(`Feature Count: ${n}`);
    }
    // GDAL agrees the polygons are valid and the sectors add up to the zone (areas in degrees², planar).
    const sql = (q: string) => Number(/= ([\d.e+-]+)/.exec(ogrinfo(gpkg, "-dialect", "SQLite", "-sql", q))?.[1]);
    expect(sql("SELECT SUM(ST_IsValid(geom)) AS v FROM sectors")).toBe(3);
    const zoneArea = sql("SELECT ST_Area(geom) AS a FROM zone");
    expect(Math.abs(sql("SELECT SUM(ST_Area(geom)) AS a FROM sectors") - zoneArea) / zoneArea).toBeLessThan(1e-3);
    const back = zoneJson(scenario("roundtrip", `{file: out.gpkg, layer: contact_line}`));
    expect(maxDiff(reference, back.doc)).toBeLessThan(1e-6);
  });

  it("--shp: a zip with one Shapefile set per layer, which ogrinfo lists", () => {
    const zip = join(dir, "out.zip");
    const r = truce("zone", join(dir, "reference.yaml"), "--shp", zip);
    expect(r.status).toBe(0);
    const list = ogrinfo(`/vsizip/${zip}`);
    for (const l of layers) expect(list).toMatch(new RegExp(`\\d: ${l} \\(`));
    expect(ogrinfo("-so", `/vsizip/${zip}`, "sectors")).toContain("Feature Count: 3");
    expect(ogrinfo("-so", `/vsizip/${zip}`, "sectors")).toMatch(/WGS 84/);
    const back = zoneJson(scenario("roundtrip-zip", "{file: out.zip, layer: contact_line}"));
    expect(maxDiff(reference, back.doc)).toBeLessThan(1e-6);
  });

  it("bad input writes no output file", () => {
    const gpkg = join(dir, "never.gpkg");
    rmSync(gpkg, { force: true });
    const r = truce("zone", scenario("missing", "nowhere.gpkg"), "--gpkg", gpkg);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("nowhere.gpkg");
    expect(existsSync(gpkg)).toBe(false);
  });
});
