import { describe, expect, it } from "vitest";
import { resolveSimulationParams } from "../sim/params.js";
import { paramsFor } from "../sizing/size.js";
import { operationalAssumptions } from "./assumptions.js";

const one = (over: Partial<{ ratePerSectorDay: number | Record<string, number>; branchingRatio: number }> = {}) => ({
  ratePerSectorDay: 20,
  branchingRatio: 0.5,
  responseShare: 0.25,
  onSceneMin: 60,
  goldenTimeMin: 60,
  ...over,
});

describe("shared operational assumptions", () => {
  it("count incidents needing a unit as the stationary Hawkes rate times the response share", () => {
    const o = operationalAssumptions({ incidents: { cv: one() }, sectors: 12, qrfShare: 0.15, restMin: 30 });
    expect(o.incidentsNeedingUnitPerDay).toBeCloseTo(((20 * 12) / 0.5) * 0.25, 12); // 120
    expect(o.serviceTimeH).toBeCloseTo(1.5, 12); // 60 min on scene + 30 min rest
    expect(o.responseTimeTargetMin).toBe(60);
    expect(o.qrfShare).toBe(0.15);
    // A per-sector map counts only the sectors it names.
    const m = operationalAssumptions({
      incidents: { cv: one({ ratePerSectorDay: { S01: 4, S02: 6 }, branchingRatio: 0 }) },
      sectors: 12,
      qrfShare: 0.15,
      restMin: 30,
    });
    expect(m.incidentsNeedingUnitPerDay).toBeCloseTo(10 * 0.25, 12);
  });

  it("weight service and golden times by incidents needing a unit; the mandate's target wins", () => {
    const o = operationalAssumptions({
      incidents: {
        a: { ...one({ branchingRatio: 0 }), ratePerSectorDay: 3, responseShare: 1, onSceneMin: 30, goldenTimeMin: 30 },
        b: { ...one({ branchingRatio: 0 }), ratePerSectorDay: 1, responseShare: 1, onSceneMin: 150, goldenTimeMin: 90 },
      },
      sectors: 1,
      qrfShare: 0.2,
      restMin: 0,
    });
    expect(o.serviceTimeH).toBeCloseTo((3 * 0.5 + 1 * 2.5) / 4, 12);
    expect(o.responseTimeTargetMin).toBeCloseTo((3 * 30 + 90) / 4, 12);
    const stated = operationalAssumptions({
      incidents: { a: one() },
      sectors: 1,
      qrfShare: 0.2,
      restMin: 0,
      responseTimeTargetMin: 45,
      statedIncidentsPerDay: 100,
    });
    expect(stated.responseTimeTargetMin).toBe(45);
    expect(stated.notes.join(" ")).toMatch(/mandate\.incidentsPerDay states 100 incidents a day/);
  });

  it("are what sizing's task method reads when the pipeline passes them", () => {
    const p = resolveSimulationParams({});
    const ops = operationalAssumptions({ incidents: p.incidents, sectors: 12, qrfShare: 0.15, restMin: 30 });
    const inputs = { posture: "monitor" as const, threat: "medium" as const, territory: false, lengthKm: 1030 };
    const own = paramsFor(inputs);
    const shared = paramsFor({ ...inputs, operations: ops });
    expect(own.incidentsPerDay.value).toBeCloseTo(20.6, 9); // sizing's own 2 per 100 km
    expect(shared.incidentsPerDay.value).toBe(ops.incidentsNeedingUnitPerDay);
    expect(shared.serviceTimeH.value).toBe(ops.serviceTimeH);
    expect(shared.responseTimeTargetMin.value).toBe(ops.responseTimeTargetMin);
    expect(shared.incidentsPerDay.source).toMatch(/shared with the simulator/);
  });
});
