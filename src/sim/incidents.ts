/**
 * The simulator's incidents as structure-of-arrays typed arrays, grown by doubling, and the
 * buffers a thread reuses from one replication to the next (nothing is allocated per event).
 */

/** One row per incident; the operations model (model.ts) owns the meaning of `flags`. */
export class IncidentStore {
  cap: number;
  n = 0;
  start: Float64Array;
  along: Float64Array;
  lateral: Float64Array;
  crowd: Float64Array;
  /** Uniforms drawn at the start, so the same incident meets every force size with the same luck (common random numbers). */
  uEsc: Float64Array;
  uForce: Float64Array;
  /** The incident's own random key (drawn from its parent's stream): all its luck comes from stream(seed, rep, 2, key, part). */
  key: Float64Array;
  /** Deaths already counted against it (never more than it would cause left alone). */
  dead: Int32Array;
  detectT: Float64Array;
  resolveT: Float64Array;
  type: Int8Array;
  sector: Int32Array;
  root: Int32Array;
  flags: Int32Array;
  sent: Int32Array;
  onScene: Int32Array;
  /** Police units among those on scene. */
  onScenePolice: Int32Array;
  nextWaiting: Int32Array;

  constructor(cap: number) {
    this.cap = cap;
    this.start = new Float64Array(cap);
    this.along = new Float64Array(cap);
    this.lateral = new Float64Array(cap);
    this.crowd = new Float64Array(cap);
    this.uEsc = new Float64Array(cap);
    this.uForce = new Float64Array(cap);
    this.key = new Float64Array(cap);
    this.dead = new Int32Array(cap);
    this.detectT = new Float64Array(cap);
    this.resolveT = new Float64Array(cap);
    this.type = new Int8Array(cap);
    this.sector = new Int32Array(cap);
    this.root = new Int32Array(cap);
    this.flags = new Int32Array(cap);
    this.sent = new Int32Array(cap);
    this.onScene = new Int32Array(cap);
    this.onScenePolice = new Int32Array(cap);
    this.nextWaiting = new Int32Array(cap);
  }

  grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Float64Array | Int32Array | Int8Array>(x: T, C: new (n: number) => T): T => {
      const y = new C(cap);
      y.set(x);
      return y;
    };
    this.start = g(this.start, Float64Array);
    this.along = g(this.along, Float64Array);
    this.lateral = g(this.lateral, Float64Array);
    this.crowd = g(this.crowd, Float64Array);
    this.uEsc = g(this.uEsc, Float64Array);
    this.uForce = g(this.uForce, Float64Array);
    this.key = g(this.key, Float64Array);
    this.dead = g(this.dead, Int32Array);
    this.detectT = g(this.detectT, Float64Array);
    this.resolveT = g(this.resolveT, Float64Array);
    this.type = g(this.type, Int8Array);
    this.sector = g(this.sector, Int32Array);
    this.root = g(this.root, Int32Array);
    this.flags = g(this.flags, Int32Array);
    this.sent = g(this.sent, Int32Array);
    this.onScene = g(this.onScene, Int32Array);
    this.onScenePolice = g(this.onScenePolice, Int32Array);
    this.nextWaiting = g(this.nextWaiting, Int32Array);
    this.cap = cap;
  }
}

/** Buffers reused from one replication to the next in the same thread (no per-replication allocation). */
export class Scratch {
  inc = new IncidentStore(1024);
  cascadeSize = new Int32Array(1024);
  cascadeEsc = new Int32Array(1024);
}
