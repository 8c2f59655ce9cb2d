import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { testScenario } from "../../test/support/scenario.js";
import { defenderUtility } from "./game.js";
import { planPatrols } from "./plan.js";
import { robustWorstCase } from "./robust.js";
import { compareAgainstAttackers } from "./versus.js";

const LINE: Array<[number, number]> = [
  [20.0, 45.0],
  [21.02, 45.0],
];
const SITES = [
  { id: "MON", name: "A monastery", type: "monastery", lon: 20.1, lat: 45.05 },
  { id: "VIL", name: "A village", type: "village", lon: 20.3, lat: 44.97 },
  { id: "XING", name: "A crossing", type: "crossing", lon: 20.8, lat: 45.0 },
];

describe("patrols robust to doubt about the attacker's payoffs", () => {
  it("the worst case over the intervals falls from the tie-broken worst case to the worst target as doubt grows", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 3 } });
    const plan = await planPatrols(sc, lineZone(LINE, 2));
    const g = plan.game;
    // No doubt: exactly the worst case among the attacker's (near-)best targets.
    expect(robustWorstCase(g, plan.coverage, 0).defenderWorstCase).toBeCloseTo(plan.summary.defenderWorstCase, 6);
    let last = Number.POSITIVE_INFINITY;
    for (const u of [0, 0.25, 0.5, 1, 2, 5]) {
      const r = robustWorstCase(g, plan.coverage, u);
      expect(r.defenderWorstCase).toBeLessThanOrEqual(last + 1e-12);
      last = r.defenderWorstCase;
    }
    // Doubt wider than the whole payoff range: any target may be hit, so the worst of all of them.
    const all = Math.min(...g.targets.map((_, i) => defenderUtility(g, i, plan.coverage[i])));
    expect(robustWorstCase(g, plan.coverage, 20).defenderWorstCase).toBeCloseTo(all, 12);
    expect(robustWorstCase(g, plan.coverage, 20).candidates).toBe(g.targets.length);
    expect(plan.robustness.payoffUncertainty).toBe(1);
    expect(plan.robustness.plan.defenderWorstCase).toBe(robustWorstCase(g, plan.coverage, 1).defenderWorstCase);
  });

  it("the adaptive check draws each attack's payoffs from the stated doubt, the same draws for every plan", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 3 } });
    const plan = await planPatrols(sc, lineZone(LINE, 2));
    const exact = compareAgainstAttackers(plan, { days: 200, attacksPerDay: 2, seed: 3 });
    const doubt = compareAgainstAttackers(plan, { days: 200, attacksPerDay: 2, seed: 3, payoffUncertainty: 2 });
    // Same attack times (common random numbers) whatever the payoffs and the plan...
    expect(doubt.game.attacks).toBe(exact.game.attacks);
    expect(doubt.uniform.attacks).toBe(doubt.game.attacks);
    // ...but attackers with their own payoffs pick other targets than the solver's table would.
    expect(doubt.game.attacksByTarget).not.toEqual(exact.game.attacksByTarget);
    expect(Object.keys(doubt.game.attacksByTarget).length).toBeGreaterThan(
      Object.keys(exact.game.attacksByTarget).length,
    );
    // Planner's terms: unprotected attacks a month = successes / days × 30.
    expect(doubt.game.unprotectedPerMonth).toBeCloseTo((doubt.game.successes / 200) * 30, 12);
    const again = compareAgainstAttackers(plan, { days: 200, attacksPerDay: 2, seed: 3, payoffUncertainty: 2 });
    expect(again).toEqual(doubt);
  });
});
