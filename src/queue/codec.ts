/**
 * Chunk data on the wire. BullMQ stores job data and return values as JSON, which
 * would turn typed arrays into index-keyed objects and NaN, ±Infinity and −0 into
 * null or 0. So typed arrays travel as base64 of their little-endian bytes and
 * non-finite numbers and −0 as tagged strings: every double round-trips bit for bit.
 */
import { endianness } from "node:os";
import { NK } from "../sim/model.js";
import type { BlockResult, BlockTask } from "../sim/run.js";
import type { ModelSpec } from "../sim/spec.js";

/** Bumped when the chunk format changes; a worker refuses chunks of another version. */
export const CHUNK_FORMAT = 1;

const TYPED = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const;
type TypedTag = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedTag]>;

const BIG_ENDIAN = endianness() === "BE";

function tagOf(v: ArrayBufferView): TypedTag {
  for (const [tag, C] of Object.entries(TYPED)) if (v instanceof C) return tag as TypedTag;
  throw new Error(`cannot encode ${v.constructor.name} for the queue (only number typed arrays are supported)`);
}

function swapToLittle(buf: Buffer, bytes: number): void {
  if (!BIG_ENDIAN || bytes === 1) return;
  if (bytes === 8) buf.swap64();
  else if (bytes === 4) buf.swap32();
  else buf.swap16();
}

function encodeTyped(v: Typed): { $t: TypedTag; b64: string } {
  const bytes = Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); // a copy
  swapToLittle(bytes, v.BYTES_PER_ELEMENT);
  return { $t: tagOf(v), b64: bytes.toString("base64") };
}

function decodeTyped(tag: TypedTag, b64: string): Typed {
  const C = TYPED[tag];
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length % C.BYTES_PER_ELEMENT !== 0)
    throw new Error(`corrupt ${tag} array on the queue: ${bytes.length} bytes is not a whole number of elements`);
  swapToLittle(bytes, C.BYTES_PER_ELEMENT);
  // Copy into a fresh, aligned buffer (Buffer.from may return a slice of a shared pool).
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  return new C(aligned.buffer);
}

/** Turn a value of numbers, strings, booleans, null, arrays, typed arrays and plain objects into JSON-safe data. */
export function encodeValue(v: unknown): unknown {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $n: "NaN" };
    if (v === Number.POSITIVE_INFINITY) return { $n: "Infinity" };
    if (v === Number.NEGATIVE_INFINITY) return { $n: "-Infinity" };
    if (Object.is(v, -0)) return { $n: "-0" };
    return v;
  }
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (ArrayBuffer.isView(v)) return encodeTyped(v as Typed);
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === "object" && v !== undefined) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if (k.startsWith("$")) throw new Error(`cannot encode key "${k}" for the queue (keys starting with $ are tags)`);
      out[k] = encodeValue(x);
    }
    return out;
  }
  throw new Error(`cannot encode a ${typeof v} for the queue`);
}

const SPECIAL: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

/** Inverse of encodeValue. */
export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  if (typeof o.$n === "string" && o.$n in SPECIAL) return SPECIAL[o.$n];
  if (typeof o.$t === "string" && typeof o.b64 === "string" && o.$t in TYPED)
    return decodeTyped(o.$t as TypedTag, o.b64);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
  return out;
}

/** A block of replications as job data. */
export interface ChunkData {
  format: number;
  seed: number;
  repStart: number;
  repEnd: number;
  /** encodeValue(spec) */
  spec: unknown;
}

export function encodeTask(task: BlockTask): ChunkData {
  return {
    format: CHUNK_FORMAT,
    seed: task.seed,
    repStart: task.repStart,
    repEnd: task.repEnd,
    spec: encodeValue(task.spec),
  };
}

