/**
 * The event queue: a binary min-heap on typed arrays, ordered by
 * (time, priority, sequence). Sequence is the insertion count, so events at the
 * same time and priority come out first-in first-out, and the order never
 * depends on the heap's internals: the same pushes give the same pops, bit for
 * bit. Each event carries a kind and two integer payloads; nothing is allocated
 * per event. Capacity doubles when full.
 *
 * Why it is laid out this way (each cut measured on the M/M/64 and hold benchmarks):
 * - The heap holds only (time, slot); rank, kind and payloads stay put in their slot,
 *   so a sift moves two numbers per level instead of five. `rank` = priority × 2^32 +
 *   sequence (exact below 2^53: priorities 0..2^21 − 1, up to 2^32 pushes per run) is
 *   read only when two times are equal.
 * - pop() leaves the root empty; a push that follows (the common case: an event
 *   schedules the next) drops into that hole with one sift-down, instead of moving
 *   the last entry to the root, sifting it down, then sifting the new one up.
 * - Entries past the end are +∞ with a sentinel slot whose rank is +∞, so a sift
 *   never asks whether the right child exists.
 */
export class EventQueue {
  /** heap position → time; positions ≥ n hold +∞. */
  private time: Float64Array;
  /** heap position → slot; positions ≥ n hold the sentinel slot. */
  private slot: Int32Array;
  /** slot → its event's time (sifts read it here, so no time is passed as an argument: a double argument is boxed when a call is not inlined). */
  private when: Float64Array;
  /** slot → rank (priority × 2^32 + sequence); the sentinel's is +∞. */
  private rank: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  /** Stack of free slots, top at freeTop − 1. */
  private freeSlots: Int32Array;
  private freeTop = 0;
  /** Heap positions in use, counting the empty root while `hole`. */
  private n = 0;
  private hole = false;
  private seq = 0;
  /** The sentinel slot, = capacity. */
  private sentinel = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.time = new Float64Array(cap + 2);
    this.slot = new Int32Array(cap + 2);
    this.when = new Float64Array(cap + 1);
    this.rank = new Float64Array(cap + 1);
    this.kind = new Int32Array(cap);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.freeSlots = new Int32Array(cap);
    this.reset(cap);
  }

  get size(): number {
    return this.hole ? this.n - 1 : this.n;
  }

  /** Remove every event (sequence numbering restarts). */
  clear(): void {
    this.reset(this.kind.length);
  }

  /** Insert an event. `priority` is a small non-negative integer; lower runs first at equal times. */
  push(time: number, kind: number, a = 0, b = 0, priority = 0): void {
    if (this.freeTop === 0) this.grow();
    const s = this.freeSlots[--this.freeTop];
    this.when[s] = time;
    this.rank[s] = priority * 4294967296 + this.seq++;
    this.kind[s] = kind;
    this.a[s] = a;
    this.b[s] = b;
    this.insert(s);
  }

  private insert(s: number): void {
    if (this.hole) {
      this.hole = false;
      this.siftDown(s);
    } else this.siftUp(this.n++, s);
  }

  /** Time of the next event (undefined if empty). */
  peekTime(): number | undefined {
    if (this.hole) this.fillHole();
    return this.n > 0 ? this.time[0] : undefined;
  }

  /**
   * Remove the next event. Its fields are then readable as `lastTime`,
   * `lastKind`, `lastA`, `lastB` (no object is allocated). Returns false if empty.
   */
  pop(): boolean {
    if (this.hole) this.fillHole();
    if (this.n === 0) return false;
    this.take();
    return true;
  }

  /** pop() if the next event is at or before `until`; false (and nothing removed) otherwise. */
  popUntil(until: number): boolean {
    if (this.hole) this.fillHole();
    if (this.n === 0 || this.time[0] > until) return false;
    this.take();
    return true;
  }

  lastTime = 0;
  lastKind = 0;
  lastA = 0;
  lastB = 0;

  /** Read the root into last* and leave the root empty (n ≥ 1, no hole). */
  private take(): void {
    const s = this.slot[0];
    this.lastTime = this.time[0];
    this.lastKind = this.kind[s];
    this.lastA = this.a[s];
    this.lastB = this.b[s];
    this.freeSlots[this.freeTop++] = s;
    if (this.n === 1) {
      this.n = 0;
      this.time[0] = Number.POSITIVE_INFINITY;
      this.slot[0] = this.sentinel;
    } else this.hole = true;
  }

  /** Close the empty root with the last entry. */
  private fillHole(): void {
    this.hole = false;
    const n = --this.n;
    const s = this.slot[n];
    this.time[n] = Number.POSITIVE_INFINITY;
    this.slot[n] = this.sentinel;
    this.siftDown(s);
  }

  /** Put slot s in the empty root and sift it down among positions 1..n − 1. */
  private siftDown(s: number): void {
    const T = this.time;
    const S = this.slot;
    const R = this.rank;
    const n = this.n;
    const time = this.when[s];
    const r = R[s];
    let i = 0;
    let c = 1;
    while (c < n) {
      // the smaller child; the right one exists (past n it is +∞, rank +∞). Which one is a coin
      // toss the branch predictor loses half the time, so it is picked without a branch (setcc);
      // equal times, rare, take the branch to compare ranks.
      const tl = T[c];
      const tr = T[c + 1];
      if (tr === tl) {
        if (R[S[c + 1]] < R[S[c]]) c++;
      } else c += +(tr < tl);
      const tc = T[c];
      if (time < tc || (time === tc && r < R[S[c]])) break;
      T[i] = tc;
      S[i] = S[c];
      i = c;
      c = 2 * i + 1;
    }
    T[i] = time;
    S[i] = s;
  }

  /** Put slot s at position i and sift it up. */
  private siftUp(i: number, s: number): void {
    const T = this.time;
    const S = this.slot;
    const R = this.rank;
    const time = this.when[s];
    const r = R[s];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p];
      if (tp < time || (tp === time && R[S[p]] < r)) break;
      T[i] = tp;
      S[i] = S[p];
      i = p;
    }
    T[i] = time;
    S[i] = s;
  }

  /** Empty queue of capacity `cap` on the current arrays. */
  private reset(cap: number): void {
    this.n = 0;
    this.hole = false;
    this.seq = 0;
    this.sentinel = cap;
    this.time.fill(Number.POSITIVE_INFINITY);
    this.slot.fill(cap);
    this.rank[cap] = Number.POSITIVE_INFINITY;
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeTop = cap;
  }

  /** Double the capacity (only when every slot is in use, so the free stack is empty). */
  private grow(): void {
    const old = this.kind.length;
    const cap = old * 2;
    const time = new Float64Array(cap + 2).fill(Number.POSITIVE_INFINITY);
    time.set(this.time.subarray(0, this.n));
    const slot = new Int32Array(cap + 2).fill(cap);
    slot.set(this.slot.subarray(0, this.n));
    this.time = time;
    this.slot = slot;
    const when = new Float64Array(cap + 1);
    when.set(this.when.subarray(0, old));
    this.when = when;
    const rank = new Float64Array(cap + 1);
    rank.set(this.rank.subarray(0, old));
    rank[cap] = Number.POSITIVE_INFINITY;
    this.rank = rank;
    this.kind = grow32(this.kind, cap);
    this.a = grow32(this.a, cap);
    this.b = grow32(this.b, cap);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < old; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeTop = old;
    this.sentinel = cap;
  }
}

function grow32(x: Int32Array, cap: number): Int32Array {
  const y = new Int32Array(cap);
  y.set(x);
  return y;
}
