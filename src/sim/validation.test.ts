/**
 * The model against closed forms: with excitation off each sector is an M/M/c
 * queue (Erlang C); a Hawkes process with branching ratio n < 1 has the known
 * mean count and passes the time-rescaling KS test.
 */
import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { meanWaitH, probWaitExceeds } from "../sizing/erlang.js";
import { simulate } from "./simulate.js";
import { ksPValue, ksStatistic, summarize } from "./stats.js";

const off = { ratePerSectorDay: 0 };

describe("M/M/c: excitation off, each sector against Erlang C", () => {
  // Two sectors 100 km long, 4 units each that only serve their own sector,
  // λ = 3/h per sector needing a unit (6/h, half of them needing one: Poisson thinning),
  // exponential service 1 h (ρ = 0.75), no travel, no rest.
  const lambda = 3;
  const mu = 1;
  const c = 4;
  const scenario = {
    simulation: {
      days: 60,
      spilloverShare: 0,
      incidents: {
        ceasefireViolation: {
          ratePerSectorDay: 2 * lambda * 24,
          responseShare: 0.5,
          branchingRatio: 0,
          crowdMedian: 1,
          crowdSigma: 0,
          onSceneMin: 60 / mu,
          selfResolveH: 1e9,
          escalationProbability: 0,
          goldenTimeMin: 1e6,
        },
        riot: off,
        armedClash: off,
        incursion: off,
      },
      detection: { minProbability: 1, maxProbability: 1, meanDelayMin: 0 },
      response: { qrfUnits: 2 * c, availability: 1, speedKmh: 1e12, restMin: 0, maxDispatchKm: 0 },
    },
  };
  const queue = (servers: number) => ({ arrivalsPerH: lambda, serviceTimeH: 1 / mu, servers });
  const ref = {
    meanWait: meanWaitH(queue(c)),
    pWait: probWaitExceeds(queue(c), 0),
    pWaitOver: (tH: number) => probWaitExceeds(queue(c), tH),
  };

  it("mean wait, P(wait > 0) and P(wait > t) fall inside the simulation's 95% CIs", async () => {
    const r = await simulate(scenario, lineZone(200, 2), {
      troops: 0,
      replications: 24,
      seed: 3,
      warmupDays: 5,
      trace: true,
    });
    expect(r.mapping.unitsOnDuty).toBe(2 * c);
    const w = r.kpis.waitMeanMin;
    expect(ref.meanWait * 60).toBeGreaterThan(w.ci95[0]);
    expect(ref.meanWait * 60).toBeLessThan(w.ci95[1]);
    // the CI is tight enough to matter: ±10% of the mean
    expect(w.ci95[1] - w.ci95[0]).toBeLessThan(0.2 * ref.meanWait * 60);
    const pw = r.kpis.waitedShare;
    expect(ref.pWait).toBeGreaterThan(pw.ci95[0]);
    expect(ref.pWait).toBeLessThan(pw.ci95[1]);
    for (const tMin of [15, 45]) {
      const per = (r.traces ?? []).map((t) => t.waits.filter((x) => x > tMin / 60).length / t.waits.length);
      const s = summarize(per);
      const p = ref.pWaitOver(tMin / 60);
      expect(p).toBeGreaterThan(s.ci95[0]);
      expect(p).toBeLessThan(s.ci95[1]);
    }
    // and an M/M/c with one unit more is clearly rejected (the test can fail)
    const wrong = meanWaitH(queue(c + 1)) * 60;
    expect(wrong > w.ci95[1] || wrong < w.ci95[0]).toBe(true);
  });
});

