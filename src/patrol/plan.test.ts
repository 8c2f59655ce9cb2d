import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { TEST_LINE, TEST_SITES, testScenario } from "../../test/support/scenario.js";
import { TruceInputError } from "../errors/index.js";
import { solveEraser } from "./eraser.js";
import { scheduleCsv, scheduleGeoJson } from "./export.js";
import { solveOrigami } from "./origami.js";
import { planPatrols, planToJson, scheduleRows } from "./plan.js";
import { sampleSchedules } from "./sample.js";
import { buildPatrolGame } from "./targets.js";

const LINE = TEST_LINE;
const SITES = TEST_SITES;
const zone = lineZone(LINE, 2);

describe("targets from the zone and the sites", () => {
  it("cuts sectors into segments near the requested length and assigns sites to sectors", () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 3, segmentLengthKm: 5 } });
    const { targets, sectors, game } = buildPatrolGame(sc, zone);
    const segs = targets.filter((t) => t.kind === "segment");
    // 80.2 km / 2 sectors = 40.1 km each → 8 segments of ~5.01 km.
    expect(sectors.map((s) => s.segments)).toEqual([8, 8]);
    const total = segs.reduce((s, t) => s + (t.lengthKm ?? 0), 0);
    expect(total).toBeCloseTo(zone.lengthKm, 6);
    expect(targets.find((t) => t.id === "MON")?.sectorId).toBe("S01");
    expect(targets.find((t) => t.id === "XING")?.sectorId).toBe("S02");
    expect(targets.find((t) => t.id === "BRIDGE")?.sectorId).toBe("S01"); // explicit
    expect(targets.find((t) => t.id === "MON")?.distanceToLineKm).toBeCloseTo(5.56, 0);
    // Singleton schedules: one per segment and site.
    expect(game.pools.map((p) => p.schedules.length)).toEqual([8 + 3, 8 + 1]);
  });

  it("gives routes of routeSegments consecutive segments, in order along the line", () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 2, routeSegments: 3 } });
    const { game } = buildPatrolGame(sc, zone);
    const routes = game.pools[0].schedules.filter((s) => s.length === 3);
    expect(routes.length).toBe(8 - 3 + 1);
    routes.forEach((r, k) => {
      expect(r).toEqual([k, k + 1, k + 2]);
    });
  });

  it("derives teams from the force and caps them where they would saturate a sector", () => {
    const few = testScenario(LINE, { sites: SITES, force: { troops: 600 } });
    // 0.2 × 600 / 8 / 3 = 5 teams per shift, split by sector length.
    expect(buildPatrolGame(few, zone).sectors.map((s) => s.teams)).toEqual([3, 2]);
    const many = testScenario(LINE, { sites: SITES, force: { troops: 100000 } });
    const b = buildPatrolGame(many, zone);
    expect(b.sectors.map((s) => s.teams)).toEqual([11, 9]);
    expect(b.assumptions.join(" ")).toMatch(/capped/);
  });
});

describe("bad input gets a clear TruceInputError naming the field", () => {
  it("payoff override that makes covering worse than not covering", () => {
    const sc = testScenario(LINE, {
      sites: [{ ...SITES[0], payoff: { defenderCovered: -20 } }],
      patrol: { teamsPerSector: 1 },
    });
    expect(() => buildPatrolGame(sc, zone)).toThrow(TruceInputError);
    expect(() => buildPatrolGame(sc, zone)).toThrow(/sites\[0\]\.payoff\.defenderCovered/);
    const sc2 = testScenario(LINE, { patrol: { teamsPerSector: 1, payoffs: { segment: { attackerCovered: 5 } } } });
    expect(() => buildPatrolGame(sc2, zone)).toThrow(/patrol\.payoffs\.segment\.attackerUncovered/);
  });

  it("more teams than schedules", () => {
    const sc = testScenario(LINE, { patrol: { teamsPerSector: 3, routeSegments: 3 } });
    // 8 segments in routes of 3: at most 2 disjoint routes per sector.
    expect(() => buildPatrolGame(sc, zone)).toThrow(/patrol\.teamsPerSector: sector S01 has 3 teams.*only 2/);
    const one = testScenario(LINE, { patrol: { teamsPerSector: 1, teams: { S02: 5 }, routeSegments: 3 } });
    expect(() => buildPatrolGame(one, zone)).toThrow(/patrol\.teams\.S02: sector S02 has 5 teams/);
  });

  it("unknown site type, with a suggestion", () => {
    const sc = testScenario(LINE, { patrol: { teamsPerSector: 1 } });
    const bad = { ...sc, sites: [{ ...SITES[0], type: "monastry" }] } as unknown as typeof sc;
    expect(() => buildPatrolGame(bad, zone)).toThrow(/sites\[0\]\.type: unknown site type "monastry".*monastery/);
    expect(() => testScenario(LINE, { sites: [{ ...SITES[0], type: "monastry" }] })).toThrow();
  });

  it("unknown sector names and no source of teams", () => {
    const sc = testScenario(LINE, { sites: [{ ...SITES[0], sector: "S1" }], patrol: { teamsPerSector: 1 } });
    expect(() => buildPatrolGame(sc, zone)).toThrow(/sites\[0\]\.sector.*Did you mean "S01"/);
    const none = testScenario(LINE, {});
    expect(() => buildPatrolGame(none, zone)).toThrow(/patrol\.teamsPerSector/);
  });
});

