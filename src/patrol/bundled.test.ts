import { describe, expect, it } from "vitest";
import { computeZone } from "../geo/zone.js";
import { loadScenarioFile } from "../scenario/load.js";
import { planPatrols } from "./plan.js";

const SCENARIOS = ["kosovo-1999", "kosovo-2025", "ukraine-gcsp", "ukraine-uk-france", "ukraine-200k"];

describe("the game-theoretic plan against uniform coverage on the bundled scenarios", () => {
  it.each(SCENARIOS)(
    "%s: at least as good in the worst case, strictly better unless uniform already covers everything",
    async (name) => {
      const scenario = loadScenarioFile(new URL(`../../data/scenarios/${name}.yaml`, import.meta.url).pathname);
      const plan = await planPatrols(scenario, computeZone(scenario));
      const u = plan.baselines.uniform;
      const p = plan.baselines.proportional;
      const margin = plan.summary.defenderWorstCase - u.defenderWorstCase;
      const saturated = u.coverage.every((c) => c >= 1 - 1e-12);
      console.log(
        `${name}: ${plan.targets.length} targets, ${plan.sectors.reduce((a, s) => a + s.teams, 0)} teams/shift; ` +
          `defender worst case: game ${plan.summary.defenderWorstCase.toFixed(3)} vs uniform ${u.defenderWorstCase.toFixed(3)} ` +
          `(margin ${margin.toFixed(3)}), proportional ${p.defenderWorstCase.toFixed(3)}${saturated ? " [saturated: every target covered every shift]" : ""}`,
      );
      expect(plan.targets.some((t) => t.kind === "site")).toBe(true);
      if (saturated) expect(margin).toBeGreaterThanOrEqual(-1e-9);
      else expect(margin).toBeGreaterThan(0.5);
      // The deployed coverage never uses more teams than a sector has.
      for (const s of plan.sectors) expect(s.teamsDeployed).toBeLessThanOrEqual(s.teams + 1e-9);
    },
  );
});