// The typed-array fields of a ModelSpec, checked on arrival so a chunk from a different Truce version
// fails with a message rather than with numbers that silently differ.
const SPEC_ARRAYS: Array<[keyof ModelSpec, abstract new (...a: never[]) => unknown]> = [
  ["sectorStartKm", Float64Array],
  ["sectorEndKm", Float64Array],
  ["muPerH", Float64Array],
  ["pDetect", Float64Array],
  ["unitBaseKm", Float64Array],
  ["unitReachLo", Int32Array],
  ["unitReachHi", Int32Array],
  ["victimsParty", Uint8Array],
  ["maxRung", Int32Array],
  ["ladderSuccess", Float64Array],
  ["shockTypes", Int32Array],
  ["shockSectorOffset", Int32Array],
];

/** Job data back to a task; throws a plain message naming what is wrong (the worker reports it as the chunk's failure). */
export function decodeTask(data: unknown): BlockTask {
  const d = data as Partial<ChunkData> | null;
  if (!d || typeof d !== "object") throw new Error("chunk has no data");
  if (d.format !== CHUNK_FORMAT)
    throw new Error(
      `chunk format ${d.format} is not this worker's (${CHUNK_FORMAT}): run the same Truce version on the client and the workers`,
    );
  const { seed, repStart, repEnd } = d;
  if (!Number.isInteger(seed) || !Number.isInteger(repStart) || !Number.isInteger(repEnd) || repEnd! <= repStart!)
    throw new Error(`chunk has a bad seed or replication range (seed ${seed}, replications ${repStart}..${repEnd})`);
  const spec = decodeValue(d.spec) as ModelSpec;
  if (!spec || typeof spec !== "object" || !Number.isInteger(spec.nSectors))
    throw new Error("chunk spec has no nSectors: run the same Truce version on the client and the workers");
  for (const [name, C] of SPEC_ARRAYS) {
    if (!(spec[name] instanceof C))
      throw new Error(
        `chunk spec.${name} is missing or not a ${C.name}: run the same Truce version on the client and the workers`,
      );
  }
  if (spec.muPerH.length % spec.nSectors !== 0 || spec.sectorStartKm.length !== spec.nSectors)
    throw new Error(`chunk spec arrays do not match its ${spec.nSectors} sectors`);
  return { spec, seed: seed!, repStart: repStart!, repEnd: repEnd! };
}

/** A job's return value: where its result waits (connect.ts resultKey). */
export interface ChunkDone {
  resultKey: string;
}

/** A block's result on the wire. */
export interface ChunkResult {
  repStart: number;
  events: number;
  kpis: unknown;
  hist: unknown;
  histLength: number;
}

export function encodeResult(r: BlockResult): ChunkResult {
  // Trailing empty bins dominate the 24 h histogram; leave them off the wire.
  let n = r.hist.length;
  while (n > 0 && r.hist[n - 1] === 0) n--;
  return {
    repStart: r.repStart,
    events: r.events,
    kpis: encodeValue(r.kpis),
    hist: encodeValue(r.hist.subarray(0, n)),
    histLength: r.hist.length,
  };
}

/** Return value back to a block result; checks it is the block that was asked for. */
export function decodeResult(v: unknown, task: BlockTask): BlockResult {
  const r = v as Partial<ChunkResult> | null;
  const kpis = r && decodeValue(r.kpis);
  const histPart = r && decodeValue(r.hist);
  const expected = (task.repEnd - task.repStart) * NK;
  if (
    !r ||
    r.repStart !== task.repStart ||
    !(kpis instanceof Float64Array) ||
    kpis.length !== expected ||
    !(histPart instanceof Float64Array) ||
    typeof r.histLength !== "number" ||
    histPart.length > r.histLength ||
    typeof r.events !== "number"
  )
    throw new Error(`chunk ${task.repStart}..${task.repEnd} came back malformed (a worker of another Truce version?)`);
  const hist = new Float64Array(r.histLength);
  hist.set(histPart);
  return { repStart: r.repStart, kpis, hist, events: r.events };
}
