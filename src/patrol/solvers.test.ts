import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { induceEraser, solveEraser } from "./eraser.js";
import { evaluateCoverage, makeGame, maxDisjointSchedules, type PayoffRow, type Pool } from "./game.js";
import { solveMinimaxLp } from "./lp.js";
import { solveMultipleLps } from "./oracle.js";
import { induceBestResponse, solveOrigami, spendSpareTeams } from "./origami.js";

const payoffArb = fc
  .record({
    dc: fc.integer({ min: -5, max: 10 }),
    dgap: fc.integer({ min: 1, max: 12 }),
    au: fc.integer({ min: -5, max: 10 }),
    agap: fc.integer({ min: 1, max: 12 }),
  })
  .map(
    (p): PayoffRow => ({
      defenderCovered: p.dc,
      defenderUncovered: p.dc - p.dgap,
      attackerUncovered: p.au,
      attackerCovered: p.au - p.agap,
    }),
  );

/** Random singleton games: targets split over 1–3 pools (some maybe unguarded). */
const singletonGameArb = fc
  .record({
    payoffs: fc.array(payoffArb, { minLength: 2, maxLength: 6 }),
    owners: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 6, maxLength: 6 }),
    teams: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ payoffs, owners, teams }) => {
    const n = payoffs.length;
    const pools: Pool[] = [0, 1, 2].map((p) => {
      const schedules: number[][] = [];
      for (let i = 0; i < n; i++) if (owners[i] === p) schedules.push([i]);
      return { id: `P${p}`, teams: Math.min(teams[p], schedules.length), schedules };
    });
    return makeGame(
      payoffs.map((_, i) => `t${i}`),
      payoffs,
      pools,
    );
  });