describe("daily schedules", () => {
  it("reproduce the marginal coverage within sampling error over many days (routes and sites)", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 2, routeSegments: 3 } });
    const { game } = buildPatrolGame(sc, zone);
    const plan = await solveEraser(game);
    const days = 1500;
    const shifts = 3;
    const a = sampleSchedules(game, plan.schedules, { days, shiftsPerDay: shifts, seed: 42 });
    const n = game.targets.length;
    const hits = new Float64Array(n);
    const perShift = new Map<string, number[]>();
    for (const x of a) {
      if (x.schedule < 0) continue;
      const key = `${x.day}/${x.shift}`;
      const list = perShift.get(key) ?? [];
      for (const t of game.pools[x.pool].schedules[x.schedule]) {
        list.push(t);
        hits[t]++;
      }
      perShift.set(key, list);
    }
    // Never two teams on one target in a shift.
    for (const list of perShift.values()) expect(new Set(list).size).toBe(list.length);
    // Every team gets exactly one assignment (a schedule or the reserve) each shift.
    expect(a.length).toBe(days * shifts * game.pools.reduce((s, p) => s + p.teams, 0));
    const N = days * shifts;
    let worstZ = 0;
    for (let i = 0; i < n; i++) {
      const c = plan.coverage[i];
      const sd = Math.sqrt(Math.max(c * (1 - c), 1e-12) / N);
      worstZ = Math.max(worstZ, Math.abs(hits[i] / N - c) / sd);
    }
    expect(worstZ).toBeLessThan(4.5);
  });

  it("same seed, same schedule; another seed, another schedule", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 3 } });
    const { game } = buildPatrolGame(sc, zone);
    const r = solveOrigami(game);
    const a = sampleSchedules(game, r.schedules, { days: 5, shiftsPerDay: 3, seed: 9 });
    const b = sampleSchedules(game, r.schedules, { days: 5, shiftsPerDay: 3, seed: 9 });
    const c = sampleSchedules(game, r.schedules, { days: 5, shiftsPerDay: 3, seed: 10 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    // Day 3 does not depend on how many days were drawn.
    const d = sampleSchedules(game, r.schedules, { days: 3, shiftsPerDay: 3, seed: 9 });
    expect(JSON.stringify(d.filter((x) => x.day === 3))).toBe(JSON.stringify(a.filter((x) => x.day === 3)));
  });
});

describe("planPatrols", () => {
  it("beats uniform and proportional coverage and exports CSV and GeoJSON", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 3 } });
    const plan = await planPatrols(sc, zone, { days: 2 });
    expect(plan.solver).toBe("origami");
    expect(plan.summary.defenderUtility).toBeGreaterThan(plan.baselines.uniform.defenderUtility);
    expect(plan.summary.defenderWorstCase).toBeGreaterThan(plan.baselines.uniform.defenderWorstCase);
    expect(plan.summary.defenderUtility).toBeGreaterThanOrEqual(plan.baselines.proportional.defenderUtility);
    // The deployed plan keeps the equilibrium's value up to the inducement cost (0.01 × (dc−du)/(au−ac) ≤ 0.01·11/3).
    expect(plan.summary.defenderDeployed).toBeLessThanOrEqual(plan.summary.defenderUtility);
    expect(plan.summary.defenderUtility - (plan.summary.defenderDeployed ?? 0)).toBeLessThan(0.04);
    // No pool over-committed.
    plan.game.pools.forEach((pool, p) => {
      expect(plan.schedules[p].reduce((s, v) => s + v, 0)).toBeLessThanOrEqual(pool.teams + 1e-9);
    });
    const json = planToJson(plan);
    expect(json.coverage.length).toBe(plan.targets.length);
    expect(json.attackerBestResponse.target).toBe(plan.game.targets[plan.result.target]);
    expect(json.schedule?.length).toBe(2 * 3 * 6);
    const csv = scheduleCsv(plan).trim().split("\n");
    expect(csv[0]).toBe("day,shift,sector,team,kind,schedule,targets");
    expect(csv.length).toBe(1 + scheduleRows(plan).length);
    const gj = scheduleGeoJson(plan);
    const deployed = scheduleRows(plan).filter((r) => r.kind !== "reserve").length;
    expect(gj.features.length).toBe(deployed);
    for (const f of gj.features) expect(["Point", "LineString"]).toContain(f.geometry.type);
  });

  it("routes go through the ERASER MILP and the sector figures add up", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 2, routeSegments: 2 } });
    const plan = await planPatrols(sc, zone, {});
    expect(plan.solver).toBe("eraser");
    expect(plan.summary.defenderUtility).toBeGreaterThan(plan.baselines.uniform.defenderUtility);
    // The induced best response keeps the equilibrium's value up to the margin's cost, whatever the tie-break.
    expect(plan.summary.defenderWorstCase).toBeLessThanOrEqual(plan.summary.defenderUtility + 1e-6);
    expect(plan.summary.defenderWorstCase).toBeGreaterThan(plan.summary.defenderUtility - 0.05);
    for (const s of plan.sectors) {
      expect(s.teamsDeployed).toBeLessThanOrEqual(s.teams + 1e-6);
      expect(s.lineCoverage).toBeGreaterThan(0);
      expect(s.lineCoverage).toBeLessThanOrEqual(1 + 1e-9);
    }
  });
});
