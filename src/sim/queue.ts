/**
 * The event queue: a binary min-heap on typed arrays, ordered by
 * (time, priority, sequence). Sequence is the insertion count, so events at the
 * same time and priority come out first-in first-out, and the order never
 * depends on the heap's internals: the same pushes give the same pops, bit for
 * bit. Each event carries a kind and two integer payloads; nothing is allocated
 * per event. Capacity doubles when full.
 *
 * Ordering is stored as two keys so that a comparison is at most two float
 * compares: `time` (Float64) and `rank` = priority × 2^32 + sequence (Float64,
 * exact below 2^53: priorities 0..2^21 − 1 and up to 2^32 pushes per run).
 */
export class EventQueue {
  private time: Float64Array;
  private rank: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private seq = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.time = new Float64Array(cap);
    this.rank = new Float64Array(cap);
    this.kind = new Int32Array(cap);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
  }

  get size(): number {
    return this.n;
  }

  /** Remove every event (sequence numbering restarts). */
  clear(): void {
    this.n = 0;
    this.seq = 0;
  }

  /** Insert an event. `priority` is a small non-negative integer; lower runs first at equal times. */
  push(time: number, kind: number, a = 0, b = 0, priority = 0): void {
    if (this.n === this.time.length) this.grow();
    const r = priority * 4294967296 + this.seq++;
    let i = this.n++;
    const T = this.time;
    const R = this.rank;
    const K = this.kind;
    const A = this.a;
    const B = this.b;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p];
      if (tp < time || (tp === time && R[p] < r)) break;
      T[i] = tp;
      R[i] = R[p];
      K[i] = K[p];
      A[i] = A[p];
      B[i] = B[p];
      i = p;
    }
    T[i] = time;
    R[i] = r;
    K[i] = kind;
    A[i] = a;
    B[i] = b;
  }

  /** Time of the next event (undefined if empty). */
  peekTime(): number | undefined {
    return this.n > 0 ? this.time[0] : undefined;
  }

  /**
   * Remove the next event. Its fields are then readable as `lastTime`,
   * `lastKind`, `lastA`, `lastB` (no object is allocated). Returns false if empty.
   */
  pop(): boolean {
    if (this.n === 0) return false;
    const T = this.time;
    const R = this.rank;
    const K = this.kind;
    const A = this.a;
    const B = this.b;
    this.lastTime = T[0];
    this.lastKind = K[0];
    this.lastA = A[0];
    this.lastB = B[0];
    const n = --this.n;
    if (n === 0) return true;
    const t = T[n];
    const r = R[n];
    const k = K[n];
    const a = A[n];
    const b = B[n];
    let i = 0;
    const half = n >> 1;
    // sift down
    while (i < half) {
      let c = 2 * i + 1;
      const d = c + 1;
      if (d < n && (T[d] < T[c] || (T[d] === T[c] && R[d] < R[c]))) c = d;
      const tc = T[c];
      if (t < tc || (t === tc && r < R[c])) break;
      T[i] = tc;
      R[i] = R[c];
      K[i] = K[c];
      A[i] = A[c];
      B[i] = B[c];
      i = c;
    }
    T[i] = t;
    R[i] = r;
    K[i] = k;
    A[i] = a;
    B[i] = b;
    return true;
  }

  lastTime = 0;
  lastKind = 0;
  lastA = 0;
  lastB = 0;

  private grow(): void {
    const cap = this.time.length * 2;
    const grow64 = (x: Float64Array) => {
      const y = new Float64Array(cap);
      y.set(x);
      return y;
    };
    const grow32 = (x: Int32Array) => {
      const y = new Int32Array(cap);
      y.set(x);
      return y;
    };
    this.time = grow64(this.time);
    this.rank = grow64(this.rank);
    this.kind = grow32(this.kind);
    this.a = grow32(this.a);
    this.b = grow32(this.b);
  }
}
