import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/mulberry32.js";
import { binomialUpperTail, DEFAULT_ALERTS, logFactorial, poissonUpperTail, rateJumpTest } from "./alerts.js";

/** Reference sums with plain products, no logs (valid for the small n used here). */
function refPoisson(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let upper = 0;
  for (let i = 0; i < 400; i++) {
    if (i >= k) upper += term;
    term *= lambda / (i + 1);
  }
  return upper;
}
function refBinomial(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = k; i <= n; i++) {
    let c = 1;
    for (let j = 1; j <= i; j++) c = (c * (n - i + j)) / j;
    s += c * p ** i * (1 - p) ** (n - i);
  }
  return s;
}

function poissonSample(lambda: number, r: () => number): number {
  // Knuth's method: fine for the small rates here.
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > L);
  return k - 1;
}

describe("Poisson and binomial tails", () => {
  it("match closed forms", () => {
    for (const lambda of [0.1, 1, 3.7, 12]) expect(poissonUpperTail(1, lambda)).toBeCloseTo(1 - Math.exp(-lambda), 14);
    // P(X >= 10 | 3) = 0.0011024881 (Poisson table value)
    expect(poissonUpperTail(10, 3)).toBeCloseTo(0.0011024881, 9);
    for (const [n, p] of [
      [5, 0.2],
      [40, 0.0345],
      [200, 0.5],
    ])
      expect(binomialUpperTail(n, n, p) / p ** n).toBeCloseTo(1, 10);
    expect(binomialUpperTail(1, 30, 0.1)).toBeCloseTo(1 - 0.9 ** 30, 13);
  });

  it("match brute-force sums", () => {
    for (const lambda of [0.5, 2, 7.5, 20])
      for (let k = 0; k < 45; k += 3) {
        const ref = refPoisson(k, lambda);
        if (ref > 1e-9) expect(Math.abs(poissonUpperTail(k, lambda) - ref) / ref).toBeLessThan(1e-9);
      }
    for (const [n, p] of [
      [12, 0.3],
      [60, 0.0345],
      [150, 0.5],
    ])
      for (let k = 0; k <= n; k += 4) {
        const ref = refBinomial(k, n, p);
        if (ref > 1e-12) expect(Math.abs(binomialUpperTail(k, n, p) - ref) / ref).toBeLessThan(1e-8);
      }
  });

  it("satisfies the binomial symmetry P(K>=k | n,p) = 1 - P(K>=n-k+1 | n,1-p)", () => {
    for (let k = 1; k <= 30; k++)
      expect(binomialUpperTail(k, 30, 0.3)).toBeCloseTo(1 - binomialUpperTail(31 - k, 30, 0.7), 12);
  });

  it("logFactorial is exact below the table and continuous into Stirling's series", () => {
    let s = 0;
    for (let i = 1; i <= 3000; i++) s += Math.log(i);
    expect(logFactorial(3000)).toBeCloseTo(s, 6);
    expect(logFactorial(1025) - logFactorial(1024)).toBeCloseTo(Math.log(1025), 10);
  });
});

describe("rate-jump test", () => {
  it("keeps its false-alarm rate at or below alpha when the rate does not change (simulation)", () => {
    const r = mulberry32(2024);
    const o = { ...DEFAULT_ALERTS, alpha: 0.01, minCount: 0 };
    const perHour = 0.8;
    const trials = 20_000;
    let alarms = 0;
    for (let t = 0; t < trials; t++) {
      const recent = poissonSample(perHour * o.windowH, r);
      const baseline = poissonSample(perHour * o.baselineH, r);
      if (rateJumpTest(recent, baseline, o).alert) alarms++;
    }
    const rate = alarms / trials;
    // The exact conditional test is conservative: size <= alpha (+3 standard errors of the simulation).
    expect(rate).toBeLessThanOrEqual(0.01 + 3 * Math.sqrt((0.01 * 0.99) / trials));
    expect(rate).toBeGreaterThan(0.002); // but not vacuous
  });

  it("detects a fivefold jump most of the time", () => {
    const r = mulberry32(7);
    let hits = 0;
    for (let t = 0; t < 2000; t++) {
      const recent = poissonSample(5 * 0.8 * 6, r);
      const baseline = poissonSample(0.8 * 168, r);
      if (rateJumpTest(recent, baseline).alert) hits++;
    }
    expect(hits / 2000).toBeGreaterThan(0.9);
  });

  it("needs minCount incidents, and handles a quiet baseline", () => {
    expect(rateJumpTest(2, 0).alert).toBe(false);
    const t = rateJumpTest(3, 0);
    expect(t.pValue).toBeCloseTo((6 / 174) ** 3, 12);
    expect(t.alert).toBe(true);
  });
});
