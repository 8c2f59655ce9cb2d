import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { taskMethod } from "./methods.js";
import { defaultParams, paramValues } from "./params.js";
import { sizingSectionSchema } from "./schema.js";
import { type SizingInputs, sizeScenario } from "./size.js";

const line: SizingInputs = {
  posture: "monitor",
  threat: "medium",
  territory: false,
  lengthKm: 500,
  zoneAreaKm2: 5000,
  postSpacingKm: 10,
};

describe("sizeScenario", () => {
  const r = sizeScenario(line);

  it("runs the line methods and says why density does not apply", () => {
    expect(r.estimates.map((e) => e.method).sort()).toEqual(["frontage", "task", "zoneArea"]);
    expect(r.notApplicable).toEqual([
      { method: "density", reason: expect.stringMatching(/line, not a territory/) },
      { method: "sites", reason: expect.stringMatching(/reassurance force/) },
    ]);
  });

  it("each estimate's range brackets it", () => {
    for (const e of r.estimates) {
      expect(e.low).toBeLessThanOrEqual(e.troops);
      expect(e.high).toBeGreaterThanOrEqual(e.troops);
      expect(e.low).toBeGreaterThan(0);
    }
  });

  it("a one-parameter method's range is its triangular distribution's 5th and 95th percentiles", () => {
    // troopsPerKm2 ~ triangular(0.5, 1, 2): P5 = 0.5 + √(0.05·1.5·0.5), P95 = 2 − √(0.05·1.5·1).
    const z = r.estimates.find((e) => e.method === "zoneArea")!;
    expect(Math.abs(z.low / 5000 - (0.5 + Math.sqrt(0.0375)))).toBeLessThan(0.03);
    expect(Math.abs(z.high / 5000 - (2 - Math.sqrt(0.075)))).toBeLessThan(0.05);
    expect(z.uncertainty.draws).toBe(1000);
  });

  it("the joint range is the same run to run (seeded)", () => {
    expect(sizeScenario(line).recommended.requirement.uncertainty).toEqual(r.recommended.requirement.uncertainty);
  });

  it("the task estimate is taskMethod with the default parameters", () => {
    const v = paramValues(defaultParams({ posture: "monitor", threat: "medium", lengthKm: 500, postSpacingKm: 10 }));
    expect(r.estimates.find((e) => e.method === "task")!.troops).toBe(taskMethod({ lengthKm: 500, ...v }).troops);
  });

  it("recommends the task method for monitoring, committed = 3× with 6-month tours", () => {
    expect(r.recommended.method).toBe("task");
    // Civilian monitors per km of line (frontage), not only those riding on patrols.
    expect(r.recommended.civiliansMethod).toBe("frontage");
    expect(r.recommended.civilians).toBeCloseTo(500 * Math.sqrt(5), 9);
    expect(r.recommended.committed).toBeCloseTo(3 * r.recommended.troops, 9);
  });

  it("the tornado re-runs the method with one parameter moved, sorted by swing", () => {
    const v = paramValues(defaultParams({ posture: "monitor", threat: "medium", lengthKm: 500, postSpacingKm: 10 }));
    const crew = r.sensitivity.find((s) => s.parameter === "crewPerPost")!;
    expect(crew.troopsAtHigh).toBe(taskMethod({ lengthKm: 500, ...v, crewPerPost: crew.high }).troops);
    for (let k = 1; k < r.sensitivity.length; k++)
      expect(r.sensitivity[k - 1].swing).toBeGreaterThanOrEqual(r.sensitivity[k].swing);
    expect(r.recommended.topParameter).toBe(r.sensitivity[0].parameter);
    const tour = r.sensitivity.find((s) => s.parameter === "tourMonths")!;
    expect(tour.committedAtHigh).toBeCloseTo(r.recommended.troops * (1 + 12 / 12), 9);
  });

  it("territory: the precedent drives, density is the requirement and the top of the range, line methods do not apply", () => {
    const k = sizeScenario({
      posture: "stabilise",
      threat: "high",
      territory: true,
      theaterAreaKm2: 10887,
      population: 2_000_000,
      lengthKm: 190,
    });
    expect(k.recommended.method).toBe("density");
    expect(k.recommended.follows).toBe("precedent");
    expect(k.estimates.map((e) => e.method).sort()).toEqual(["density", "zoneArea"]);
    // Quinlivan's hard band 15–30 per 1,000, default its geometric mean √450: the requirement, an upper bound.
    expect(k.recommended.requirement.troops).toBeCloseTo(2000 * Math.sqrt(450), 6);
    expect(k.recommended.troops).toBeCloseTo(k.precedent!.troops, 9);
    expect(k.recommended.high).toBeGreaterThanOrEqual(k.recommended.requirement.troops);
    expect(k.precedent!.missions.length).toBeGreaterThanOrEqual(2);
    expect(k.recommended.civilians).toBeCloseTo(2000 * 2, 6);
  });

  it("deter on a line: brigade frontages", () => {
    const d = sizeScenario({ ...line, posture: "deter", lengthKm: 1000 });
    expect(d.recommended.method).toBe("frontage");
    // Medium threat: a brigade holds 30–80 km (default √2400 ≈ 49 km).
    expect(d.recommended.troops).toBe(Math.ceil(1000 / Math.sqrt(30 * 80)) * 5000);
    const high = sizeScenario({ ...line, posture: "deter", threat: "high", lengthKm: 1000 });
    expect(high.recommended.troops).toBe(Math.ceil(1000 / Math.sqrt(20 * 50)) * 5000);
    const low = sizeScenario({ ...line, posture: "deter", threat: "low", lengthKm: 1000 });
    expect(low.recommended.troops).toBeLessThan(d.recommended.troops);
  });

  it("deter against a stated opposing force: one brigade per 3 opposing brigades when that beats the line rule", () => {
    const base = { ...line, posture: "deter" as const, threat: "high" as const, lengthKm: 1000 };
    const byLine = Math.ceil(1000 / Math.sqrt(20 * 50));
    // 600,000 troops = 120 brigades of 5,000; at 3:1 the line needs 40 brigades, more than its 32.
    const strong = sizeScenario({ ...base, opposingForce: { troops: 600_000 } });
    const f = strong.estimates.find((e) => e.method === "frontage")!;
    expect(f.detail).toMatchObject({ brigadesByLine: byLine, brigadesByForceRatio: 40, brigades: 40 });
    expect(f.troops).toBe(200_000);
    expect(f.basis).toMatch(/one per 3 of the opposing force's 120 brigade-equivalents/);
    expect(strong.sensitivity.map((r) => r.parameter)).toContain("forceRatio");
    // A weak opposing force does not shrink the line below its frontage rule.
    const weak = sizeScenario({ ...base, opposingForce: { troops: 20_000, brigades: 4 } });
    expect(weak.recommended.troops).toBe(byLine * 5000);
    expect(() => sizeScenario({ ...base, opposingForce: { troops: -1 } })).toThrow(
      /sizing\.opposingForce\.troops: -1 is not usable/,
    );
  });

  it("reassure: the garrisons of the places protected plus a reserve, and no line method", () => {
    const r = sizeScenario({
      ...line,
      posture: "reassure",
      missionClass: "reassurance",
      sites: { cities: 3, airbases: 3, ports: 2 },
    });
    expect(r.recommended.method).toBe("sites");
    expect(r.recommended.troops).toBeCloseTo((3 * 1000 + 3 * 300 + 2 * 300 + 5000) / 0.65, 9);
    expect(r.estimates.map((e) => e.method)).toEqual(["sites"]);
    expect(r.precedent).toBeNull();
    const none = sizeScenario({ ...line, posture: "reassure", missionClass: "reassurance" });
    expect(none.recommended.troops).toBe(0);
    expect(none.notApplicable.find((n) => n.method === "sites")!.reason).toMatch(/sizing\.protect/);
  });

  it("monitor: a higher threat never needs fewer troops per km", () => {
    const per = (threat: "low" | "medium" | "high") =>
      sizeScenario({ ...line, threat }).estimates.find((e) => e.method === "frontage")!.troops;
    expect(per("low")).toBeLessThan(per("medium"));
    expect(per("medium")).toBeLessThan(per("high"));
  });

  it("territory: posture matters, a deterrent presence needs fewer per 1,000 than a stabilisation", () => {
    const t = { threat: "medium" as const, territory: true, theaterAreaKm2: 10887, population: 1_600_000 };
    const dens = (posture: "deter" | "stabilise" | "monitor") =>
      sizeScenario({ ...t, posture }).estimates.find((e) => e.method === "density")!.troops;
    expect(dens("monitor")).toBeLessThan(dens("deter"));
    expect(dens("deter")).toBeLessThan(dens("stabilise"));
  });

  it("an override replaces a default and widens the range to include it", () => {
    const o = sizeScenario({ ...line, posture: "interpose" }, { overrides: { troopsPerKm: 60 } });
    const f = o.estimates.find((e) => e.method === "frontage")!;
    expect(f.troops).toBe(500 * 60);
    expect(f.assumptions.troopsPerKm).toMatchObject({ value: 60, low: 15, high: 60 });
  });

  it("with no method applicable, says so instead of inventing a number", () => {
    const n = sizeScenario({ posture: "monitor", threat: "low", territory: false });
    expect(n.recommended.troops).toBe(0);
    expect(n.recommended.why).toMatch(/no method applies/);
  });
});

describe("sizing: section of the scenario", () => {
  it("accepts numbers and {value, low, high}", () => {
    const s = sizingSectionSchema.parse({
      overrides: { troopsPerKm: 20, brigadeFrontageKm: { value: 25, low: 15, high: 40 } },
    });
    expect(s.overrides.troopsPerKm).toBe(20);
  });
  it("rejects unknown assumptions, shares of 1 or more, and low > value", () => {
    expect(sizingSectionSchema.safeParse({ overrides: { troopsPerKmm: 20 } }).success).toBe(false);
    expect(sizingSectionSchema.safeParse({ overrides: { enablerShare: 1 } }).success).toBe(false);
    expect(sizingSectionSchema.safeParse({ overrides: { troopsPerKm: { value: 5, low: 10 } } }).success).toBe(false);
    expect(sizingSectionSchema.safeParse({ overrides: { troopsPerKm: -1 } }).success).toBe(false);
  });
});

describe("properties (fast-check)", () => {
  const inputs = fc.record({
    posture: fc.constantFrom("monitor", "interpose", "deter", "stabilise" as const),
    threat: fc.constantFrom("low", "medium", "high" as const),
    territory: fc.boolean(),
    lengthKm: fc.option(fc.double({ min: 0.1, max: 5000, noNaN: true }), { nil: undefined }),
    zoneAreaKm2: fc.option(fc.double({ min: 0.1, max: 100_000, noNaN: true }), { nil: undefined }),
    theaterAreaKm2: fc.option(fc.double({ min: 1, max: 3_000_000, noNaN: true }), { nil: undefined }),
    population: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: undefined }),
    postSpacingKm: fc.option(fc.double({ min: 0.5, max: 50, noNaN: true }), { nil: undefined }),
    tourMonths: fc.option(fc.double({ min: 1, max: 36, noNaN: true }), { nil: undefined }),
    incidentsPerDay: fc.option(fc.double({ min: 0, max: 2000, noNaN: true }), { nil: undefined }),
    responseTimeTargetMin: fc.option(fc.double({ min: 5, max: 600, noNaN: true }), { nil: undefined }),
  });

  it("every estimate is finite, non-negative and inside its range; committed ≥ deployed", () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const r = sizeScenario(i as SizingInputs);
        for (const e of r.estimates) {
          expect(Number.isFinite(e.troops) && e.troops >= 0).toBe(true);
          expect(e.low).toBeLessThanOrEqual(e.troops * (1 + 1e-12));
          expect(e.high).toBeGreaterThanOrEqual(e.troops * (1 - 1e-12));
        }
        expect(r.recommended.committed).toBeGreaterThanOrEqual(r.recommended.troops);
        expect(r.estimates.length + r.notApplicable.length).toBe(5);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it("a longer line never needs fewer troops by frontage", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("monitor", "interpose", "deter" as const),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (posture, lengthKm, factor) => {
          const t = (l: number) =>
            sizeScenario({ posture, threat: "medium", territory: false, lengthKm: l }).estimates.find(
              (e) => e.method === "frontage",
            )!.troops;
          expect(t(lengthKm * factor)).toBeGreaterThanOrEqual(t(lengthKm) * (1 - 1e-12));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  // The task method chooses its number of QRF bases (qrf.ts), so a longer line never needs fewer troops:
  // the old sawtooth (123 → 124 km needed fewer troops, one more base) is gone.
  it("task: a longer line never needs fewer troops", () => {
    const task = (lengthKm: number, posture: "monitor" | "interpose" | "deter", threat: "low" | "medium" | "high") =>
      sizeScenario({ posture, threat, territory: false, lengthKm }).estimates.find((e) => e.method === "task")!;
    fc.assert(
      fc.property(
        fc.constantFrom("monitor", "interpose", "deter" as const),
        fc.constantFrom("low", "medium", "high" as const),
        fc.double({ min: 1, max: 1500, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (posture, threat, lengthKm, k) => {
          expect(task(lengthKm * k, posture, threat).troops).toBeGreaterThanOrEqual(
            task(lengthKm, posture, threat).troops * (1 - 1e-12),
          );
        },
      ),
      { numRuns: 200, seed: 11 },
    );
    expect(task(124, "monitor", "medium").troops).toBeGreaterThanOrEqual(task(123, "monitor", "medium").troops);
  });

  it("bad inputs are one clear error naming the scenario field", () => {
    expect(() => sizeScenario({ ...line, tourMonths: 0 })).toThrow(/mandate\.tourMonths: 0 is not usable/);
    expect(() => sizeScenario({ ...line, lengthKm: Number.NaN })).toThrow(/contactLine: NaN is not usable/);
    expect(() => sizeScenario({ ...line, incidentsPerDay: 1e9 })).toThrow(/mandate\.incidentsPerDay: .*beyond/);
  });
});
