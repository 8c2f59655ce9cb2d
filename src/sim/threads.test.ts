/** Bit-identical results whatever the thread count; progress and cancellation. */
import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { SimulationCancelled, simulate, sweep } from "./simulate.js";

const scenario = {
  force: { troops: 6000 },
  simulation: {
    days: 4,
    incidents: { ceasefireViolation: { ratePerSectorDay: 20 }, riot: { ratePerSectorDay: 0.5 } },
    shocks: [{ atDay: 1, sectors: 0.5, types: ["riot" as const, "armedClash" as const], incidentsPerSector: 2 }],
  },
};
const zone = lineZone(600, 6);

describe("determinism and control", () => {
  it("1 and 2 worker threads give bit-identical KPI vectors, and so does the in-process run", async () => {
    const base = { replications: 24, seed: 99 };
    const inproc = await simulate(scenario, zone, { ...base, threads: 1 });
    const two = await simulate(scenario, zone, { ...base, threads: 2 });
    expect(two.threads).toBe(2);
    expect(Buffer.from(two.perReplication.buffer).equals(Buffer.from(inproc.perReplication.buffer))).toBe(true);
    expect(two.kpis).toEqual(inproc.kpis);
    expect(two.events).toBe(inproc.events);
    expect(two.responseTimeDistribution).toEqual(inproc.responseTimeDistribution);
    // a different seed gives different numbers
    const other = await simulate(scenario, zone, { ...base, seed: 100 });
    expect(Buffer.from(other.perReplication.buffer).equals(Buffer.from(inproc.perReplication.buffer))).toBe(false);
  });

  it("every incident ends answered or unanswered: nothing is left open once a run drains", async () => {
    const r = await simulate(scenario, zone, { replications: 6, seed: 5, trace: true, troops: 800 });
    expect(r.kpis.peakUnanswered.mean).toBeGreaterThan(1);
    for (const t of r.traces ?? []) expect(t.unansweredAtEnd).toBe(0);
  });

  it("reports progress up to the total and stops on abort", async () => {
    const seen: number[] = [];
    await simulate(scenario, zone, { replications: 10, onProgress: (p) => seen.push(p.done / p.total) });
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    const ac = new AbortController();
    const p = simulate(scenario, zone, {
      replications: 100000,
      signal: ac.signal,
      onProgress: (x) => {
        if (x.done >= 3) ac.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(SimulationCancelled);
    const ac2 = new AbortController();
    const p2 = simulate(scenario, zone, {
      replications: 5000,
      threads: 2,
      signal: ac2.signal,
      onProgress: () => ac2.abort(),
    });
    await expect(p2).rejects.toBeInstanceOf(SimulationCancelled);
  });

  it("a sweep answers more troops with more incidents met in time", async () => {
    const s = await sweep(scenario, zone, { replications: 12, troops: [1000, 20000, 200000] });
    const met = s.points.map((p) => p.kpis.metInTimeShare.mean);
    expect(met[0]).toBeLessThan(met[1]);
    expect(met[1]).toBeLessThan(met[2]);
    expect(s.points.map((p) => p.mapping.qrfUnits)).toEqual([3, 75, 750]);
  });
});
