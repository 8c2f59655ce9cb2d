import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import type { Position } from "./types.js";
import { computeZoneInWorker } from "./worker-client.js";
import { computeZone, type ZoneInput } from "./zone.js";

const scenario = (coordinates: Position[]): ZoneInput => ({
  contactLine: { type: "LineString", coordinates },
  zone: { ends: "round", postSpacingKm: 10, withdrawalLines: [], widthKm: 10, sectors: 3 },
});

describe("computeZoneInWorker", () => {
  it("gives the same zone as computeZone in-process", async () => {
    const s = scenario([
      [30, 48],
      [31, 48.4],
      [32.2, 48.1],
    ]);
    const progress: number[] = [];
    const inWorker = await computeZoneInWorker(s, { onProgress: (f) => progress.push(f) });
    expect(inWorker).toEqual(computeZone(s));
    expect(progress.at(-1)).toBe(1);
  });

  it("stops at the time limit with an input error that says how to fix the line", async () => {
    // A long zigzag that cannot finish within 1 ms of starting (the worker itself takes longer to boot).
    const zigzag: Position[] = Array.from({ length: 5000 }, (_, i) => [30 + i * 0.0002, 48 + (i % 2) * 0.002]);
    const err = await computeZoneInWorker(scenario(zigzag), { timeLimitMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TruceInputError);
    expect(String((err as Error).message)).toMatch(/took longer than 0 s.*Simplify the line/);
  });

  it("rejects with the abort reason when cancelled, before or during the work", async () => {
    const s = scenario([
      [30, 48],
      [31, 48.4],
    ]);
    const before = new AbortController();
    before.abort(new Error("cancelled before"));
    await expect(computeZoneInWorker(s, { signal: before.signal })).rejects.toThrow("cancelled before");
    const during = new AbortController();
    const running = computeZoneInWorker(s, { signal: during.signal });
    during.abort(new Error("cancelled during"));
    await expect(running).rejects.toThrow("cancelled during");
  });

  it("passes input errors back as TruceInputError (too many vertices)", async () => {
    const coords: Position[] = Array.from({ length: 100_001 }, (_, i) => [30 + i * 1e-5, 48]);
    await expect(computeZoneInWorker(scenario(coords))).rejects.toBeInstanceOf(TruceInputError);
  });
});