describe("Hawkes process with exponential kernel", () => {
  const muPerDay = 48;
  const n = 0.6;
  const tauH = 0.5;
  const days = 20;
  const scenario = {
    simulation: {
      days,
      spilloverShare: 0,
      incidents: {
        riot: { ratePerSectorDay: muPerDay, branchingRatio: n, decayH: tauH, escalationProbability: 0 },
        ceasefireViolation: off,
        armedClash: off,
        incursion: off,
      },
    },
  };

  it("mean count is μT/(1 − n) within its CI, and the time-rescaled gaps are Exp(1)", async () => {
    const r = await simulate(scenario, lineZone(100, 1), { troops: 1000, replications: 200, seed: 5, trace: true });
    const T = days * 24;
    const m = muPerDay / 24;
    const beta = 1 / tauH;
    const stationary = (m * T) / (1 - n);
    // exact finite-horizon mean from an empty start; the edge term is 0.1% of the total
    const exact = stationary - ((m * n) / (beta * (1 - n) ** 2)) * (1 - Math.exp(-beta * (1 - n) * T));
    const k = r.kpis.incidents;
    expect(stationary).toBeGreaterThan(k.ci95[0]);
    expect(stationary).toBeLessThan(k.ci95[1]);
    expect(exact).toBeGreaterThan(k.ci95[0]);
    expect(exact).toBeLessThan(k.ci95[1]);
    // a Poisson process without excitation (μT) is far outside
    expect(m * T).toBeLessThan(k.ci95[0]);

    // Time rescaling (Brown et al. 2002): Λ(t_i) − Λ(t_{i−1}) are i.i.d. Exp(1) under the true intensity
    // λ(t) = μ + Σ (n/τ) e^{−(t − t_j)/τ}.
    const starts = r.traces?.[0].starts ?? [];
    const rescaled = (excite: boolean) => {
      const gaps: number[] = [];
      let S = 0;
      let last = 0;
      for (const t of starts) {
        const dt = t - last;
        const decay = Math.exp(-beta * dt);
        gaps.push(m * dt + (excite ? n * S * (1 - decay) : 0));
        S = S * decay + 1;
        last = t;
      }
      return gaps;
    };
    const good = rescaled(true);
    const dGood = ksStatistic(good, (x) => 1 - Math.exp(-x));
    expect(ksPValue(dGood, good.length)).toBeGreaterThan(0.01);
    // the same events rescaled as if Poisson(μ) fail the test
    const bad = rescaled(false).map((g) => g / (1 - n)); // even matched in mean
    const dBad = ksStatistic(bad, (x) => 1 - Math.exp(-x));
    expect(ksPValue(dBad, bad.length)).toBeLessThan(1e-6);
  });

  it("spill-over moves the expected share of offspring to neighbours without changing the total", async () => {
    const spill = {
      simulation: {
        ...scenario.simulation,
        days: 20,
        spilloverShare: 0.5,
        incidents: {
          ...scenario.simulation.incidents,
          riot: { ratePerSectorDay: { S02: muPerDay }, branchingRatio: n, decayH: tauH, escalationProbability: 0 },
        },
      },
    };
    const r = await simulate(spill, lineZone(300, 3), { troops: 1000, replications: 20, seed: 8, trace: true });
    const T = 20 * 24;
    const total = ((muPerDay / 24) * T) / (1 - n);
    expect(total).toBeGreaterThan(r.kpis.incidents.ci95[0] * 0.99);
    expect(total).toBeLessThan(r.kpis.incidents.ci95[1] * 1.01);
    // Only S02 has a base rate; S01 and S03 get offspring only. The expected number of events in S02 solves
    // a branching system: x2 = μT + n(1−s)x2 + n·s·(x1 + x3) (end sectors spill only inwards),
    // x1 = x3 = n(1−s)x1 + n(s/2)x2.
    const s = 0.5;
    const a = n * (1 - s);
    const bq = (n * s) / 2;
    const x2 = ((muPerDay / 24) * T) / (1 - a - (2 * n * s * bq) / (1 - a));
    const x1 = (bq * x2) / (1 - a);
    const counts = (r.traces ?? []).map((t) => t.sectors.filter((x) => x !== 1).length / 2);
    const side = summarize(counts);
    expect(x1).toBeGreaterThan(side.ci95[0] * 0.98);
    expect(x1).toBeLessThan(side.ci95[1] * 1.02);
  });
});

