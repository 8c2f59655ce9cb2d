import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate.js";
import { parseMissions, precedentCases } from "./missions.js";
import { fitElasticity, type PrecedentCase, precedentForecast } from "./precedent.js";
import { REFERENCE_MISSIONS_CSV } from "./referenceMissions.js";
import { sizeScenario } from "./size.js";

const missions = parseMissions("data/missions.csv", readFileSync("data/missions.csv", "utf8"));
const holdout = parseMissions("data/missions-holdout.csv", readFileSync("data/missions-holdout.csv", "utf8"));
const cases = precedentCases(missions);

const line = (mission: string, lengthKm: number, troops: number, posture = "monitor"): PrecedentCase => ({
  mission,
  year: 2000,
  missionClass: "line",
  posture,
  threat: "medium",
  troops,
  lengthKm,
});

describe("precedent forecast", () => {
  it("the bundled copy is data/missions.csv (regenerate: node scripts/gen-reference-missions.mjs)", () => {
    expect(REFERENCE_MISSIONS_CSV).toBe(readFileSync("data/missions.csv", "utf8"));
  });

  it("on missions that all deploy 10 troops per km, forecasts 10 per km at any length (β = 1)", () => {
    const toy = [line("a", 100, 1000), line("b", 200, 2000), line("c", 400, 4000), line("d", 800, 8000)];
    expect(fitElasticity(toy, "line", "lengthKm")).toBe(1);
    const p = precedentForecast({ posture: "monitor", threat: "medium", territory: false, lengthKm: 300 }, toy)!;
    expect(p.troops).toBeCloseTo(3000, 6);
    expect(p.elasticity).toBe(1);
  });

  it("on missions that all deploy 1,000 troops whatever their size, forecasts 1,000 (β = 0)", () => {
    const toy = [line("a", 100, 1000), line("b", 200, 1000), line("c", 400, 1000), line("d", 800, 1000)];
    expect(fitElasticity(toy, "line", "lengthKm")).toBe(0);
    const p = precedentForecast({ posture: "monitor", threat: "medium", territory: false, lengthKm: 3000 }, toy)!;
    expect(p.troops).toBeCloseTo(1000, 9);
  });

  it("prefers missions of the same posture, names them, and never uses the mission left out", () => {
    const toy = [line("a", 100, 1000), line("b", 100, 1000), line("x", 100, 50_000, "interpose")];
    const p = precedentForecast({ posture: "monitor", threat: "medium", territory: false, lengthKm: 100 }, toy, {
      exclude: "a",
    })!;
    expect(p.missions.map((m) => m.mission)).toEqual(["b", "x"]);
    expect(p.missions.some((m) => m.mission === "a")).toBe(false);
  });

  it("says nothing rather than borrow another class: no territory precedent for a line", () => {
    const territoryOnly = cases.filter((c) => c.missionClass === "territory");
    expect(
      precedentForecast({ posture: "monitor", threat: "medium", territory: false, lengthKm: 500 }, territoryOnly),
    ).toBeUndefined();
  });

  it("the range holds the forecast", () => {
    for (const c of cases) {
      const m = missions.find((x) => x.mission === c.mission)!;
      const r = sizeScenario(
        {
          posture: m.posture as "monitor",
          threat: m.threat,
          territory: c.missionClass === "territory",
          lengthKm: c.lengthKm,
          population: c.population,
          theaterAreaKm2: c.theaterAreaKm2,
        },
        { excludePrecedent: c.mission },
      );
      if (!r.precedent) continue;
      expect(r.precedent.low).toBeLessThanOrEqual(r.precedent.troops);
      expect(r.precedent.high).toBeGreaterThanOrEqual(r.precedent.troops);
    }
  });
});

describe("calibration: in-sample and out-of-sample kept apart", () => {
  const cal = calibrate(missions, { holdout });

  it("the hold-out missions are not in missions.csv", () => {
    // A mission is its name without the year: UNEF II is not UNEF I, UNFICYP 1974 would be UNFICYP.
    const base = (name: string) => name.replace(/ \(.*$/, "");
    const names = new Set(missions.map((m) => base(m.mission)));
    for (const h of holdout) expect(names.has(base(h.mission)), h.mission).toBe(false);
    expect(cal.outOfSample!.missions.length).toBe(12);
  });

  it("the precedent's leave-one-out median error on the calibration set is within ×2 (issue 13)", () => {
    expect(cal.summary.precedent.medianErrorFactor).toBeLessThan(2);
    expect(cal.summary.precedent.n).toBe(cal.missions.length);
  });

  it("reports median error, share within ×2 and coverage of the printed range for both sets", () => {
    for (const s of [cal.summary, cal.outOfSample!.summary]) {
      for (const name of ["precedent", "recommended"]) {
        expect(s[name].medianErrorFactor).toBeGreaterThanOrEqual(1);
        expect(s[name].withinFactor2).toBeGreaterThanOrEqual(0);
        expect(s[name].coverage).not.toBeNull();
      }
    }
  });

  it("hold-out predictions use the calibration set only: adding the hold-out rows to it changes them", () => {
    const mixed = calibrate([...missions, ...holdout.slice(0, 6)], { holdout });
    // The six now in the calibration set are left out of the hold-out, never scored twice.
    expect(mixed.outOfSample!.missions.length).toBe(6);
  });
});
