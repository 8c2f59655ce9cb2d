/**
 * Honest intervals (issue 12): no KPI interval leaves its range. Rare events (a handful of armed
 * clashes, few waits) are where Student-t intervals went below zero ("armed clashes −1.6 – 6.35").
 */
import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { KPI_INFO } from "./kpis.js";
import { simulate } from "./simulate.js";
import { bootstrapMeanCi, summarize, wilson } from "./stats.js";

describe("KPI intervals stay in range", () => {
  it("every KPI of a sparse run: counts at 0 or above, shares and probabilities inside [0, 1]", async () => {
    const r = await simulate(
      { force: { troops: 800 }, simulation: { days: 2, incidents: { armedClash: { ratePerSectorDay: 0.1 } } } },
      lineZone(300, 3),
      { replications: 30, seed: 3 },
    );
    let sparse = 0;
    for (const [name, s] of Object.entries(r.kpis)) {
      const unit = KPI_INFO[name as keyof typeof KPI_INFO].unit;
      expect(s.ci95[0], name).toBeGreaterThanOrEqual(0);
      expect(s.ci95[0], name).toBeLessThanOrEqual(s.mean);
      expect(s.ci95[1], name).toBeGreaterThanOrEqual(s.mean);
      if (unit === "share" || unit === "probability") expect(s.ci95[1], name).toBeLessThanOrEqual(1);
      // a Student-t interval would have gone below zero here
      const t = summarize(
        r.perReplication.filter((_, i) => i % r.kpiNames.length === r.kpiNames.indexOf(name as never)),
      );
      if (t.ci95[0] < 0) sparse++;
    }
    expect(sparse).toBeGreaterThan(0);
  });

  it("the bootstrap is deterministic and the Wilson interval covers 0 and 1 properly", () => {
    const x = [0, 0, 0, 0, 0, 0, 0, 0, 0, 7];
    const a = bootstrapMeanCi(x);
    expect(bootstrapMeanCi(x)).toEqual(a);
    expect(a[0]).toBe(0);
    expect(a[1]).toBeGreaterThan(0.7);
    expect(wilson(0, 20)[0]).toBe(0);
    expect(wilson(0, 20)[1]).toBeGreaterThan(0.1);
    expect(wilson(1, 20)[1]).toBe(1);
  });
});
