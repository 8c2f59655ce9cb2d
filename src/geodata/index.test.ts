import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { loadScenarioFile } from "../scenario/load.js";
import { parseScenario, scenarioWarnings } from "../scenario/parse.js";
import { zoneToShapefileZip } from "./export.js";
import { writeGpkg } from "./gpkg.js";
import { readLineFile, to2d } from "./index.js";
import { writeShapefile } from "./shp.js";

const enc = new TextEncoder();
const none = () => undefined;

function errorOf(fn: () => unknown): TruceInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TruceInputError) return e;
    throw e;
  }
  throw new Error("expected a TruceInputError");
}

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>HQ</name><Point><coordinates>30,48,0</coordinates></Point></Placemark>
  <Placemark><name>LoC north</name><MultiGeometry>
    <LineString><coordinates>30,48,10 31,48.5,20</coordinates></LineString>
    <LineString><coordinates>31,48.5,20 32,48.2,30</coordinates></LineString>
  </MultiGeometry></Placemark>
  <Placemark><name>LoC south</name><LineString><coordinates>30,46 31,46.5</coordinates></LineString></Placemark>
</Document></kml>`;

const GPX = `<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="48" lon="30"><name>start</name></wpt>
  <rte><name>planned</name><rtept lat="48" lon="30"/><rtept lat="48.5" lon="31"/></rte>
  <trk><name>walked</name><trkseg><trkpt lat="48" lon="30"><ele>120</ele></trkpt><trkpt lat="48.4" lon="31.1"><ele>130</ele></trkpt></trkseg></trk>