/** Random route games: 1–2 sectors of 2–5 segments, routes of 1–3 segments, 0–2 sites each. */
const routeGameArb = fc
  .record({
    sectors: fc.array(
      fc.record({
        segments: fc.integer({ min: 2, max: 5 }),
        route: fc.integer({ min: 1, max: 3 }),
        sites: fc.integer({ min: 0, max: 2 }),
        teams: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    payoffs: fc.array(payoffArb, { minLength: 14, maxLength: 14 }),
  })
  .map(({ sectors, payoffs }) => {
    const targets: string[] = [];
    const pools: Pool[] = [];
    for (const [si, s] of sectors.entries()) {
      const first = targets.length;
      for (let k = 0; k < s.segments; k++) targets.push(`S${si}-${k}`);
      const route = Math.min(s.route, s.segments);
      const schedules: number[][] = [];
      for (let a = 0; a + route <= s.segments; a++)
        schedules.push(Array.from({ length: route }, (_, j) => first + a + j));
      for (let k = 0; k < s.sites; k++) {
        schedules.push([targets.length]);
        targets.push(`S${si}-site${k}`);
      }
      pools.push({ id: `S${si}`, teams: Math.min(s.teams, maxDisjointSchedules(schedules)), schedules });
    }
    return makeGame(targets, payoffs.slice(0, targets.length), pools);
  });

describe("ORIGAMI, the HiGHS LP, ERASER and the multiple-LPs oracle agree", () => {
  it("on random singleton games (defender utility within 1e-6)", async () => {
    await fc.assert(
      fc.asyncProperty(singletonGameArb, async (g) => {
        const o = solveOrigami(g);
        const lp = await solveMinimaxLp(g);
        const e = await solveEraser(g, { mipRelGap: 1e-9, mipAbsGap: 1e-9, feasibilityTol: 1e-9 });
        const m = await solveMultipleLps(g, { feasibilityTol: 1e-9 });
        expect(Math.abs(o.defenderUtility - m.defenderUtility)).toBeLessThan(1e-6);
        expect(Math.abs(e.objective - m.defenderUtility)).toBeLessThan(1e-6);
        expect(Math.abs(lp.defenderUtility - m.defenderUtility)).toBeLessThan(1e-6);
        expect(Math.abs(o.attackerUtility - lp.attackerUtility)).toBeLessThan(1e-6);
        // Spending spare teams and inducing the best response keep the equilibrium and never over-commit.
        const spent = spendSpareTeams(g, o);
        expect(Math.abs(spent.defenderUtility - o.defenderUtility)).toBeLessThan(1e-9);
        expect(spent.defenderWorstCase).toBeGreaterThanOrEqual(o.defenderWorstCase - 1e-9);
        const induced = induceBestResponse(g, spent, 0.01);
        expect(induced.defenderWorstCase).toBeLessThanOrEqual(o.defenderUtility + 1e-9);
        // When the attacked target has coverage to give up, the tie is broken at a cost ≤ margin × stake / Δ.
        const t = spent.target;
        if (spent.coverage[t] >= 0.01 / (g.attackerUncovered[t] - g.attackerCovered[t])) {
          expect(induced.attackSet).toEqual([t]);
          expect(induced.defenderWorstCase).toBeGreaterThanOrEqual(o.defenderUtility - 0.01 * 12 - 1e-9);
        }
        for (const pool of g.pools) {
          const used = pool.schedules.reduce((sum, sc) => sum + spent.coverage[sc[0]], 0);
          expect(used).toBeLessThanOrEqual(pool.teams + 1e-9);
        }
        // ORIGAMI's coverage respects every pool's teams.
        for (const pool of g.pools) {
          const used = pool.schedules.reduce((s, sc) => s + o.coverage[sc[0]], 0);
          expect(used).toBeLessThanOrEqual(pool.teams + 1e-9);
        }
      }),
      { numRuns: 40, seed: 20261129 },
    );
  });

  it("on random route games (ERASER vs the oracle, within 1e-6)", async () => {
    await fc.assert(
      fc.asyncProperty(routeGameArb, async (g) => {
        const e = await solveEraser(g, { mipRelGap: 1e-9, mipAbsGap: 1e-9, feasibilityTol: 1e-9 });
        const textbook = await solveEraser(g, {
          mipRelGap: 1e-9,
          mipAbsGap: 1e-9,
          feasibilityTol: 1e-9,
          bounds: false,
        });
        const m = await solveMultipleLps(g, { feasibilityTol: 1e-9 });
        expect(Math.abs(e.objective - m.defenderUtility)).toBeLessThan(1e-6);
        expect(Math.abs(textbook.objective - m.defenderUtility)).toBeLessThan(1e-6);
        // Inducing a strict best response: one target left in the attack set, never better than the SSE.
        const ind = await induceEraser(g, e, 0.01);
        if (ind !== e) expect(ind.attackSet).toEqual([e.target]);
        expect(ind.defenderWorstCase).toBeLessThanOrEqual(m.defenderUtility + 1e-6);
        // The MILP's coverage, evaluated independently, gives the same value.
        expect(Math.abs(evaluateCoverage(g, e.coverage, 1e-6).defenderUtility - m.defenderUtility)).toBeLessThan(1e-5);
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});

describe("at scale", () => {
  it("ORIGAMI equals the HiGHS LP on random 300-target games with three sectors (general-sum)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(payoffArb, { minLength: 300, maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 3, maxLength: 3 }),
        async (payoffs, teams) => {
          const pools: Pool[] = [0, 1, 2].map((p) => ({
            id: `S${p}`,
            teams: teams[p],
            schedules: Array.from({ length: 100 }, (_, k) => [p * 100 + k]),
          }));
          const g = makeGame(
            payoffs.map((_, i) => `t${i}`),
            payoffs,
            pools,
          );
          const o = solveOrigami(g);
          const lp = await solveMinimaxLp(g);
          expect(Math.abs(o.attackerUtility - lp.attackerUtility)).toBeLessThan(1e-6);
          expect(Math.abs(o.defenderUtility - lp.defenderUtility)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 8, seed: 3 },
    );
  });
});

describe("closed forms", () => {
  it("identical zero-sum targets get uniform coverage m/n and the defender gets −(1 − m/n)·v", () => {
    const n = 7;
    const row = { defenderCovered: 0, defenderUncovered: -5, attackerCovered: 0, attackerUncovered: 5 };
    const g = makeGame(
      Array.from({ length: n }, (_, i) => `t${i}`),
      Array.from({ length: n }, () => row),
      [{ id: "A", teams: 3, schedules: Array.from({ length: n }, (_, i) => [i]) }],
    );
    const o = solveOrigami(g);
    for (const c of o.coverage) expect(c).toBeCloseTo(3 / 7, 12);
    expect(o.defenderUtility).toBeCloseTo(-5 * (1 - 3 / 7), 12);
  });

  it("two zero-sum targets worth v1 > v2 with one team: c1 = v1/(v1+v2)... the water line v1·v2/(v1+v2)", () => {
    // Zero-sum, covered = 0: attacker utility (1 − c_i) v_i equal at both: c1 = v1/(v1+v2).
    const v1 = 9;
    const v2 = 3;
    const g = makeGame(
      ["a", "b"],
      [
        { defenderCovered: 0, defenderUncovered: -v1, attackerCovered: 0, attackerUncovered: v1 },
        { defenderCovered: 0, defenderUncovered: -v2, attackerCovered: 0, attackerUncovered: v2 },
      ],
      [{ id: "A", teams: 1, schedules: [[0], [1]] }],
    );
    const o = solveOrigami(g);
    expect(o.coverage[0]).toBeCloseTo(v1 / (v1 + v2), 12);
    expect(o.attackerUtility).toBeCloseTo((v1 * v2) / (v1 + v2), 12);
  });

  it("a general-sum game where the SSE is not the minimax of the defender (defender-favoured ties)", () => {
    // Target b matters little to the defender: the SSE leaves the attacker indifferent and it hits b.
    const g = makeGame(
      ["a", "b"],
      [
        { defenderCovered: 1, defenderUncovered: -10, attackerCovered: -1, attackerUncovered: 4 },
        { defenderCovered: 1, defenderUncovered: -1, attackerCovered: -1, attackerUncovered: 4 },
      ],
      [{ id: "A", teams: 1, schedules: [[0], [1]] }],
    );
    const o = solveOrigami(g);
    // Water line: (4 − U)/5 · 2 = 1 → U = 1.5, c = 0.5 each; defender picks b: 0.5·1 + 0.5·(−1) = 0.
    expect(o.attackerUtility).toBeCloseTo(1.5, 12);
    expect(o.defenderUtility).toBeCloseTo(0, 12);
    expect(g.targets[o.target]).toBe("b");
    expect(o.defenderWorstCase).toBeCloseTo(0.5 - 5, 12);
  });
});

describe("bad input", () => {
  const good = { defenderCovered: 1, defenderUncovered: -5, attackerCovered: -1, attackerUncovered: 5 };
  it("rejects payoffs where covering is worse than not covering, naming the field", () => {
    const bad = { ...good, defenderCovered: -6 };
    expect(() => makeGame(["a"], [bad], [])).toThrow(TruceInputError);
    expect(() => makeGame(["a"], [bad], [])).toThrow(/defenderCovered/);
    const bad2 = { ...good, attackerCovered: 6 };
    expect(() => makeGame(["a"], [bad2], [])).toThrow(/attackerUncovered/);
  });
  it("rejects more teams than disjoint schedules", () => {
    const pools: Pool[] = [
      {
        id: "S01",
        teams: 2,
        schedules: [
          [0, 1],
          [1, 2],
        ],
      },
    ];
    expect(() => makeGame(["a", "b", "c"], [good, good, good], pools)).toThrow(/teamsPerSector/);
    expect(() => makeGame(["a", "b", "c"], [good, good, good], pools)).toThrow(/S01 has 2 teams/);
  });
});
