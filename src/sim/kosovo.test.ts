/**
 * Calibration check against a published event: Kosovo, 17-18 March 2004 (33 riots in ~48 h,
 * 19 dead, over 900 injured, ~18,500 KFOR troops). The median run must land in the same
 * order of magnitude (within a factor of 3 either way) for all three figures.
 */
import { describe, expect, it } from "vitest";
import { computeZone } from "../geo/zone.js";
import { loadScenarioFile } from "../scenario/load.js";
import { simulate, sweep } from "./simulate.js";

const file = new URL("../../data/scenarios/kosovo-2004.yaml", import.meta.url).pathname;

describe("Kosovo, March 2004", () => {
  it("the median run is within a factor of 3 of 33 riots, 19 dead and ~900 injured", async () => {
    const scenario = loadScenarioFile(file);
    expect(scenario.force?.troops).toBe(18500);
    const zone = computeZone(scenario);
    const r = await simulate(scenario, zone, { replications: 80 });
    const within3 = (x: number, ref: number) => x >= ref / 3 && x <= ref * 3;
    expect(r.kpis.riots.median, "riots").toSatisfy((x: number) => within3(x, 33));
    expect(r.kpis.deathsTotal.median, "deaths").toSatisfy((x: number) => within3(x, 19));
    expect(r.kpis.injuredTotal.median, "injured").toSatisfy((x: number) => within3(x, 900));
    // the force was overwhelmed: most riots were not met within their golden time
    expect(r.kpis.metInTimeShare.mean).toBeLessThan(0.6);

    // the UNMIK police answer riots and their injuries are counted apart (65 in 2004, per HRW)
    expect(r.mapping.policeUnitsOnDuty).toBeGreaterThan(0);
    expect(r.kpis.policeInjured.median).toBeGreaterThan(65 / 3);
    expect(r.kpis.peacekeepersInjured.median, "KFOR injured (58)").toSatisfy((x: number) => within3(x, 58));

    // the force explains the outcome: with no troops (common random numbers) deaths, escalations
    // and breakdowns are higher, with CIs that do not overlap
    const sw = await sweep(scenario, zone, { troops: [0, 18500], replications: 80 });
    for (const k of ["deathsTotal", "escalations", "breakdown"] as const) {
      expect(sw.points[1].kpis[k].ci95[1], k).toBeLessThan(sw.points[0].kpis[k].ci95[0]);
    }

    // same days with four times the troops: fewer escalations and deaths (common random numbers)
    const big = await simulate(scenario, zone, { replications: 80, troops: 74000 });
    expect(big.kpis.escalations.mean).toBeLessThan(r.kpis.escalations.ci95[0]);
    expect(big.kpis.deathsTotal.mean).toBeLessThan(r.kpis.deathsTotal.mean);
  });
});
