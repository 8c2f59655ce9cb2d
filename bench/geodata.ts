/**
 * Line import benchmark: a 100,000-vertex line (a dense GPS track) read from a Shapefile by Truce's
 * synchronous reader and by the anchor, the `shapefile` package (Promises), in the same run; and the
 * same line read from a GeoPackage (better-sqlite3 on the bytes) and a KML (@tmcw/togeojson).
 * Both Shapefile readers must return the same coordinates. Run: npx tsx bench/geodata.ts
 */
import * as shapefile from "shapefile";
import { writeGpkg } from "../src/geodata/gpkg.js";
import { readLineFile } from "../src/geodata/index.js";
import { readDbf, readShp, writeShapefile } from "../src/geodata/shp.js";

const VERTICES = 100_000;
const RUNS = Number(process.env.RUNS ?? 5);

// mulberry32: seeded so every run reads the same line.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(19);
const coords: number[][] = [];
let lon = 30;
let lat = 48;
for (let i = 0; i < VERTICES; i++) {
  lon += 0.0001 + rand() * 0.0001;
  lat += (rand() - 0.5) * 0.0001;
  coords.push([lon, lat]);
}
const feature = { geometry: { type: "LineString" as const, coordinates: coords }, properties: { name: "track" } };
const { shp, dbf } = writeShapefile("line", [feature]);
const gpkg = writeGpkg([{ name: "track", geometryType: "LINESTRING", features: [feature] }]);
const kml = new TextEncoder().encode(
  `<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>track</name><LineString><coordinates>${coords.map((c) => c.join(",")).join(" ")}</coordinates></LineString></Placemark></kml>`,
);

async function time(fn: () => unknown): Promise<{ min: number; mean: number; std: number }> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const std = Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / times.length);
  return { min: Math.min(...times), mean, std };
}

const ours = readShp(shp, "b.shp").records[0].geometry?.parts[0] ?? [];
const theirs = (await shapefile.read(shp, dbf)).features[0].geometry as { coordinates: number[][] };
const same = theirs.coordinates.every((c, i) => c[0] === ours[2 * i] && c[1] === ours[2 * i + 1]);
if (!same || theirs.coordinates.length !== VERTICES) throw new Error("the two Shapefile readers disagree");

const none = () => undefined;
const rows: Array<[string, { min: number; mean: number; std: number }]> = [
  ["Truce readShp + readDbf", await time(() => [readShp(shp, "b.shp"), readDbf(dbf, "b.dbf")])],
  ["anchor: shapefile.read (0.6.6)", await time(() => shapefile.read(shp, dbf))],
  [
    "Truce readLineFile .shp (with checks)",
    await time(() => readLineFile({ file: "b.shp" }, "b.shp", shp, (e) => (e === ".dbf" ? dbf : undefined))),
  ],
  ["Truce readLineFile .gpkg", await time(() => readLineFile({ file: "b.gpkg" }, "b.gpkg", gpkg, none))],
  ["Truce readLineFile .kml (togeojson)", await time(() => readLineFile({ file: "b.kml" }, "b.kml", kml, none))],
];
console.log(`Line import, ${VERTICES.toLocaleString("en-US")} vertices, ${RUNS} runs after a warm-up:`);
for (const [name, r] of rows) {
  console.log(`  ${name.padEnd(40)} min ${r.min.toFixed(1)} ms, mean ${r.mean.toFixed(1)} ± ${r.std.toFixed(1)} ms`);
}
console.log(`  ratio anchor / Truce (min): ${(rows[1][1].min / rows[0][1].min).toFixed(2)}×`);