describe("detection input from other stages", () => {
  const scenario = {
    force: { troops: 20000 },
    simulation: {
      days: 10,
      incidents: {
        // no escalation: an escalated incident is seen by everyone, which would lift the share
        ceasefireViolation: { ratePerSectorDay: 40, branchingRatio: 0, escalationProbability: 0 },
        riot: off,
        armedClash: off,
        incursion: off,
      },
    },
  };
  it("per-sector detection probabilities and patrol coverage set the detected share (binomial)", async () => {
    const zone = lineZone(200, 2);
    // (per-incident streams, K2: seeds 4-8 give 0.540, 0.550, 0.559, 0.553, 0.554 ± ~0.008; seed 4's
    // interval stops at 0.548, the one seed in twenty a 95% interval misses)
    const a = await simulate(scenario, zone, { replications: 20, seed: 5, detectionBySector: [0.2, 0.9] });
    // equal rates in both sectors: expected share (0.2 + 0.9) / 2
    expect(0.55).toBeGreaterThan(a.kpis.detectedShare.ci95[0]);
    expect(0.55).toBeLessThan(a.kpis.detectedShare.ci95[1]);
    // (a 95% interval misses one seed in twenty: with the nature/response stream split seed 4 landed
    // 1.3 half-widths above 0.64; seeds 4-8 now give 0.638, 0.636, 0.645, 0.639, 0.640)
    const b = await simulate(scenario, zone, { replications: 20, seed: 5, coverageBySector: { S01: 0, S02: 1 } });
    // coverage maps onto [minProbability, maxProbability] = [0.3, 0.98]
    expect(0.64).toBeGreaterThan(b.kpis.detectedShare.ci95[0]);
    expect(0.64).toBeLessThan(b.kpis.detectedShare.ci95[1]);
  });
});

describe("shocks", () => {
  it("a shock sets off incidentsPerSector in each sector hit, times 1/(1 − n) with its offspring", async () => {
    const n = 0.4;
    const scenario = {
      force: { troops: 50000 },
      simulation: {
        days: 6,
        spilloverShare: 0.3,
        incidents: {
          riot: { ratePerSectorDay: 0, branchingRatio: n, decayH: 2, escalationProbability: 0 },
          armedClash: { ratePerSectorDay: 0, branchingRatio: 0, escalationProbability: 0 },
          ceasefireViolation: off,
          incursion: off,
        },
        shocks: [
          {
            atDay: 1,
            sectors: 0.5,
            types: ["riot" as const, "armedClash" as const],
            incidentsPerSector: 2.4,
            durationH: 6,
          },
        ],
      },
    };
    const r = await simulate(scenario, lineZone(600, 6), { replications: 400, seed: 12 });
    // 3 of 6 sectors hit; riots: 3 × 2.4 / (1 − n) = 12; clashes (n = 0): 3 × 2.4 = 7.2
    expect(12).toBeGreaterThan(r.kpis.riots.ci95[0]);
    expect(12).toBeLessThan(r.kpis.riots.ci95[1]);
    expect(7.2).toBeGreaterThan(r.kpis.armedClashes.ci95[0]);
    expect(7.2).toBeLessThan(r.kpis.armedClashes.ci95[1]);
    // everything belongs to the shock's one cascade
    expect(r.kpis.largestCascade.mean).toBe(r.kpis.incidents.mean);
  });
});

describe("travel", () => {
  it("with one base at the line's start and no queueing, mean response = detection delay + (L/2 × road factor) / speed", async () => {
    const L = 200;
    const speedKmh = 100;
    const roadFactor = 1.5;
    const scenario = {
      simulation: {
        days: 30,
        spilloverShare: 0,
        incidents: {
          armedClash: {
            ratePerSectorDay: 2,
            branchingRatio: 0,
            onSceneMin: 5,
            escalationProbability: 0,
            crowdMedian: 1,
            crowdSigma: 0,
            selfResolveH: 1e6,
          },
          riot: off,
          ceasefireViolation: off,
          incursion: off,
        },
        detection: { minProbability: 1, maxProbability: 1, meanDelayMin: 6 },
        response: { qrfUnits: 40, availability: 1, speedKmh, roadFactor, restMin: 0, maxDispatchKm: 1000 },
      },
    };
    // a zone 2 m wide: the lateral offset is negligible
    const r = await simulate(scenario, lineZone(L, 2, 0.002), {
      troops: 0,
      replications: 200,
      seed: 21,
      unitBasesKm: [0],
    });
    expect(r.kpis.waitedShare.mean).toBe(0);
    const expected = 6 + ((L / 2) * roadFactor * 60) / speedKmh; // 96 minutes
    expect(expected).toBeGreaterThan(r.kpis.responseTimeMeanMin.ci95[0]);
    expect(expected).toBeLessThan(r.kpis.responseTimeMeanMin.ci95[1]);
    // spread evenly instead, the same units are closer
    const even = await simulate(scenario, lineZone(L, 2, 0.002), { troops: 0, replications: 30, seed: 21 });
    expect(even.kpis.responseTimeMeanMin.mean).toBeLessThan(30);
    await expect(simulate(scenario, lineZone(L, 2), { troops: 0, unitBasesKm: [250] })).rejects.toThrow(
      /not on the line/,
    );
  });
});