</gpx>`;

describe("readLineFile: KML and GPX", () => {
  it("KML: picks the placemark by name; a MultiGeometry of lines becomes a MultiLineString without altitudes", () => {
    const line = readLineFile({ file: "l.kml", where: { name: "LoC north" } }, "l.kml", enc.encode(KML), none);
    expect(line.geometry).toEqual({
      type: "MultiLineString",
      coordinates: [
        [
          [30, 48],
          [31, 48.5],
        ],
        [
          [31, 48.5],
          [32, 48.2],
        ],
      ],
    });
    expect(line.droppedExtraOrdinates).toBe(true);
    expect(line.source).toBe('placemark 2 ("LoC north")');
  });

  it("KML: two candidate lines is a refusal that lists them and says how to pick", () => {
    const e = errorOf(() => readLineFile({ file: "l.kml" }, "l.kml", enc.encode(KML), none));
    expect(e.message).toBe(
      'l.kml: 2 line features could be the line of contact: placemark 2 ("LoC north"); placemark 3 ("LoC south"). Pick one with where, e.g. where: {name: "…"}, or merge them into one line first.',
    );
  });

  it("KML: layer picks a folder (sub-folders included) and names the folders when it is missing", () => {
    const foldered = KML.replace("<Document>", "<Document><Folder><name>2025</name><Folder><name>north</name>")
      .replace("</MultiGeometry></Placemark>", "</MultiGeometry></Placemark></Folder></Folder><Folder><name>old</name>")
      .replace("</Document>", "</Folder></Document>");
    const line = readLineFile({ file: "l.kml", layer: "2025" }, "l.kml", enc.encode(foldered), none);
    expect(line.source).toBe('layer "2025", placemark 2 ("LoC north")');
    expect(
      readLineFile({ file: "l.kml", layer: "old" }, "l.kml", enc.encode(foldered), none).geometry.coordinates,
    ).toEqual([
      [30, 46],
      [31, 46.5],
    ]);
    expect(
      errorOf(() => readLineFile({ file: "l.kml", layer: "x" }, "l.kml", enc.encode(foldered), none)).message,
    ).toBe('l.kml: at contactLine.layer: has no folder "x". Its folders are: "2025", "north", "old".');
  });

  it("GPX: layer tracks or routes chooses between a track and a route", () => {
    const trk = readLineFile({ file: "g.gpx", layer: "tracks" }, "g.gpx", enc.encode(GPX), none);
    expect(trk.geometry.coordinates).toEqual([
      [30, 48],
      [31.1, 48.4],
    ]);
    expect(trk.droppedExtraOrdinates).toBe(true);
    const rte = readLineFile({ file: "g.gpx", layer: "routes" }, "g.gpx", enc.encode(GPX), none);
    expect(rte.geometry.coordinates).toEqual([
      [30, 48],
      [31, 48.5],
    ]);
    expect(
      errorOf(() => readLineFile({ file: "g.gpx", layer: "waypoints" }, "g.gpx", enc.encode(GPX), none)).message,
    ).toContain("Use layer: tracks or layer: routes.");
  });

  it("broken XML names the line and column", () => {
    const e = errorOf(() => readLineFile({ file: "b.kml" }, "b.kml", enc.encode("<kml>\n<Placemark></kml>"), none));
    expect(e.detail.file).toBe("b.kml");
    expect(e.detail.line).toBe(2);
    expect(e.message).toMatch(/not valid KML/);
  });
});

describe("readLineFile: Shapefile, GeoPackage and CRS", () => {
  const utmLine = [
    [412_000, 5_210_000],
    [480_000, 5_260_000],
  ];

  it("projected coordinates without a CRS: the refusal names the feature, the vertex, UTM, and how to declare it", () => {
    const { shp } = writeShapefile("line", [
      { geometry: { type: "LineString", coordinates: utmLine }, properties: {} },
    ]);
    const e = errorOf(() => readLineFile({ file: "l.shp" }, "l.shp", shp, none));
    expect(e.message).toMatch(
      /^l\.shp: record 1, vertex 1: \[412000, 5210000\] is not longitude\/latitude in degrees; it looks like UTM easting\/northing/,
    );
    expect(e.message).toContain('crs: "EPSG:32636"');
    // Declaring the CRS in the scenario makes the same file readable.
    const ok = readLineFile({ file: "l.shp", crs: "EPSG:32636" }, "l.shp", shp, none);
    expect(ok.crs).toBe("EPSG:32636 (UTM zone 36N)");
    expect(ok.geometry.coordinates[0][0]).toBeCloseTo(31.83, 1);
  });

  it("a .prj beside the .shp is used; attributes from the .dbf feed `where`", () => {
    const { shp, dbf } = writeShapefile("line", [
      { geometry: { type: "LineString", coordinates: utmLine }, properties: { name: "a" } },
      {
        geometry: { type: "LineString", coordinates: utmLine.map(([x, y]) => [x, y + 1000]) },
        properties: { name: "b" },
      },
    ]);
    const prj = enc.encode(
      'PROJCS["WGS 84 / UTM zone 36N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",33],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],UNIT["metre",1],AUTHORITY["EPSG","32636"]]',
    );
    const side = (ext: string) => ({ ".dbf": dbf, ".prj": prj })[ext];
    const b = readLineFile({ file: "l.shp", where: { name: "b" } }, "l.shp", shp, side);
    expect(b.source).toBe('record 2 ("b")');
    expect(b.crs).toBe("EPSG:32636 (UTM zone 36N)");
    const e = errorOf(() => readLineFile({ file: "l.shp", where: { name: "c" } }, "l.shp", shp, side));
    expect(e.message).toBe(
      'l.shp: there is no line feature matching where: {"name":"c"} in the file. Check the property names and values in `where` (they are case-sensitive), or remove `where`.',
    );
  });

  it("a polygon layer is refused in a planner's words", () => {
    const bytes = writeGpkg([
      {
        name: "area",
        geometryType: "POLYGON",
        features: [
          {
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [30, 48],
                  [31, 48],
                  [31, 49],
                  [30, 48],
                ],
              ],
            },
            properties: {},
          },
        ],
      },
    ]);
    expect(errorOf(() => readLineFile({ file: "a.gpkg" }, "a.gpkg", bytes, none)).message).toBe(
      "a.gpkg: there is no line feature in the file (only Polygon geometries). The line of contact must be a LineString or MultiLineString; draw it as a line (not a polygon or points).",
    );
  });

  it("a zipped Shapefile set: each .shp is a layer; two line layers make Truce ask which", () => {
    const line = [
      [30, 48],
      [31, 48.5],
    ];
    const zip = zoneToShapefileZip([
      {
        properties: { layer: "contactLine", name: "Line of contact" },
        geometry: { type: "MultiLineString", coordinates: [line] },
      },
      {
        properties: { layer: "withdrawalLine", name: "Art (10 km, left)" },
        geometry: { type: "MultiLineString", coordinates: [line.map(([x, y]) => [x, y + 0.1])] },
      },
      { properties: { layer: "post", name: "OP001" }, geometry: { type: "Point", coordinates: [30, 48] } },
    ]);
    const got = readLineFile({ file: "z.zip", layer: "contact_line" }, "z.zip", zip, none);
    expect(got.geometry).toEqual({ type: "LineString", coordinates: line });
    expect(got.source).toBe('layer "contact_line", record 1 ("Line of contact")');
    const e = errorOf(() => readLineFile({ file: "z.zip" }, "z.zip", zip, none));
    expect(e.message).toContain('Pick the layer (layer: "contact_line")');
    expect(errorOf(() => readLineFile({ file: "z.zip", layer: "loc" }, "z.zip", zip, none)).message).toBe(
      'z.zip: at contactLine.layer: the zip holds no Shapefile "loc.shp". Its layers are: "contact_line", "posts", "withdrawal_lines".',
    );
    expect(errorOf(() => readLineFile({ file: "bad.zip" }, "bad.zip", enc.encode("PK nope"), none)).message).toMatch(
      /^bad\.zip: the zip cannot be read/,
    );
  });

  it("an unknown declared CRS says which codes work", () => {
    const { shp } = writeShapefile("line", [
      { geometry: { type: "LineString", coordinates: utmLine }, properties: {} },
    ]);
    expect(errorOf(() => readLineFile({ file: "l.shp", crs: "EPSG:99999" }, "l.shp", shp, none)).message).toContain(
      'Give an EPSG code: "EPSG:4326"',
    );
  });
});

describe("scenario: positions with altitude and measure, GeoJSON crs", () => {
  const scenario = (coords: string) =>
    `name: T\ncontactLine:\n  type: LineString\n  coordinates: ${coords}\nzone: {widthKm: 10}\nmandate: {posture: monitor}\n`;

  it("[lon, lat, z] and [lon, lat, z, m] give the same line as [lon, lat], and the loader says so once", () => {
    const flat = parseScenario("s.yaml", scenario("[[30, 48], [31, 48.5], [32, 48.2]]"));
    const z = parseScenario("s.yaml", scenario("[[30, 48, 120], [31, 48.5, 130.5], [32, 48.2, 90]]"));
    const zm = parseScenario("s.yaml", scenario("[[30, 48, 120, 0], [31, 48.5, 130.5, 1], [32, 48.2]]"));
    expect(z.contactLine).toEqual(flat.contactLine);
    expect(zm.contactLine).toEqual(flat.contactLine);
    expect(scenarioWarnings(flat)).toEqual([]);
    expect(scenarioWarnings(z)).toHaveLength(1);
    expect(scenarioWarnings(zm)[0]).toBe(
      "s.yaml: 2 of 3 positions of the line of contact carry altitude or measure values; Truce uses longitude and latitude only and ignored them (outputs are 2-D).",
    );
  });

  it("five numbers in a position is refused at that vertex", () => {
    const e = errorOf(() => parseScenario("s.yaml", scenario("[[30, 48], [31, 48, 1, 2, 3]]")));
    expect(e.detail.path).toBe("contactLine.coordinates[1]");
    expect(e.message).toContain("at most 4 numbers");
  });

  it("inline metres are refused at the vertex, with line and column, naming UTM", () => {
    const e = errorOf(() => parseScenario("s.yaml", scenario("[[412000, 5210000], [480000, 5260000]]")));
    expect(e.detail.path).toBe("contactLine.coordinates[0]");
    expect(e.detail.line).toBe(4);
    expect(e.message).toContain("it looks like UTM easting/northing in metres");
  });

  it("a GeoJSON file with a legacy crs member is reprojected; the same file without it is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "truce-crs-"));
    const feature = {
      type: "Feature",
      properties: { name: "LoC" },
      geometry: {
        type: "LineString",
        coordinates: [
          [412_000, 5_210_000],
          [480_000, 5_260_000],
        ],
      },
    };
    const fc = (crs?: object) =>
      JSON.stringify({ type: "FeatureCollection", ...(crs ? { crs } : {}), features: [feature] });
    writeFileSync(join(dir, "utm.geojson"), fc({ type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32636" } }));
    writeFileSync(join(dir, "bare.geojson"), fc());
    const yaml = (f: string, extra = "") =>
      `name: T\ncontactLine: {file: ${f}${extra}}\nzone: {widthKm: 10}\nmandate: {posture: monitor}\n`;
    writeFileSync(join(dir, "a.yaml"), yaml("utm.geojson"));
    writeFileSync(join(dir, "b.yaml"), yaml("bare.geojson"));
    writeFileSync(join(dir, "c.yaml"), yaml("bare.geojson", ", crs: EPSG:32636"));
    const a = loadScenarioFile(join(dir, "a.yaml"));
    expect(a.contactLine.coordinates[0][0]).toBeCloseTo(31.83, 1);
    expect(scenarioWarnings(a)[0]).toContain("reprojected from EPSG:32636 (UTM zone 36N) to WGS84");
    const e = errorOf(() => loadScenarioFile(join(dir, "b.yaml")));
    expect(e.detail.file).toBe(join(dir, "bare.geojson"));
    expect(e.detail.path).toBe("features[0].geometry.coordinates[0]");
    expect(e.message).toContain("UTM");
    expect(loadScenarioFile(join(dir, "c.yaml")).contactLine).toEqual(a.contactLine);
    // Two line features: Truce asks which, and `where` answers.
    const two = { type: "FeatureCollection", features: [feature, { ...feature, properties: { name: "Old" } }] };
    writeFileSync(
      join(dir, "two.geojson"),
      JSON.stringify({ ...two, crs: { type: "name", properties: { name: "EPSG:32636" } } }),
    );
    writeFileSync(join(dir, "f.yaml"), yaml("two.geojson"));
    writeFileSync(join(dir, "g.yaml"), yaml("two.geojson", ", where: {name: LoC}"));
    expect(errorOf(() => loadScenarioFile(join(dir, "f.yaml"))).message).toContain(
      '2 line features could be the line of contact: features[0] ("LoC"), features[1] ("Old").',
    );
    expect(loadScenarioFile(join(dir, "g.yaml")).contactLine).toEqual(a.contactLine);
    // `where` on a file holding one Feature still has to match it.
    writeFileSync(
      join(dir, "one.geojson"),
      JSON.stringify({ ...feature, crs: { type: "name", properties: { name: "EPSG:32636" } } }),
    );
    writeFileSync(join(dir, "d.yaml"), yaml("one.geojson", ", where: {name: LoC}"));
    writeFileSync(join(dir, "e.yaml"), yaml("one.geojson", ", where: {name: Other}"));
    expect(loadScenarioFile(join(dir, "d.yaml")).contactLine).toEqual(a.contactLine);
    expect(errorOf(() => loadScenarioFile(join(dir, "e.yaml"))).message).toContain(
      'the file\'s one feature does not have name: "Other" (it has "LoC")',
    );
  });

  it("to2d leaves the input untouched", () => {
    const g = {
      type: "LineString" as const,
      coordinates: [
        [1, 2, 3],
        [4, 5],
      ],
    };
    const { line, dropped } = to2d(g);
    expect(dropped).toBe(1);
    expect(line.coordinates).toEqual([
      [1, 2],
      [4, 5],
    ]);
    expect(g.coordinates[0]).toEqual([1, 2, 3]);
  });
});
