/**
 * Splittable, seeded random streams: the one random-number module of the planning core
 * (the simulator's replications, the patrol schedules and the attacker model all draw here).
 *
 * A stream is keyed by integers (seed, replication, stream id, ...). The key is
 * hashed with a 32-bit avalanche mixer into the 128-bit state of an sfc32
 * generator (Doty-Humphrey's Small Fast Counting generator: it has a counter in
 * its state, so every seed has a period of at least 2^32, ~2^127 on average, and
 * passes PractRand to 2^41+ bytes). Streams with different keys are
 * statistically independent; a replication's numbers depend on its key only,
 * never on which thread runs it or in what order, which is what makes results
 * bit-identical whatever the thread count.
 */

/**
 * murmur3's 32-bit finaliser: every input bit flips each output bit with p ~ 1/2. Takes and gives
 * int32 (the same bits as the usual uint32 form; int32 stays a small integer in V8, uint32 may not).
 */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// Hashing a key list: h starts at fmix32(0x9e3779b9 ^ imul(salt + 1, 0x632be5ab)) for each of
// the three salts, and each key k folds in as h = fmix32(h ^ fmix32(lo + C_LO)), then
// h = fmix32(h ^ fmix32(hi + C_HI)) (lo, hi: k's low and high 32 bits). The inner fmix32 does not
// depend on the salt, so it is computed once per key for all three words.
const C_LO = 0x7f4a7c15;
const C_HI = 0x3c6ef372;
const saltStart = (salt: number) => fmix32(0x9e3779b9 ^ Math.imul(salt + 1, 0x632be5ab));
const START_0 = saltStart(0);
const START_1 = saltStart(1);
const START_2 = saltStart(2);

// The salt-free inner mixes of a key's two halves; small keys (the usual stream ids and parts)
// and a zero high half (keys below 2^32) are looked up.
const LO_SMALL = Int32Array.from({ length: 16 }, (_, k) => fmix32((k + C_LO) | 0));
const HI_ZERO = fmix32(C_HI);
const loMix = (k: number) => (k < 16 ? LO_SMALL[k] : fmix32(((k >>> 0) + C_LO) | 0));
const hiMix = (k: number) => (k < 4294967296 ? HI_ZERO : fmix32(((Math.floor(k / 4294967296) >>> 0) + C_HI) | 0));

const isKey = (k: number) => k >= 0 && k <= Number.MAX_SAFE_INTEGER && Math.floor(k) === k;

function checkKey(k: number): void {
  if (!isKey(k)) throw new RangeError(`random stream keys must be non-negative safe integers, got ${k}`);
}

