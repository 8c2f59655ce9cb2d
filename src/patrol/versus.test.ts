import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { TEST_LINE, testScenario, testSites } from "../../test/support/scenario.js";
import { computeZone } from "../geo/zone.js";
import { loadScenarioFile } from "../scenario/load.js";
import { simulate } from "../sim/index.js";
import { planPatrols } from "./plan.js";
import { compareAgainstAttackers, playAgainstAttackers, simCoverageBySector } from "./versus.js";

const LINE = TEST_LINE;
const SITES = testSites("MON", "VIL", "XING");

describe("plans against attackers on sampled schedules", () => {
  it("an informed attacker realises the plan's deployed utility (within sampling error)", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 3 } });
    const plan = await planPatrols(sc, lineZone(LINE, 2));
    const types = plan.targets.map((t) => t.type);
    const days = 3000;
    const out = playAgainstAttackers(plan.game, types, plan.schedules, plan.coverage, plan.shiftsPerDay, {
      days,
      attacksPerDay: 3,
      attacker: "informed",
      seed: 5,
    });
    // The induced best response is unique: every attack goes to the same target.
    expect(Object.keys(out.attacksByTarget)).toEqual([plan.summary.attackerBestResponse.target]);
    const t = plan.result.target;
    const c = plan.coverage[t];
    const sd = (plan.game.defenderCovered[t] - plan.game.defenderUncovered[t]) * Math.sqrt((c * (1 - c)) / out.attacks);
    expect(Math.abs(out.meanDefenderPayoff - (plan.summary.defenderDeployed ?? Number.NaN))).toBeLessThan(4 * sd);
    expect(out.successRate).toBeCloseTo(1 - c, 1);
  });

  it("Kosovo 2025: against adaptive attackers the game plan loses less than uniform and proportional coverage", async () => {
    const scenario = loadScenarioFile(new URL("../../data/scenarios/kosovo-2025.yaml", import.meta.url).pathname);
    const zone = computeZone(scenario);
    const plan = await planPatrols(scenario, zone);
    const r = compareAgainstAttackers(plan, { days: 730, attacksPerDay: 2, seed: 2004 });
    const line = (name: string, o: typeof r.game) =>
      `${name}: ${o.attacks} attacks, ${o.successes} succeeded (${(100 * o.successRate).toFixed(1)}%), defender ${o.meanDefenderPayoff.toFixed(3)}/attack, sites hit ${JSON.stringify(o.successesByType)}`;
    console.log(
      `Kosovo 2025, adaptive attackers, 2 years:\n  ${line("game", r.game)}\n  ${line("uniform", r.uniform)}\n  ${line("proportional", r.proportional)}`,
    );
    expect(r.game.attacks).toBe(r.uniform.attacks); // the same attacks
    expect(r.game.meanDefenderPayoff).toBeGreaterThan(r.uniform.meanDefenderPayoff + 0.5);
    expect(r.game.meanDefenderPayoff).toBeGreaterThan(r.proportional.meanDefenderPayoff);

    // Into the operations simulator: the same incidents, detection from each plan's coverage.
    const game = simCoverageBySector(plan);
    const uniform = simCoverageBySector(plan, plan.baselines.uniform.coverage);
    const opts = { replications: 16, days: 20, seed: 7 };
    const simGame = await simulate(scenario, zone, { ...opts, coverageBySector: game });
    const simUniform = await simulate(scenario, zone, { ...opts, coverageBySector: uniform });
    // Detection probability per sector is min + (max − min) × coverage (defaults 0.3 and 0.98).
    const mean = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0) / Object.values(o).length;
    expect(simGame.mapping.meanDetectionProbability).toBeCloseTo(0.3 + 0.68 * mean(game), 9);
    expect(simUniform.mapping.meanDetectionProbability).toBeCloseTo(0.3 + 0.68 * mean(uniform), 9);
    // Adaptive attackers go for the sites; the plan covers each sector's most tempting target better, so more is seen.
    for (const id of Object.keys(game)) expect(game[id]).toBeGreaterThan(uniform[id]);
    expect(simGame.kpis.detectedShare.mean).toBeGreaterThan(simUniform.kpis.detectedShare.mean);
    console.log(
      `sim (16 × 20 days): detected share game ${simGame.kpis.detectedShare.mean.toFixed(3)} vs uniform ${simUniform.kpis.detectedShare.mean.toFixed(3)}; ` +
        `met in time ${simGame.kpis.metInTimeShare.mean.toFixed(3)} vs ${simUniform.kpis.metInTimeShare.mean.toFixed(3)}; ` +
        `coverage by sector game ${JSON.stringify(game)} vs uniform ${JSON.stringify(uniform)}`,
    );
  });
});
