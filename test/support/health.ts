/**
 * Sequential `/api/health` probes while some work is pending, for the liveness tests and
 * bench/health.ts: a server whose event loop is held answers a sequential prober at most once
 * or twice during the work, one that keeps answering many times.
 */

/** The latency (ms) of one `/api/health`; throws unless it answers 200. */
export async function healthMs(base: string): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/health`);
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`/api/health: HTTP ${r.status}`);
  return performance.now() - t0;
}

/** Probe `/api/health` one request after another (with `gapMs` between) until `work` settles. */
export async function probeDuring<T>(
  base: string,
  work: Promise<T>,
  gapMs = 0,
): Promise<{ result: T; latenciesMs: number[] }> {
  let done = false;
  const latenciesMs: number[] = [];
  const prober = (async () => {
    while (!done) {
      latenciesMs.push(await healthMs(base));
      if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
    }
  })();
  try {
    return { result: await work, latenciesMs };
  } finally {
    done = true;
    await prober;
  }
}