/** The three seed words after `keys`, starting from (h0, h1, h2); written to `out`. */
function absorb(keys: readonly number[], h0: number, h1: number, h2: number, out: Int32Array): void {
  for (const k of keys) {
    checkKey(k);
    const lo = loMix(k);
    const hi = hiMix(k);
    h0 = fmix32(fmix32(h0 ^ lo) ^ hi);
    h1 = fmix32(fmix32(h1 ^ lo) ^ hi);
    h2 = fmix32(fmix32(h2 ^ lo) ^ hi);
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
}

/** The seed words being made (one thread makes one stream at a time). */
const words = new Int32Array(3);

const INV_2_53 = 1 / 9007199254740992;

/**
 * One random stream. Not thread-safe (nothing here is shared between threads):
 * create one per replication and purpose with {@link stream} (or {@link StreamFamily}).
 */
export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream from its three hashed seed words (what stream() derives from the keys). */
  constructor(a: number, b: number, c: number) {
    this.a = 0;
    this.b = 0;
    this.c = 0;
    this.d = 0;
    this.seedWords(a, b, c);
  }

  /** Restart as `new RandomStream(a, b, c)` starts, without allocating (see StreamFamily.reseed). */
  seedWords(a: number, b: number, c: number): void {
    // mix the state: 15 steps on locals (a stream is seeded per incident and part)
    a |= 0;
    b |= 0;
    c |= 0;
    let d = 1; // counter
    for (let i = 0; i < 15; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return this.step() >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.step() >>> 5; // 27 bits
    const lo = this.step() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * INV_2_53;
  }

  /**
   * One sfc32 step, as int32 (the same bits as nextUint32): a small integer in V8 even when the
   * call is not inlined, where a uint32 above 2^31 would be a heap number allocated per draw.
   */
  private step(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t;
  }

  /** A uniform double in (0, 1): never 0, safe for logarithms. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Exponential variate with the given mean. */
  exponential(mean: number): number {
    // nextOpen() written out: one call level less where V8 does not inline (each level returns a boxed double)
    let u = this.next();
    while (u === 0) u = this.next();
    return -Math.log(u) * mean;
  }

  /** Standard normal variate (Box–Muller, one of the pair). */
  normal(): number {
    let u = this.next(); // nextOpen(), as in exponential()
    while (u === 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal variate with the given median and log-scale standard deviation. */
  lognormal(median: number, sigma: number): number {
    return sigma === 0 ? median : median * Math.exp(sigma * this.normal());
  }

  /**
   * Poisson variate. Inversion by sequential search for mean < 30 (exact);
   * above that, the PTRS transformed-rejection method of Hörmann (1993), exact too.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      let k = 0;
      let p = Math.exp(-mean);
      let s = p;
      const u = this.next();
      while (u > s) {
        k++;
        p *= mean / k;
        s += p;
        if (k > 1000) break;
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.nextOpen();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k))
        return k;
    }
  }
}

const LOG_FACT: number[] = [0];
function logFactorial(k: number): number {
  if (k < 256) {
    while (LOG_FACT.length <= k) LOG_FACT.push(LOG_FACT[LOG_FACT.length - 1] + Math.log(LOG_FACT.length));
    return LOG_FACT[k];
  }
  // Stirling series, error < 1e-10 for k >= 256
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
}

/**
 * The stream for a key, e.g. `stream(seed, replication, STREAM_ARRIVALS)`.
 * @example const rng = stream(42, 7, 0); rng.exponential(2); // hours
 */
export function stream(...keys: number[]): RandomStream {
  absorb(keys, START_0, START_1, START_2, words);
  return new RandomStream(words[0], words[1], words[2]);
}

/**
 * Streams that share their leading keys: `family.stream(k1, k2)` is `stream(...prefix, k1, k2)`,
 * bit for bit, with the prefix hashed once (the simulator makes a stream per incident and part).
 * @example const incidents = new StreamFamily([seed, rep, 2]); incidents.stream(key, part).next();
 */
export class StreamFamily {
  private readonly h0: number;
  private readonly h1: number;
  private readonly h2: number;
  /** The four salt-free inner mixes of (k1, k2) while a stream is made. */
  private readonly mixIn = new Int32Array(4);

  constructor(prefix: readonly number[]) {
    absorb(prefix, START_0, START_1, START_2, words);
    this.h0 = words[0];
    this.h1 = words[1];
    this.h2 = words[2];
  }

  stream(k1: number, k2: number): RandomStream {
    this.mixKeys(k1, k2);
    return new RandomStream(words[0], words[1], words[2]);
  }

  /** Make `rng` the stream `stream(...prefix, k1, k2)` in place, with no allocation; returns it. */
  reseed(rng: RandomStream, k1: number, k2: number): RandomStream {
    this.mixKeys(k1, k2);
    rng.seedWords(words[0], words[1], words[2]);
    return rng;
  }

  /** The seed words of (...prefix, k1, k2), into `words`. */
  private mixKeys(k1: number, k2: number): void {
    if (!(isKey(k1) && isKey(k2))) checkKey(isKey(k1) ? k2 : k1);
    // the same arithmetic as absorb(), written out with no calls in the common case: in the
    // simulator this runs inside large handlers where V8 has no inlining budget left for fmix32
    const x = this.mixIn;
    x[0] = k1 < 16 ? LO_SMALL[k1] : fmix32(((k1 >>> 0) + C_LO) | 0);
    x[1] = k1 < 4294967296 ? HI_ZERO : hiMix(k1);
    x[2] = k2 < 16 ? LO_SMALL[k2] : fmix32(((k2 >>> 0) + C_LO) | 0);
    x[3] = k2 < 4294967296 ? HI_ZERO : hiMix(k2);
    let a = this.h0;
    let b = this.h1;
    let c = this.h2;
    for (let q = 0; q < 4; q++) {
      a ^= x[q];
      a ^= a >>> 16;
      a = Math.imul(a, 0x85ebca6b);
      a ^= a >>> 13;
      a = Math.imul(a, 0xc2b2ae35);
      a ^= a >>> 16;
      b ^= x[q];
      b ^= b >>> 16;
      b = Math.imul(b, 0x85ebca6b);
      b ^= b >>> 13;
      b = Math.imul(b, 0xc2b2ae35);
      b ^= b >>> 16;
      c ^= x[q];
      c ^= c >>> 16;
      c = Math.imul(c, 0x85ebca6b);
      c ^= c >>> 13;
      c = Math.imul(c, 0xc2b2ae35);
      c ^= c >>> 16;
    }
    words[0] = a;
    words[1] = b;
    words[2] = c;
  }
}

/**
 * mulberry32: a tiny seeded generator (32-bit state) of uniforms in [0, 1), for draws that need no
 * splitting: sizing's joint Monte Carlo, and benchmarks' data and tests' references (test/support).
 * The simulator uses the splittable streams above.
 * @example const random = mulberry32(42); random() // in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
