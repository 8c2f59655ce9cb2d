import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { Highs } from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenarioFile } from "../scenario/load.js";
import { loadHighs } from "../solver/highs.js";
import { checkPlan } from "./check.js";
import { generateForceWith } from "./generate.js";
import { buildModel, type Objective } from "./model.js";
import { buildProblem, type Problem } from "./problem.js";
import type { Contributor, GenerationInput } from "./schema.js";
import { solveModel } from "./solve.js";

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const bundled = (name: string) => fileURLToPath(new URL(`../../data/scenarios/${name}`, import.meta.url));

// ---------------------------------------------------------------------------
// Random instances and a brute-force enumerator that knows nothing of the MIP.

const CAPS = ["infantry", "engineers"] as const;

interface Spec {
  nations: Array<{
    memberships: string[];
    pledges: Array<{ cap: number; maxUnits: number; tpu: number; cost: number }>;
    requiresBackstop: boolean;
    requiresNation: number;
    onlyIfConsent: boolean;
    maxShare?: number;
  }>;
  sectors: number;
  backstopPresent: boolean;
  veto: string[];
  vetoRequired: boolean;
  maxShare?: number;
  minNations: number;
  lead: number;
  neighbour: number;
  totalTroops: number;
  sectorUnits: number;
  mixInfantry: number;
}

function specArb(maxCells: number) {
  const pledge = fc.record({
    cap: fc.integer({ min: 0, max: 1 }),
    maxUnits: fc.integer({ min: 1, max: 2 }),
    tpu: fc.integer({ min: 1, max: 6 }).map((k) => k * 50),
    cost: fc.integer({ min: 1, max: 9 }),
  });
  const nation = fc.record({
    memberships: fc.subarray(["NATO", "EU"]),
    pledges: fc.array(pledge, { minLength: 1, maxLength: 2 }),
    requiresBackstop: fc.boolean(),
    requiresNation: fc.integer({ min: -3, max: 2 }),
    onlyIfConsent: fc.boolean(),
    maxShare: fc.option(fc.constantFrom(0.5, 0.7), { nil: undefined }),
  });
  return fc
    .record({
      nations: fc.array(nation, { minLength: 2, maxLength: 3 }),
      sectors: fc.integer({ min: 1, max: 2 }),
      backstopPresent: fc.boolean(),
      veto: fc.subarray(["NATO", "EU", "N0"]),
      vetoRequired: fc.integer({ min: 0, max: 9 }).map((k) => k < 3),
      maxShare: fc.option(fc.constantFrom(0.6, 0.8), { nil: undefined }),
      minNations: fc.integer({ min: 1, max: 2 }),
      lead: fc.integer({ min: -2, max: 2 }),
      neighbour: fc.integer({ min: -4, max: 2 }),
      totalTroops: fc.integer({ min: 0, max: 8 }).map((k) => k * 50),
      sectorUnits: fc.integer({ min: 0, max: 1 }),
      mixInfantry: fc.constantFrom(0, 0.3, 0.5),
    })
    .map((s): Spec => {
      const cells = s.nations.reduce((a, n) => a + n.pledges.length, 0) * s.sectors;
      return cells > maxCells ? { ...s, sectors: 1 } : s;
    });
}

function toInput(spec: Spec): GenerationInput {
  const ids = spec.nations.map((_, i) => `N${i}`);
  const contributors: Contributor[] = spec.nations.map((n, i) => ({
    nation: ids[i],
    memberships: n.memberships,
    // One pledge per capability, so a published allocation maps back to exactly one pledge.
    pledges: n.pledges
      .filter((p, j) => n.pledges.findIndex((q) => q.cap === p.cap) === j)
      .map((p) => ({
        capability: CAPS[p.cap],
        maxUnits: p.maxUnits,
        troopsPerUnit: p.tpu,
        costPerUnitYear: p.cost,
      })),
    maxShare: n.maxShare,
    requires: [
      ...(n.requiresBackstop ? ["B1"] : []),
      ...(n.requiresNation >= 0 && n.requiresNation < ids.length && n.requiresNation !== i
        ? [ids[n.requiresNation]]
        : []),
    ],
    onlyIf: n.onlyIfConsent ? { partyConsent: true } : undefined,
  }));
  const sectorIds = Array.from({ length: spec.sectors }, (_, s) => `S${s}`);
  return {
    parties: [
      { id: "RU", name: "Russia" },
      { id: "UA", name: "Ukraine" },
    ],
    contributors,
    backstops: [{ id: "B1", present: spec.backstopPresent }],
    consent: { RU: { vetoes: spec.veto, required: spec.vetoRequired } },
    policy: {
      maxShareOfForce: spec.maxShare,
      minNationsPerSector: spec.minNations,
      leadNations:
        spec.lead >= 0 && spec.lead < ids.length ? [{ sector: "S0", nation: ids[spec.lead], minShare: 0.3 }] : [],
      excludeNeighbours: spec.neighbour >= 0 && spec.neighbour < ids.length ? { UA: [ids[spec.neighbour]] } : {},
      costPerTroopYear: 1,
    },
    requirements: {
      sectors: sectorIds.map((id, s) => ({
        id,
        units: (s === 0 && spec.sectorUnits > 0 ? { engineers: 1 } : {}) as Record<string, number>,
      })),
      totalTroops: spec.totalTroops || undefined,
      mix: spec.mixInfantry > 0 ? { infantry: spec.mixInfantry } : {},
      units: {},
      troops: {},
    },
  };
}

