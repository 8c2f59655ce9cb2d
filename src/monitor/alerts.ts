/**
 * Rate-jump alerts per sector.
 *
 * The test: the exact conditional test for comparing two Poisson rates (Przyborowski & Wilenski,
 * 1940). With k incidents in the recent window of length w and b in the baseline of length B
 * before it, under H0 "the rate did not change" k given n = k + b is Binomial(n, w / (w + B)).
 * The p-value is P(K ≥ k). An alert fires when p < alpha and k ≥ minCount. Unlike a plain
 * Poisson exceedance against a rate estimated from the baseline, this accounts for the
 * uncertainty of that estimate, and it needs no pseudo-count for a quiet baseline.
 */
import type { IncidentStore } from "./store/store.js";

export interface AlertOptions {
  /** Recent window, hours. Default 6. */
  windowH: number;
  /** Baseline before the window, hours. Default 168 (7 days). */
  baselineH: number;
  /** Significance level per sector and window. Default 0.001. */
  alpha: number;
  /** Fewest incidents in the window that can raise an alert. Default 3. */
  minCount: number;
}

export const DEFAULT_ALERTS: AlertOptions = { windowH: 6, baselineH: 168, alpha: 0.001, minCount: 3 };

const LOG_FACT: number[] = [0];
for (let i = 1; i <= 1024; i++) LOG_FACT[i] = LOG_FACT[i - 1] + Math.log(i);

/** ln(n!) — exact sums up to 1024, Stirling's series beyond (error < 1e-15 relative there). */
export function logFactorial(n: number): number {
  if (n <= 1024) return LOG_FACT[n];
  const x = n + 1;
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5)
  );
}

/** P(X ≥ k) for X ~ Poisson(lambda). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const logTerm = (i: number) => -lambda + i * Math.log(lambda) - logFactorial(i);
  if (k <= lambda) {
    let lower = 0;
    for (let i = 0; i < k; i++) lower += Math.exp(logTerm(i));
    return Math.max(0, 1 - lower);
  }
  let t = Math.exp(logTerm(k));
  let sum = 0;
  for (let i = k; t > sum * 1e-17 && i < k + 100_000; i++) {
    sum += t;
    t *= lambda / (i + 1);
  }
  return Math.min(1, sum);
}

/** P(K ≥ k) for K ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const logTerm = (i: number) => logFactorial(n) - logFactorial(i) - logFactorial(n - i) + i * lp + (n - i) * lq;
  let sum = 0;
  if (k <= n * p) {
    for (let i = 0; i < k; i++) sum += Math.exp(logTerm(i));
    return Math.max(0, 1 - sum);
  }
  for (let i = k; i <= n; i++) {
    const t = Math.exp(logTerm(i));
    sum += t;
    if (t < sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

export interface RateTest {
  recent: number;
  baseline: number;
  /** Expected count in the window at the baseline rate, b · w / B. */
  expected: number;
  pValue: number;
  alert: boolean;
}

/** The conditional test for one sector. */
export function rateJumpTest(recent: number, baseline: number, opts: AlertOptions = DEFAULT_ALERTS): RateTest {
  const p0 = opts.windowH / (opts.windowH + opts.baselineH);
  const pValue = binomialUpperTail(recent, recent + baseline, p0);
  return {
    recent,
    baseline,
    expected: (baseline * opts.windowH) / opts.baselineH,
    pValue,
    alert: recent >= opts.minCount && pValue < opts.alpha,
  };
}

export interface Alert {
  id: string;
  zoneId: string;
  sectorId: string;
  windowStart: string;
  windowEnd: string;
  recent: number;
  baseline: number;
  expected: number;
  pValue: number;
  test: string;
  message: string;
}

const HOUR = 3_600_000;

/**
 * Evaluate every sector (or the given ones) for the window ending at the hour after `atMs`.
 * New alerts are stored (one per sector and window end) and returned. Fire-once: the store's
 * unique key on (zone, sector, window end) admits one insert, so when several servers (or
 * concurrent requests) test the same surge at once, only one gets the alert back to publish.
 */
export async function evaluateAlerts(
  store: IncidentStore,
  atMs: number,
  opts: AlertOptions = DEFAULT_ALERTS,
  nowMs = Date.now(),
  sectors?: ReadonlyArray<{ zoneId: string; sectorId: string }>,
): Promise<Alert[]> {
  const end = Math.floor(atMs / HOUR) * HOUR + HOUR;
  const start = end - opts.windowH * HOUR;
  const base = start - opts.baselineH * HOUR;
  const wanted = sectors ? new Set(sectors.map((s) => `${s.zoneId}\u0000${s.sectorId}`)) : null;
  const rows = await store.sectorCounts(base, start, end);
  const out: Alert[] = [];
  for (const r of rows) {
    if (wanted && !wanted.has(`${r.zoneId}\u0000${r.sectorId}`)) continue;
    const t = rateJumpTest(r.recent, r.baseline, opts);
    if (!t.alert) continue;
    const windowEnd = new Date(end).toISOString();
    const alert: Alert = {
      id: `${r.zoneId}:${r.sectorId}:${windowEnd}`,
      zoneId: r.zoneId,
      sectorId: r.sectorId,
      windowStart: new Date(start).toISOString(),
      windowEnd,
      recent: t.recent,
      baseline: t.baseline,
      expected: Math.round(t.expected * 1000) / 1000,
      pValue: t.pValue,
      test: `exact conditional Poisson rate test, window ${opts.windowH} h vs baseline ${opts.baselineH} h, alpha ${opts.alpha}`,
      message: `${r.zoneId} ${r.sectorId}: ${t.recent} incidents in ${opts.windowH} h against ${t.expected.toFixed(2)} expected (p = ${t.pValue.toExponential(2)})`,
    };
    if (
      await store.insertAlert(
        {
          id: alert.id,
          zoneId: alert.zoneId,
          sectorId: alert.sectorId,
          windowEnd,
          data: alert as unknown as Record<string, unknown>,
        },
        nowMs,
      )
    )
      out.push(alert);
  }
  return out;
}
