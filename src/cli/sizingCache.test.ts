import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ProposalInput, type SizedProposal, sizeProposal, trackRecordOf } from "../sizing/index.js";
import { setCacheEnabled } from "./diskCache.js";
import { cachedSizing, cachedTrackRecord, sizingCacheDir, sizingCacheKey, trackRecordCacheKey } from "./sizingCache.js";

const line: ProposalInput = {
  name: "a 300 km line",
  inputs: { posture: "monitor", threat: "medium", territory: false, lengthKm: 300, zoneAreaKm2: 3000 },
  stated: { troops: 3000 },
};
const MISSIONS = readFileSync("data/missions.csv", "utf8");
const Q = { method: "task", missionClass: "line", posture: "monitor" };

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "truce-sizing-cache-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  setCacheEnabled(true);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** sizeProposal, counting its calls. */
function counted() {
  const calls = { n: 0 };
  const compute = (p: ProposalInput): SizedProposal => {
    calls.n++;
    return sizeProposal(p);
  };
  return { calls, compute };
}

describe("sizing cache", () => {
  it("returns on a hit exactly what it computed, without sizing again", () => {
    const dir = tempDir();
    const { calls, compute } = counted();
    const first = cachedSizing(line, compute, dir);
    const second = cachedSizing(line, compute, dir);
    expect(calls.n).toBe(1);
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(sizeProposal(line)));
    // One file, no temporary left behind.
    expect(readdirSync(dir)).toEqual([`${sizingCacheKey(line)}.v8`]);
  });

  it("misses when any input changes: a number, an override, the stated force, the name", () => {
    const dir = tempDir();
    const { calls, compute } = counted();
    cachedSizing(line, compute, dir);
    const changed: ProposalInput[] = [
      { ...line, inputs: { ...line.inputs, lengthKm: 301 } },
      { ...line, overrides: { crewPerPost: 6 } },
      { ...line, stated: { troops: 3001 } },
      { ...line, name: "another line" },
    ];
    for (const p of changed) {
      expect(sizingCacheKey(p)).not.toBe(sizingCacheKey(line));
      expect(cachedSizing(p, compute, dir).row).toEqual(sizeProposal(p).row);
    }
    expect(calls.n).toBe(1 + changed.length);
  });

  it("keeps numbers JSON cannot (NaN, -0) bit for bit", () => {
    const dir = tempDir();
    const odd = (p: ProposalInput): SizedProposal => {
      const s = sizeProposal(p);
      return { ...s, result: { ...s.result, recommended: { ...s.result.recommended, low: Number.NaN, high: -0 } } };
    };
    cachedSizing(line, odd, dir);
    const hit = cachedSizing(line, () => expect.unreachable("a hit"), dir);
    expect(hit.result.recommended.low).toBeNaN();
    expect(Object.is(hit.result.recommended.high, -0)).toBe(true);
  });

  it("recomputes over a torn or foreign file", () => {
    const dir = tempDir();
    const { calls, compute } = counted();
    writeFileSync(join(dir, `${sizingCacheKey(line)}.v8`), "not v8");
    expect(cachedSizing(line, compute, dir).row.name).toBe(line.name);
    expect(calls.n).toBe(1);
    cachedSizing(line, compute, dir);
    expect(calls.n).toBe(1);
  });

  it("--no-cache neither reads nor writes", () => {
    const dir = tempDir();
    setCacheEnabled(false);
    const { calls, compute } = counted();
    cachedSizing(line, compute, dir);
    cachedSizing(line, compute, dir);
    expect(calls.n).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("lives under XDG_CACHE_HOME", () => {
    expect(sizingCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe(join("/x/cache", "truce", "sizing"));
  });
});

describe("track record cache", () => {
  it("hits for the same missions text and question, and misses when either changes", () => {
    const dir = tempDir();
    let calls = 0;
    const compute: typeof trackRecordOf = (m, q) => {
      calls++;
      return trackRecordOf(m, q);
    };
    const first = cachedTrackRecord("missions.csv", MISSIONS, Q, compute, dir);
    expect(cachedTrackRecord("missions.csv", MISSIONS, Q, compute, dir)).toEqual(first);
    expect(calls).toBe(1);
    // One figure of one mission edited: a new key, computed from the edited file.
    const edited = MISSIONS.replace(/\n([^\n]*?),(\d+),/, (_m, head, n) => `\n${head},${Number(n) + 1},`);
    expect(edited).not.toBe(MISSIONS);
    expect(trackRecordCacheKey(edited, Q)).not.toBe(trackRecordCacheKey(MISSIONS, Q));
    cachedTrackRecord("missions.csv", edited, Q, compute, dir);
    cachedTrackRecord("missions.csv", MISSIONS, { ...Q, posture: "interpose" }, compute, dir);
    expect(calls).toBe(3);
  });
});
