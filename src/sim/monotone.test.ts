/**
 * More force never hurts (issue 12): on every bundled scenario, a sweep over force sizes with
 * common random numbers (one seed for every point) gives escalations, deaths and P(breakdown)
 * whose means do not rise with the troops, within the CI of the smaller force.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeZone } from "../geo/zone.js";
import { loadScenarioFile } from "../scenario/load.js";
import { sweep } from "./simulate.js";

const dir = new URL("../../data/scenarios/", import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
const HARMS = ["escalations", "deathsTotal", "deathsCivilian", "breakdown", "largestCascade"] as const;

describe("KPI means are monotone in force size on every bundled scenario (CRN sweep)", () => {
  it("there are scenarios to check", () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const f of files) {
    it(f, async () => {
      const scenario = loadScenarioFile(`${dir}${f}`);
      const troops = scenario.force?.troops ?? 10000;
      const sim = (scenario.simulation ?? {}) as { days?: number };
      // short horizons keep the large theatres cheap; the shocks of the Kosovo episodes fall inside
      const days = Math.min(sim.days ?? 30, 3);
      const points = [0, Math.round(troops / 2), troops, troops * 2];
      const r = await sweep(scenario, computeZone(scenario), { troops: points, replications: 40, seed: 11, days });
      for (const k of HARMS) {
        for (let j = 1; j < r.points.length; j++) {
          const less = r.points[j - 1].kpis[k];
          const more = r.points[j].kpis[k];
          expect(more.mean, `${k}: ${points[j]} troops vs ${points[j - 1]}`).toBeLessThanOrEqual(less.ci95[1]);
        }
      }
      // and force does something: at twice the force, fewer escalations than with none
      expect(r.points[3].kpis.escalations.mean).toBeLessThan(r.points[0].kpis.escalations.mean);
    }, 120_000);
  }
});
