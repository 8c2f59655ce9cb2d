import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/mulberry32.js";
import { erlangB, erlangC, meanWaitH, probWaitExceeds, teamsNeeded } from "./erlang.js";

/** Erlang-C from its textbook sum, an independent implementation: (a^c/c!)(c/(c−a)) / (Σ_{k<c} a^k/k! + (a^c/c!)(c/(c−a))). */
function erlangCBySum(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

/**
 * Brute-force event simulation of the same M/M/c queue, first come first served: each arrival
 * takes the server that frees first (the Kiefer–Wolfowitz workload recursion, exact for FCFS).
 * Returns batch means of the wait and of 1{wait > t}, for a confidence interval.
 */
function simulateMMc(
  c: number,
  arrivalsPerH: number,
  serviceTimeH: number,
  waitH: number,
  customers: number,
  batches: number,
  seed: number,
): { meanWait: number[]; pExceeds: number[] } {
  const rand = mulberry32(seed);
  const exp = (mean: number) => -mean * Math.log(1 - rand());
  const free = new Float64Array(c);
  const warmup = Math.floor(customers / 50);
  const perBatch = Math.floor((customers - warmup) / batches);
  const meanWait: number[] = [];
  const pExceeds: number[] = [];
  let t = 0;
  let sumW = 0;
  let nExceed = 0;
  let inBatch = 0;
  for (let n = 0; n < warmup + perBatch * batches; n++) {
    t += exp(1 / arrivalsPerH);
    let k = 0;
    for (let j = 1; j < c; j++) if (free[j] < free[k]) k = j;
    const wait = Math.max(0, free[k] - t);
    free[k] = t + wait + exp(serviceTimeH);
    if (n < warmup) continue;
    sumW += wait;
    if (wait > waitH) nExceed++;
    if (++inBatch === perBatch) {
      meanWait.push(sumW / perBatch);
      pExceeds.push(nExceed / perBatch);
      sumW = 0;
      nExceed = 0;
      inBatch = 0;
    }
  }
  return { meanWait, pExceeds };
}

/** 95% confidence interval of the mean of batch means (Student t, 19 degrees of freedom for 20 batches). */
function ci95(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (2.093 * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}

describe("Erlang-C closed form", () => {
  it("M/M/1: the probability of waiting is the utilisation", () => {
    for (const a of [0.1, 0.5, 0.9]) expect(erlangC(1, a)).toBeCloseTo(a, 14);
  });
  it("C(2, 1) = 1/3 and B(2, 1) = 1/5 (by hand)", () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
  });
  it("matches the textbook sum formula across loads and server counts", () => {
    for (const c of [1, 2, 3, 5, 10, 30, 80]) {
      for (const rho of [0.05, 0.3, 0.7, 0.95]) {
        const a = rho * c;
        expect(erlangC(c, a)).toBeCloseTo(erlangCBySum(c, a), 12);
      }
    }
  });
  it("is 1 when the queue is unstable and 0 with no load", () => {
    expect(erlangC(3, 3)).toBe(1);
    expect(erlangC(3, 0)).toBe(0);
    expect(meanWaitH({ arrivalsPerH: 3, serviceTimeH: 1, servers: 3 })).toBe(Number.POSITIVE_INFINITY);
  });
  it("P(W > t) and the mean wait for M/M/1 (λ = 0.5, s = 1): ρ e^{−(μ−λ)t} and ρ/(μ−λ)", () => {
    const q = { arrivalsPerH: 0.5, serviceTimeH: 1, servers: 1 };
    expect(probWaitExceeds(q, 2)).toBeCloseTo(0.5 * Math.exp(-0.5 * 2), 14);
    expect(meanWaitH(q)).toBeCloseTo(1, 14);
  });
});

describe("teamsNeeded", () => {
  it("finds the fewest teams meeting the service level", () => {
    for (const arrivalsPerH of [0.01, 0.05, 0.2, 1, 3, 10]) {
      const input = { arrivalsPerH, serviceTimeH: 3, waitBudgetH: 0.5, serviceLevel: 0.9 };
      const r = teamsNeeded(input);
      expect(r.probWaitExceeds).toBeLessThanOrEqual(0.1 + 1e-12);
      if (r.teams > 1) {
        expect(probWaitExceeds({ ...input, servers: r.teams - 1 }, input.waitBudgetH)).toBeGreaterThan(0.1);
      }
    }
  });
  it("rejects impossible inputs", () => {
    expect(() => teamsNeeded({ arrivalsPerH: 1, serviceTimeH: 1, waitBudgetH: 1, serviceLevel: 1 })).toThrow(
      /serviceLevel/,
    );
  });
});

describe("Erlang-C against a brute-force simulation of the same M/M/c queue", () => {
  const cases = [
    // A busy pool: 3 teams, a = 2 Erlangs.
    { c: 3, arrivalsPerH: 2, serviceTimeH: 1, waitH: 0.25, seed: 1 },
    // A QRF base as the task method sizes it: 2 teams, 1.2 incidents a day, 3 h on task, 1 h budget.
    { c: 2, arrivalsPerH: 0.05, serviceTimeH: 3, waitH: 1, seed: 2 },
    // A heavily loaded large pool.
    { c: 12, arrivalsPerH: 10, serviceTimeH: 1, waitH: 0.1, seed: 3 },
  ];
  for (const k of cases) {
    it(`c = ${k.c}, λ = ${k.arrivalsPerH}/h, s = ${k.serviceTimeH} h: mean wait and P(W > ${k.waitH} h) inside the simulation's 95% CI`, () => {
      const sim = simulateMMc(k.c, k.arrivalsPerH, k.serviceTimeH, k.waitH, 400_000, 20, k.seed);
      const q = { arrivalsPerH: k.arrivalsPerH, serviceTimeH: k.serviceTimeH, servers: k.c };
      const [wLo, wHi] = ci95(sim.meanWait);
      const [pLo, pHi] = ci95(sim.pExceeds);
      expect(meanWaitH(q)).toBeGreaterThanOrEqual(wLo);
      expect(meanWaitH(q)).toBeLessThanOrEqual(wHi);
      expect(probWaitExceeds(q, k.waitH)).toBeGreaterThanOrEqual(pLo);
      expect(probWaitExceeds(q, k.waitH)).toBeLessThanOrEqual(pHi);
      // The interval is tight enough to mean something: within 15% of the value.
      expect(pHi - pLo).toBeLessThan(0.3 * probWaitExceeds(q, k.waitH));
    });
  }
  it("the simulation can tell one team from two (the test can fail)", () => {
    const sim = simulateMMc(2, 0.05, 3, 1, 400_000, 20, 2);
    const [pLo, pHi] = ci95(sim.pExceeds);
    const oneTeam = probWaitExceeds({ arrivalsPerH: 0.05, serviceTimeH: 3, servers: 1 }, 1);
    expect(oneTeam < pLo || oneTeam > pHi).toBe(true);
  });
});
