import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { erlangC } from "./erlang.js";
import { type TaskParams, taskMethod } from "./methods.js";
import { lateShare, type QrfInput, qrfPlan } from "./qrf.js";

/** The late share by brute force: the midpoint rule over incident positions in the half-sector. */
function lateShareNumeric(p: Parameters<typeof lateShare>[0], steps = 200_000): number {
  const a = p.arrivalsPerH * p.serviceTimeH;
  const c = erlangC(p.teams, a);
  const theta = p.teams / p.serviceTimeH - p.arrivalsPerH;
  let sum = 0;
  for (let j = 0; j < steps; j++) {
    const x = ((j + 0.5) / steps) * p.halfSectorKm;
    const slack = p.targetH - x * p.hoursPerKm;
    sum += slack < 0 ? 1 : c * Math.exp(-theta * slack);
  }
  return sum / steps;
}

/** The least B·c by exhaustive search over a grid of bases and teams. */
function bruteForce(p: QrfInput, maxBases: number, maxTeams: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let B = 1; B <= maxBases; B++) {
    for (let c = 1; c <= maxTeams; c++) {
      const late = lateShare({
        halfSectorKm: p.lengthKm / (2 * B),
        hoursPerKm: p.roadFactor / p.qrfSpeedKmh,
        targetH: p.responseTimeTargetMin / 60,
        arrivalsPerH: p.incidentsPerDay / 24 / B,
        serviceTimeH: p.serviceTimeH,
        teams: c,
      });
      if (late <= 1 - p.serviceLevel + 1e-12) {
        best = Math.min(best, B * c);
        break;
      }
    }
  }
  return best;
}

const GCSP: QrfInput = {
  lengthKm: 1030,
  incidentsPerDay: 121.6,
  serviceTimeH: 1.52,
  responseTimeTargetMin: 59.7,
  qrfSpeedKmh: 40,
  roadFactor: 1.3,
  serviceLevel: 0.9,
};

describe("lateShare", () => {
  it("matches numerical integration over incident positions, with some incidents out of reach", () => {
    const p = { halfSectorKm: 40, hoursPerKm: 1.3 / 40, targetH: 1, arrivalsPerH: 0.4, serviceTimeH: 1.5, teams: 2 };
    expect(lateShare(p)).toBeCloseTo(lateShareNumeric(p), 5);
    const inReach = { ...p, halfSectorKm: 20 };
    expect(lateShare(inReach)).toBeCloseTo(lateShareNumeric(inReach), 5);
  });
  it("is 1 when the queue is unstable and the travel share when no incident waits", () => {
    expect(
      lateShare({ halfSectorKm: 10, hoursPerKm: 0.02, targetH: 1, arrivalsPerH: 2, serviceTimeH: 1, teams: 2 }),
    ).toBe(1);
    expect(
      lateShare({ halfSectorKm: 100, hoursPerKm: 0.02, targetH: 1, arrivalsPerH: 0, serviceTimeH: 1, teams: 1 }),
    ).toBe(0.5);
  });
});

describe("qrfPlan", () => {
  it("finds the same least number of teams as exhaustive search", () => {
    for (const p of [GCSP, { ...GCSP, lengthKm: 180, incidentsPerDay: 4 }, { ...GCSP, responseTimeTargetMin: 30 }]) {
      expect(qrfPlan(p).teams).toBe(bruteForce(p, 150, 60));
    }
  });
  it("GCSP line: fewer teams than the old minimum-bases rule (34 bases × 2 teams = 68)", () => {
    const q = qrfPlan(GCSP);
    expect(q.teams).toBeLessThan(68);
    expect(q.lateShare).toBeLessThanOrEqual(0.1 + 1e-12);
  });
  it("the plan meets the service level it was asked for", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 15, max: 240, noNaN: true }),
        (lengthKm, incidentsPerDay, responseTimeTargetMin) => {
          const q = qrfPlan({ ...GCSP, lengthKm, incidentsPerDay, responseTimeTargetMin });
          expect(q.lateShare).toBeLessThanOrEqual(0.1 + 1e-9);
          expect(q.teams).toBe(q.bases * q.teamsPerBase);
        },
      ),
      { numRuns: 60, seed: 13 },
    );
  });
});

describe("task method monotonicity (issue 13)", () => {
  const base: TaskParams = {
    lengthKm: 1030,
    postSpacingKm: 10,
    crewPerPost: 4,
    reliefs: 3,
    patrolSpacingKm: 10,
    patrolSize: 4,
    patrolDurationH: 6,
    dutyHoursPerDay: 8,
    monitorsPerPatrol: 2,
    incidentsPerDay: 121.6,
    responseTimeTargetMin: 59.7,
    serviceTimeH: 1.52,
    qrfSpeedKmh: 40,
    roadFactor: 1.3,
    serviceLevel: 0.9,
    qrfTeamSize: 30,
    enablerShare: 0.35,
    qrfShare: 0.15,
  };
  const troops = (o: Partial<TaskParams>) => taskMethod({ ...base, ...o }).troops;
  const pair = (min: number, max: number) =>
    fc
      .tuple(fc.double({ min, max, noNaN: true }), fc.double({ min, max, noNaN: true }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
  const runs = { numRuns: 40, seed: 1301 };

  it("the GCSP defects of the issue are gone: road factor 1.1 ≤ 1.3 ≤ 1.6 and 30 ≤ 40 km/h the other way", () => {
    expect(troops({ roadFactor: 1.1 })).toBeLessThanOrEqual(troops({}));
    expect(troops({})).toBeLessThanOrEqual(troops({ roadFactor: 1.6 }));
    expect(troops({ qrfSpeedKmh: 30 })).toBeGreaterThanOrEqual(troops({ qrfSpeedKmh: 40 }));
  });
  it("a faster QRF never needs more troops", () => {
    fc.assert(
      fc.property(pair(15, 80), ([slow, fast]) => troops({ qrfSpeedKmh: slow }) >= troops({ qrfSpeedKmh: fast })),
      runs,
    );
  });
  it("a longer road network never needs fewer troops", () => {
    fc.assert(
      fc.property(pair(1, 2), ([short, long]) => troops({ roadFactor: short }) <= troops({ roadFactor: long })),
      runs,
    );
  });
  it("a longer response target never needs more troops", () => {
    fc.assert(
      fc.property(
        pair(20, 240),
        ([tight, loose]) => troops({ responseTimeTargetMin: tight }) >= troops({ responseTimeTargetMin: loose }),
      ),
      runs,
    );
  });
  it("more incidents never need fewer troops", () => {
    fc.assert(
      fc.property(pair(0, 400), ([few, many]) => troops({ incidentsPerDay: few }) <= troops({ incidentsPerDay: many })),
      runs,
    );
  });
});