/** Enumerate every placement; return the best primary objective, or undefined when none is valid. */
function bruteForce(problem: Problem, objective: Objective): number | undefined {
  const S = problem.sectors.length;
  const P = problem.pledges.length;
  const cells = P * S;
  const units = new Int32Array(cells);
  let best: number | undefined;
  const visit = (k: number) => {
    if (k === cells) {
      const check = checkPlan(problem, units);
      if (check.violations.length > 0) return;
      let value: number;
      if (objective === "cost") {
        value = 0;
        problem.pledges.forEach((pl, p) => {
          for (let s = 0; s < S; s++) value += units[p * S + s] * pl.costPerUnitYear;
        });
      } else if (objective === "nations") {
        value = check.participants.size;
      } else {
        value = problem.requirements.reduce((a, r, i) => a + Math.max(0, r.amount - check.provided[i]) / r.amount, 0);
      }
      const short = problem.requirements.some((r, i) => check.provided[i] < r.amount);
      if (objective !== "coverage" && short) return;
      if (best === undefined || value < best - 1e-12) best = value;
      return;
    }
    const p = Math.floor(k / S);
    const s = k % S;
    let used = 0;
    for (let t = 0; t < s; t++) used += units[p * S + t];
    for (let u = 0; u + used <= problem.pledges[p].maxUnits; u++) {
      units[k] = u;
      visit(k + 1);
    }
    units[k] = 0;
  };
  visit(0);
  return best;
}

function primary(result: ReturnType<typeof generateForceWith>, objective: Objective): number {
  if (objective === "cost") return result.costPerYear;
  if (objective === "nations") return result.byNation.length;
  return result.unmet.reduce((a, u) => a + u.shortfall / u.required, 0);
}

describe("optimality against brute force", () => {
  for (const objective of ["cost", "nations", "coverage"] as const) {
    it(`${objective}: HiGHS finds the enumerator's optimum, or proves there is none`, () => {
      let feasible = 0;
      fc.assert(
        fc.property(specArb(8), (spec) => {
          const input = toInput(spec);
          const problem = buildProblem(input);
          const expected = bruteForce(problem, objective);
          const result = generateForceWith(highs, input, {
            objective,
            mipRelGap: 0,
            timeLimitS: 10,
            explain: false,
            preferSlack: 0,
          });
          if (expected === undefined) {
            expect(result.status).toBe("infeasible");
          } else {
            feasible++;
            expect(result.status).toBe("optimal");
            expect(primary(result, objective)).toBeCloseTo(expected, 6);
          }
        }),
        { numRuns: 60, seed: 20250401 },
      );
      // Both outcomes must be exercised for the property to mean something.
      expect(feasible).toBeGreaterThan(10);
      expect(feasible).toBeLessThan(60);
    });
  }
});

describe("rules are never broken", () => {
  it("vetoes, conditional pledges, backstops, neighbours, caps and leads hold on random instances", () => {
    let solved = 0;
    fc.assert(
      fc.property(specArb(40), fc.constantFrom<Objective>("cost", "nations", "coverage"), (spec, objective) => {
        const input = toInput(spec);
        const problem = buildProblem(input);
        const result = generateForceWith(highs, input, { objective, timeLimitS: 10, explain: false });
        if (result.status === "infeasible") return;
        solved++;
        // Rebuild the placement from the published allocations and check it independently.
        const S = problem.sectors.length;
        const units = new Int32Array(problem.pledges.length * S);
        for (const a of result.allocations) {
          const p = problem.pledges.findIndex(
            (pl) => problem.nations[pl.nation].id === a.nation && pl.capability === a.capability,
          );
          const s = problem.sectors.findIndex((x) => x.id === a.sector);
          expect(a.troops).toBe(a.units * problem.pledges[p].troopsPerUnit);
          units[p * S + s] += a.units;
        }
        const participants = new Set(result.byNation.map((n) => n.nation));
        // Vetoes of a party whose consent is required.
        if (spec.vetoRequired) {
          for (const c of input.contributors ?? []) {
            const vetoed = spec.veto.some((v) => v === c.nation || c.memberships.includes(v));
            if (vetoed) expect(participants.has(c.nation)).toBe(false);
          }
        }
        // Backstop conditions.
        for (const c of input.contributors ?? []) {
          if (c.requires.includes("B1") && !spec.backstopPresent) expect(participants.has(c.nation)).toBe(false);
          for (const r of c.requires)
            if (r !== "B1" && participants.has(c.nation)) expect(participants.has(r)).toBe(true);
        }
        // The whole independent check (shares, consent-conditional pledges, neighbours, leads).
        expect(checkPlan(problem, units).violations).toEqual([]);
      }),
      { numRuns: 80, seed: 7 },
    );
    expect(solved).toBeGreaterThan(10);
  });
});

