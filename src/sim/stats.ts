/** Small statistics used for KPIs and for the validation tests: confidence intervals, KS. (Erlang C: sizing/erlang.ts.) */

/** Two-sided 97.5% quantiles of Student's t for df = 1..30. */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/** 0.975 quantile of Student's t with `df` degrees of freedom (table to 30, Cornish–Fisher expansion above; error < 1e-4). */
function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

export interface Summary {
  mean: number;
  /** 95% confidence interval of the mean across replications. */
  ci95: [number, number];
  median: number;
  /** 5th and 95th percentiles across replications (the spread of single runs, not of the mean). */
  p05: number;
  p95: number;
  sd: number;
}

/** Quantile with linear interpolation between order statistics (R type 7). */
function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean with a Student-t 95% CI; for 0/1 data (`binary`), the Wilson score interval instead. */
export function summarize(values: ArrayLike<number>, binary = false): Summary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  let ci95: [number, number];
  if (binary) {
    const z = 1.959963984540054;
    const d = 1 + (z * z) / n;
    const c = (mean + (z * z) / (2 * n)) / d;
    const h = (z * Math.sqrt((mean * (1 - mean)) / n + (z * z) / (4 * n * n))) / d;
    ci95 = [Math.max(0, c - h), Math.min(1, c + h)];
  } else if (n > 1) {
    const h = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
    ci95 = [mean - h, mean + h];
  } else ci95 = [mean, mean];
  const sorted = Float64Array.from(values).sort();
  return { mean, ci95, median: quantile(sorted, 0.5), p05: quantile(sorted, 0.05), p95: quantile(sorted, 0.95), sd };
}

/** One-sample Kolmogorov–Smirnov statistic against a continuous CDF. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const x = Float64Array.from(sample).sort();
  const n = x.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic p-value of the KS statistic d for sample size n (Kolmogorov's series with Stephens' correction). */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}
