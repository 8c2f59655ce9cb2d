/** The tornado over behavioural assumptions: every factor moves, both ends run with the same seed. */
import { describe, expect, it } from "vitest";
import { computeZone } from "../geo/zone.js";
import { loadScenarioFile } from "../scenario/load.js";
import { SENSITIVITY_FACTORS, sensitivityVariants, tornado } from "./sensitivity.js";
import { simulate } from "./simulate.js";

const file = new URL("../../data/scenarios/kosovo-2004.yaml", import.meta.url).pathname;

describe("sensitivity tornado (kosovo-2004)", () => {
  it("moves each assumption both ways and ranks the bars by swing", async () => {
    const scenario = loadScenarioFile(file);
    const variants = sensitivityVariants(scenario.simulation);
    expect(variants).toHaveLength(SENSITIVITY_FACTORS.length);
    const golden = variants[0];
    expect(golden.low.incidents.riot.goldenTimeMin).toBe(45 * 0.5);
    expect(golden.high.incidents.riot.goldenTimeMin).toBe(45 * 1.5);
    for (const v of variants) for (const q of v.high.force.ladderSuccess) expect(q).toBeLessThanOrEqual(1);

    const zone = computeZone(scenario);
    const t = await tornado(scenario.simulation, (section) =>
      simulate({ ...scenario, simulation: section }, zone, { replications: 40 }),
    );
    expect(t.bars).toHaveLength(SENSITIVITY_FACTORS.length);
    for (let j = 1; j < t.bars.length; j++) expect(t.bars[j].swing).toBeLessThanOrEqual(t.bars[j - 1].swing);
    const bar = (name: string) => t.bars.find((b) => b.factor.startsWith(name));
    // a longer golden time is met more often; easier containment and rarer escalation mean fewer deaths
    const g = bar("golden time");
    expect(g?.high.metInTimeShare).toBeGreaterThan(g?.low.metInTimeShare ?? 1);
    for (const name of ["containment", "escalation probability"]) {
      const b = bar(name);
      expect(b?.high.deathsTotal, name).toBeLessThan(b?.low.deathsTotal ?? 0);
    }
    expect(t.bars.some((b) => b.swing > 0)).toBe(true);
  }, 120_000);
});