describe("the smallest set of rules to relax", () => {
  it("restores feasibility, and every rule in it is needed (removing any one leaves it infeasible)", () => {
    let explained = 0;
    fc.assert(
      fc.property(specArb(40), (spec) => {
        const input = toInput(spec);
        const result = generateForceWith(highs, input, { mipRelGap: 0, timeLimitS: 10 });
        if (result.status !== "infeasible") return;
        explained++;
        const relax = result.infeasibility?.relax.map((r) => r.id) ?? [];
        expect(relax.length).toBeGreaterThan(0);
        const problem = buildProblem(input);
        const feasibleWithout = (ids: string[]) =>
          solveModel(highs, buildModel(problem, "cost", "plan", new Set(ids)), { timeLimitS: 10, mipRelGap: 0 })
            .hasSolution;
        expect(feasibleWithout(relax)).toBe(true);
        for (const id of relax) expect(feasibleWithout(relax.filter((x) => x !== id))).toBe(false);
        expect(result.explanation.length).toBeGreaterThan(40);
      }),
      { numRuns: 30, seed: 11 },
    );
    expect(explained).toBeGreaterThan(5);
  });
});

describe("the conflict, the alternatives and the consent toggles", () => {
  it("the conflict is irreducible: its rules alone are infeasible, and without any one of them feasible", () => {
    let checked = 0;
    fc.assert(
      fc.property(specArb(40), (spec) => {
        const input = toInput(spec);
        const result = generateForceWith(highs, input, { mipRelGap: 0, timeLimitS: 10 });
        if (result.status !== "infeasible" || !result.infeasibility?.conflict) return;
        checked++;
        const problem = buildProblem(input);
        const all = buildModel(problem, "cost", "plan").groups.map((g) => g.id);
        const conflict = result.infeasibility.conflict.map((c) => c.id);
        expect(conflict.length).toBeGreaterThan(0);
        const feasibleKeeping = (keep: string[]) =>
          solveModel(highs, buildModel(problem, "cost", "plan", new Set(all.filter((id) => !keep.includes(id)))), {
            timeLimitS: 10,
            mipRelGap: 1,
          }).hasSolution;
        expect(feasibleKeeping(conflict)).toBe(false);
        for (const id of conflict) expect(feasibleKeeping(conflict.filter((x) => x !== id))).toBe(true);
        // Alternatives weigh the same as the smallest change, and differ from it.
        const weight = (xs: Array<{ weight: number }>) => xs.reduce((a, x) => a + x.weight, 0);
        for (const alt of result.infeasibility.alternatives) {
          expect(weight(alt)).toBeCloseTo(weight(result.infeasibility.relax), 9);
          expect(alt.map((x) => x.id).sort()).not.toEqual(result.infeasibility.relax.map((x) => x.id).sort());
        }
      }),
      { numRuns: 25, seed: 12 },
    );
    expect(checked).toBeGreaterThan(3);
  });

  it("without a party's consent, no pledge that needs it is used; lifting its vetoes keeps its consent", () => {
    let solved = 0;
    fc.assert(
      fc.property(specArb(40), (spec) => {
        const input = toInput(spec);
        const result = generateForceWith(highs, input, { withoutConsent: ["RU"], timeLimitS: 10, explain: false });
        expect(result.mandateChange).toMatch(/enforcement operation, not peacekeeping/);
        if (result.status === "infeasible") return;
        solved++;
        for (const c of input.contributors ?? [])
          if (c.onlyIf?.partyConsent) expect(result.byNation.map((n) => n.nation)).not.toContain(c.nation);
        // Lifting every veto instead keeps consent: a conditional pledge may stay.
        const lifted = buildProblem(input, { liftVetoes: ["RU"] });
        expect(lifted.parties.find((p) => p.id === "RU")).toMatchObject({ vetoes: [], consentWithdrawn: false });
      }),
      { numRuns: 100, seed: 13 },
    );
    expect(solved).toBeGreaterThan(5);
  });
});

