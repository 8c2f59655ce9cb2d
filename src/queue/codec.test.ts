/** The wire format is exact: every double, typed array and spec survives JSON via BullMQ bit for bit. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { resolveSimulationParams } from "../sim/params.js";
import { runBlock } from "../sim/run.js";
import { compileSpec } from "../sim/spec.js";
import { decodeResult, decodeTask, decodeValue, encodeResult, encodeTask, encodeValue } from "./codec.js";

const viaJson = (v: unknown) => decodeValue(JSON.parse(JSON.stringify(encodeValue(v))));
const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

describe("queue codec", () => {
  it("round-trips any double, NaN, ±Infinity and −0 included, as a number and in a Float64Array", () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (xs) => {
        const back = viaJson({ list: xs, arr: Float64Array.from(xs) }) as { list: number[]; arr: Float64Array };
        expect(back.arr).toBeInstanceOf(Float64Array);
        expect(bits(back.arr)).toBe(bits(Float64Array.from(xs)));
        for (let i = 0; i < xs.length; i++) expect(Object.is(back.list[i], xs[i])).toBe(true);
      }),
    );
    expect(Object.is(viaJson(-0), -0)).toBe(true);
    expect(viaJson(Number.NaN)).toBeNaN();
  });

  it("keeps the type and contents of integer arrays, and of views into larger buffers", () => {
    const big = new Float64Array([1, 2, 3, 4, 5]);
    const back = viaJson({
      i: Int32Array.from([-2147483648, -1, 0, 2147483647]),
      u: Uint8Array.from([0, 255]),
      view: big.subarray(1, 3),
    }) as Record<string, ArrayLike<number>>;
    expect(back.i).toEqual(Int32Array.from([-2147483648, -1, 0, 2147483647]));
    expect(back.u).toEqual(Uint8Array.from([0, 255]));
    expect(back.view).toEqual(new Float64Array([2, 3]));
  });

  it("refuses what it cannot carry rather than changing it", () => {
    expect(() => encodeValue({ $t: 1 })).toThrow(/keys starting with \$/);
    expect(() => encodeValue(() => 1)).toThrow(/function/);
    expect(() => encodeValue(new BigInt64Array(1))).toThrow(/BigInt64Array/);
  });

  it("a compiled spec and a block's result survive the trip exactly, and the block reruns to the same numbers", () => {
    const zone = lineZone(300, 5);
    const params = resolveSimulationParams({ days: 3 });
    const spec = compileSpec({ force: { troops: 4000 } }, zone, params);
    const task = { spec, seed: 7, repStart: 3, repEnd: 6 };
    const back = decodeTask(JSON.parse(JSON.stringify(encodeTask(task))));
    expect(back).toEqual(task);
    const local = runBlock(task);
    const remote = runBlock(back);
    const returned = decodeResult(JSON.parse(JSON.stringify(encodeResult(remote))), task);
    expect(bits(returned.kpis)).toBe(bits(local.kpis));
    expect(bits(returned.hist)).toBe(bits(local.hist));
    expect(returned.events).toBe(local.events);
  });

  it("rejects a chunk from another version or with a broken spec, saying what is wrong", () => {
    const spec = compileSpec({ force: { troops: 4000 } }, lineZone(100, 2), resolveSimulationParams({ days: 1 }));
    const data = encodeTask({ spec, seed: 1, repStart: 0, repEnd: 2 });
    expect(() => decodeTask({ ...data, format: 99 })).toThrow(/chunk format 99/);
    expect(() => decodeTask({ ...data, repEnd: 0 })).toThrow(/replication range/);
    const broken = { ...(data.spec as object), muPerH: [1, 2] };
    expect(() => decodeTask({ ...data, spec: broken })).toThrow(/spec\.muPerH is missing or not a Float64Array/);
    expect(() => decodeResult({ repStart: 0 }, { spec, seed: 1, repStart: 0, repEnd: 2 })).toThrow(/malformed/);
  });
});
