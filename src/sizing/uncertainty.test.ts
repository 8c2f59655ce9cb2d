import { describe, expect, it } from "vitest";
import { mulberry32 } from "../util/random.js";
import { distributionOf, probCovers, quantile, triangular } from "./uncertainty.js";

describe("joint uncertainty primitives", () => {
  it("triangular inverse CDF: the ends, the mode at its own CDF, and the closed-form median", () => {
    expect(triangular(0, 1, 2, 4)).toBe(1);
    expect(triangular(1, 1, 2, 4)).toBe(4);
    // F(mode) = (mode − low) / (high − low) = 1/3.
    expect(triangular(1 / 3, 1, 2, 4)).toBeCloseTo(2, 12);
    // Median of triangular(0, 0, 1) is 1 − √0.5.
    expect(triangular(0.5, 0, 0, 1)).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(triangular(0.3, 5, 5, 5)).toBe(5);
  });

  it("mulberry32 is seeded and uniform enough: the sample mean of 100,000 draws is within 0.005 of 1/2", () => {
    const a = mulberry32(13);
    const b = mulberry32(13);
    let sum = 0;
    for (let k = 0; k < 100_000; k++) {
      const x = a();
      expect(x).toBe(b());
      sum += x;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });

  it("quantiles interpolate, and P(force ≥ requirement) reads them back", () => {
    const sample = Array.from({ length: 101 }, (_, k) => k * 10); // 0, 10, ..., 1000
    expect(quantile(sample, 0.05)).toBeCloseTo(50, 9);
    const d = distributionOf(sample);
    expect([d.p5, d.p50, d.p95]).toEqual([50, 500, 950]);
    expect(probCovers(d, 500)).toBeCloseTo(0.5, 9);
    expect(probCovers(d, -1)).toBe(0);
    expect(probCovers(d, 1000)).toBe(1);
    expect(probCovers(d, 725)).toBeCloseTo(0.725, 9);
  });
});