describe("bundled examples", () => {
  it("KFOR 1999 is feasible at 50,000 with five lead nations", () => {
    const scenario = loadScenarioFile(bundled("kosovo-1999.yaml"));
    const result = generateForceWith(highs, scenario, { objective: "cost" });
    expect(result.feasible).toBe(true);
    expect(result.totalTroops).toBeGreaterThanOrEqual(50_000);
    expect(result.totalTroops).toBeLessThan(50_700);
    expect(result.byNation.map((n) => n.nation)).toEqual(expect.arrayContaining(["GB", "US", "FR", "DE", "IT"]));
    const leads: Record<string, string> = {
      "MNB-Centre": "GB",
      "MNB-North": "FR",
      "MNB-East": "US",
      "MNB-South": "DE",
      "MNB-West": "IT",
    };
    for (const [sector, nation] of Object.entries(leads)) {
      const inSector = result.allocations.filter((a) => a.sector === sector);
      const total = inSector.reduce((a, x) => a + x.troops, 0);
      const own = inSector.filter((a) => a.nation === nation).reduce((a, x) => a + x.troops, 0);
      expect(total).toBeGreaterThanOrEqual(6_000);
      expect(own / total).toBeGreaterThanOrEqual(0.4 - 1e-9);
      expect(new Set(inSector.map((a) => a.nation)).size).toBeGreaterThanOrEqual(2);
    }
  });

  it("Ukraine is infeasible at 200,000 under Russia's veto, and the explanation names the veto", () => {
    const scenario = loadScenarioFile(bundled("ukraine-200k.yaml"));
    const result = generateForceWith(highs, scenario, {});
    expect(result.feasible).toBe(false);
    expect(result.status).toBe("infeasible");
    expect(result.explanation).toMatch(
      /Russia's veto of NATO and EU members leaves 2 contributors of 19 with at most 1,250 troops; the requirement is 200,000 troops/,
    );
    expect(result.infeasibility?.exclusions.map((e) => e.id)).toContain("veto:RU:NATO");
    // Even with every political rule lifted, the pledges (32,150) fall short: a requirement must give.
    expect(result.infeasibility?.relax.some((r) => r.kind === "requirement")).toBe(true);
  });

  it("Ukraine at 10,000: the veto alone blocks it, and lifting it is the smallest change", () => {
    const scenario = loadScenarioFile(bundled("ukraine-gcsp.yaml"));
    const blocked = generateForceWith(highs, scenario, {});
    expect(blocked.status).toBe("infeasible");
    // Lifting both vetoes (weight 1 + 1) is a far smaller change than losing Russia's consent (10).
    expect(blocked.infeasibility?.relax.map((r) => r.id).sort()).toEqual(["veto:RU:EU", "veto:RU:NATO"]);
    expect(blocked.explanation).toContain("--lift-veto RU:NATO --lift-veto RU:EU");
    expect(blocked.explanation).not.toContain("without Russia's consent");
    const open = generateForceWith(highs, scenario, { liftVetoes: ["RU"] });
    expect(open.feasible).toBe(true);
    expect(open.byNation.map((n) => n.nation)).not.toContain("GB"); // no US backstop
  });

  it("Ukraine at 30,000 needs the US backstop: UK and France come in only with it", () => {
    const scenario = loadScenarioFile(bundled("ukraine-gcsp.yaml"));
    const without = generateForceWith(highs, scenario, { liftVetoes: ["RU"], requireTroops: 30_000 });
    expect(without.status).toBe("infeasible");
    expect(without.infeasibility?.relax.map((r) => r.id)).toEqual(["backstop:US-backstop"]);
    expect(without.explanation).toContain("--backstop US-backstop=on");
    const withB = generateForceWith(highs, scenario, {
      liftVetoes: ["RU"],
      requireTroops: 30_000,
      backstops: { "US-backstop": true },
    });
    expect(withB.feasible).toBe(true);
    expect(withB.byNation.map((n) => n.nation)).toEqual(expect.arrayContaining(["GB", "FR"]));
    for (const n of withB.byNation) expect(n.share).toBeLessThanOrEqual(0.4 + 1e-9);
  });

  it("gives the same plan twice (deterministic)", () => {
    const scenario = loadScenarioFile(bundled("kosovo-1999.yaml"));
    const a = generateForceWith(highs, scenario, {});
    const b = generateForceWith(highs, scenario, {});
    expect(b.allocations).toEqual(a.allocations);
  });
});
