/**
 * Joint uncertainty: every assumption drawn at once from a triangular distribution on its
 * (low, default, high), the line's length with it, and the method run on each draw. Unlike
 * one-at-a-time swings added in quadrature, this holds for methods that are not monotone or not
 * separable in their parameters (the task method's QRF, whole brigades).
 *
 * Seeded (mulberry32): same inputs, same percentiles, bit for bit.
 */

/** Draws per Monte Carlo run. */
export const DRAWS = 1000;
/** Seed of the sizing Monte Carlo (fixed: the figures are part of the reproducible plan). */
export const SEED = 13;
/** Relative uncertainty of the line's length (digitised line vs the line on the ground): ±10%, triangular. */
export const LENGTH_UNCERTAINTY = 0.1;

/**
 * Inverse CDF of the triangular distribution on [low, high] with mode `mode`.
 *
 * @example triangular(0.5, 0, 1, 2) // 1
 */
export function triangular(u: number, low: number, mode: number, high: number): number {
  if (!(high > low)) return mode;
  const f = (mode - low) / (high - low);
  return u < f
    ? low + Math.sqrt(u * (high - low) * (mode - low))
    : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
}

/** Percentiles 0, 5, …, 100 of a sample: enough to read P(force ≥ requirement) off for any stated force. */
export interface Distribution {
  p5: number;
  p50: number;
  p95: number;
  /** Percentiles 0, 5, 10, …, 100 (21 values). */
  percentiles: number[];
  draws: number;
  seed: number;
}

/** Quantile q of an ascending sample (linear interpolation). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const x = q * (sorted.length - 1);
  const lo = Math.floor(x);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
}

/** The distribution of a sample. */
export function distributionOf(sample: readonly number[], seed = SEED): Distribution {
  const s = [...sample].sort((a, b) => a - b);
  const percentiles = Array.from({ length: 21 }, (_, k) => quantile(s, k / 20));
  return { p5: percentiles[1], p50: percentiles[10], p95: percentiles[19], percentiles, draws: s.length, seed };
}

/**
 * P(requirement ≤ force): the share of draws a force of `troops` covers, read off the percentiles.
 *
 * @example probCovers({ percentiles: [0, 5, ..., 100] } as Distribution, 50) // ≈ 0.5
 */
export function probCovers(d: Pick<Distribution, "percentiles">, troops: number): number {
  const p = d.percentiles;
  if (troops < p[0]) return 0;
  if (troops >= p[p.length - 1]) return 1;
  for (let k = 1; k < p.length; k++) {
    if (troops < p[k]) {
      const span = p[k] - p[k - 1];
      const within = span > 0 ? (troops - p[k - 1]) / span : 1;
      return (k - 1 + within) / (p.length - 1);
    }
  }
  return 1;
}
