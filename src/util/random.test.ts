import { describe, expect, it } from "vitest";
import { ksPValue, ksStatistic } from "../sim/stats.js";
import { StreamFamily, stream } from "./random.js";

describe("random streams", () => {
  it("are reproducible from their key and differ between keys", () => {
    const a = stream(42, 0);
    const b = stream(42, 0);
    const c = stream(42, 1);
    const d = stream(43, 0);
    const xa = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xa);
    const xc = Array.from({ length: 100 }, () => c.nextUint32());
    const xd = Array.from({ length: 100 }, () => d.nextUint32());
    expect(xc.filter((x, i) => x === xa[i]).length).toBe(0);
    expect(xd.filter((x, i) => x === xa[i]).length).toBe(0);
    expect(() => stream(-1)).toThrow(/non-negative/);
  });

  it("keep their numbers: the first draws of fixed keys (results are reproducible across versions)", () => {
    const first3 = (s: { nextUint32(): number }) => [s.nextUint32(), s.nextUint32(), s.nextUint32()];
    expect(first3(stream(42, 0))).toEqual([380933695, 2176774701, 1265601680]);
    expect(first3(stream(7))).toEqual([2075859176, 2118284701, 368918883]);
    expect(first3(stream(2025, 3, 2, 4294967295, 1))).toEqual([3879872026, 1153667804, 2684988343]);
    expect(first3(stream(1, 2, 3, 9007199254740991))).toEqual([3775966593, 1285818374, 831949105]);
  });

  it("a family's streams are stream(...prefix, k1, k2)", () => {
    const keys = stream(3);
    for (let i = 0; i < 200; i++) {
      const prefix = [keys.nextUint32(), i, 2];
      const k1 = keys.nextUint32() * (i % 2 ? 1 : 65536);
      const a = new StreamFamily(prefix).stream(k1, i % 4);
      const b = stream(...prefix, k1, i % 4);
      expect([a.nextUint32(), a.next(), a.exponential(3)]).toEqual([b.nextUint32(), b.next(), b.exponential(3)]);
    }
    // re-seeding one object in place gives the same streams
    const family = new StreamFamily([5, 6, 2]);
    const reused = stream(0);
    for (let k = 0; k < 50; k++) {
      const fresh = family.stream(k * 104729, k % 4);
      family.reseed(reused, k * 104729, k % 4);
      expect([reused.nextUint32(), reused.next()]).toEqual([fresh.nextUint32(), fresh.next()]);
    }
    expect(() => new StreamFamily([1]).stream(-1, 0)).toThrow(/non-negative/);
    expect(() => new StreamFamily([1]).stream(0, 0.5)).toThrow(/non-negative/);
  });

  it("uniforms pass a KS test and neighbouring streams are uncorrelated", () => {
    const n = 20000;
    const u = Array.from(
      { length: n },
      (
        (s) => () =>
          s.next()
      )(stream(7)),
    );
    const d = ksStatistic(u, (x) => Math.min(1, Math.max(0, x)));
    expect(ksPValue(d, n)).toBeGreaterThan(0.001);
    // streams (7, r) for consecutive r: correlation of first draws across 5,000 streams
    const x = Array.from({ length: 5000 }, (_, r) => stream(7, r).next());
    const y = Array.from({ length: 5000 }, (_, r) => stream(7, r + 1).next());
    const mx = x.reduce((a, b) => a + b) / x.length;
    const my = y.reduce((a, b) => a + b) / y.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
      syy += (y[i] - my) ** 2;
    }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(4 / Math.sqrt(5000));
  });

  it("exponential variates follow their CDF", () => {
    const s = stream(11);
    const x = Array.from({ length: 20000 }, () => s.exponential(2.5));
    const d = ksStatistic(x, (v) => 1 - Math.exp(-v / 2.5));
    expect(ksPValue(d, x.length)).toBeGreaterThan(0.001);
  });

  it.each([0.3, 4, 29, 31, 250])("Poisson(%d) matches the exact pmf (chi-square)", (mean) => {
    const s = stream(13, Math.round(mean * 10));
    const n = 40000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = s.poisson(mean);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // exact pmf in log space; pool cells with expected count < 5
    let chi = 0;
    let df = -1;
    let expAcc = 0;
    let obsAcc = 0;
    let logp = -mean;
    const kmax = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
    for (let k = 0; k <= kmax; k++) {
      if (k > 0) logp += Math.log(mean) - Math.log(k);
      expAcc += n * Math.exp(logp);
      obsAcc += counts.get(k) ?? 0;
      if (expAcc >= 5 && n * (1 - cdfUpTo(mean, k)) >= 5) {
        chi += (obsAcc - expAcc) ** 2 / expAcc;
        df++;
        expAcc = 0;
        obsAcc = 0;
      }
    }
    const tailExp =
      n -
      [...Array(kmax + 1).keys()].reduce((a, k) => a + n * Math.exp(-mean + k * Math.log(mean) - lgamma(k + 1)), 0) +
      expAcc;
    let tailObs = obsAcc;
    for (const [k, c] of counts) if (k > kmax) tailObs += c;
    chi += (tailObs - tailExp) ** 2 / Math.max(tailExp, 1e-9);
    df++;
    // 99.9% quantile of chi-square(df) by the Wilson–Hilferty approximation
    const z = 3.09;
    const crit = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
    expect(chi).toBeLessThan(crit);
  });
});

function lgamma(x: number): number {
  let s = 0;
  for (let k = 2; k < x; k++) s += Math.log(k);
  return s;
}

function cdfUpTo(mean: number, k: number): number {
  let p = Math.exp(-mean);
  let s = p;
  for (let j = 1; j <= k; j++) {
    p *= mean / j;
    s += p;
  }
  return s;
}
