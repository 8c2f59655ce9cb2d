import { describe, expect, it } from "vitest";
import {
  brigadeFrontageMethod,
  densityMethod,
  frontageMethod,
  sustainment,
  type TaskParams,
  taskMethod,
  zoneAreaMethod,
} from "./methods.js";

describe("density (Quinlivan)", () => {
  it("multiplies the rate per 1,000 by the population", () => {
    const r = densityMethod({ population: 2_000_000, troopsPer1000: 20, policePer1000: 2 });
    expect(r.troops).toBe(40_000);
    expect(r.civilians).toBe(4_000);
  });
  it("gives no police when the rate is 0", () => {
    expect(densityMethod({ population: 1_590_000, troopsPer1000: 2, policePer1000: 0 }).civilians).toBe(0);
  });
});

describe("frontage", () => {
  it("troops and civilians per km of line", () => {
    const r = frontageMethod({ lengthKm: 180, troopsPerKm: 25, civiliansPerKm: 0.5 });
    expect(r.troops).toBe(4_500);
    expect(r.civilians).toBe(90);
  });
  it("deter: whole brigades, one per brigade frontage", () => {
    expect(brigadeFrontageMethod({ lengthKm: 1200, brigadeTroops: 5000, brigadeFrontageKm: 30 }).troops).toBe(200_000);
    // 1,000 km / 30 km = 33.3 -> 34 brigades: a sector cannot be held by a third of a brigade.
    const r = brigadeFrontageMethod({ lengthKm: 1000, brigadeTroops: 5000, brigadeFrontageKm: 30 });
    expect(r.detail.brigades).toBe(34);
    expect(r.troops).toBe(170_000);
  });
});

describe("zone area", () => {
  it("troops per km² times the area", () => {
    expect(zoneAreaMethod({ areaKm2: 346, troopsPerKm2: 2 }).troops).toBe(692);
  });
});

describe("task-based (bottom-up)", () => {
  // Worked by hand in docs/sizing.md ("A worked example").
  const p: TaskParams = {
    lengthKm: 100,
    postSpacingKm: 10,
    crewPerPost: 4,
    reliefs: 3,
    patrolSpacingKm: 10,
    patrolSize: 4,
    patrolDurationH: 6,
    dutyHoursPerDay: 8,
    monitorsPerPatrol: 2,
    incidentsPerDay: 2.4,
    responseTimeTargetMin: 120,
    serviceTimeH: 3,
    qrfSpeedKmh: 40,
    roadFactor: 1.25,
    serviceLevel: 0.9,
    qrfTeamSize: 30,
    enablerShare: 0.4,
  };
  const r = taskMethod(p);
  it("posts: ⌈100/10⌉ = 10 posts × 4 on duty × 3 reliefs = 120", () => {
    expect(r.detail.posts).toBe(10);
    expect(r.detail.postTroops).toBe(120);
  });
  it("patrols: 10 a day × 4 people × 6 h / 8 h = 30", () => {
    expect(r.detail.patrolsPerDay).toBe(10);
    expect(r.detail.patrolTroops).toBeCloseTo(30, 12);
  });
  it("QRF: one base in the middle (travel ≤ 50 km × 1.25 / 40 km/h = 1.56 h < 2 h); one team is late for 22.7%, two for 2.0%", () => {
    expect(r.detail.qrfBases).toBe(1);
    expect(r.detail.qrfTeamsPerBase).toBe(2);
    expect(r.detail.qrfLateShare).toBeCloseTo(0.0202616, 6);
    expect(r.detail.qrfTroops).toBe(1 * 2 * 30 * 3);
  });
  it("enablers: (120 + 30 + 180) / (1 − 0.4) = 550 troops; civilians 10 × 2 × 6/8 = 15", () => {
    expect(r.troops).toBeCloseTo(550, 9);
    expect(r.detail.enablerTroops).toBeCloseTo(220, 9);
    expect(r.civilians).toBeCloseTo(15, 12);
  });
  it("one team per base is enough when incidents are rare", () => {
    const rare = taskMethod({ ...p, incidentsPerDay: 0.24 });
    expect(rare.detail.qrfTeamsPerBase).toBe(1);
  });
  it("more incidents never need fewer teams (monotone)", () => {
    let prev = 0;
    for (const incidentsPerDay of [0, 1, 5, 20, 50, 100, 200]) {
      const t = taskMethod({ ...p, incidentsPerDay }).detail.qrfTeamsPerBase;
      expect(t).toBeGreaterThanOrEqual(prev);
      prev = t;
    }
  });
});

describe("sustainment (rule of thirds)", () => {
  it("6-month tours with 12 months of dwell: 3×", () => {
    expect(sustainment({ deployed: 10_000, tourMonths: 6, dwellMonths: 12 })).toEqual({
      committed: 30_000,
      multiplier: 3,
    });
  });
  it("12-month tours: 2×", () => {
    expect(sustainment({ deployed: 10_000, tourMonths: 12, dwellMonths: 12 }).committed).toBe(20_000);
  });
});
