import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Zone } from "../geo/types.js";
import { computeZone } from "../geo/zone.js";
import { type Scenario, scenarioSchema } from "../scenario/schema.js";
import { setCacheEnabled } from "./diskCache.js";
import { cachedZone, readCachedZone, zoneCacheDir, zoneCacheKey } from "./zoneCache.js";

function scenario(widthKm: number): Scenario {
  return scenarioSchema.parse({
    name: "cache test",
    contactLine: {
      type: "LineString",
      coordinates: [
        [20, 45],
        [20.6, 45.2],
        [21.1, 45.1],
      ],
    },
    zone: { widthKm, sectors: 2 },
    mandate: { posture: "monitor" },
  }) as Scenario;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "truce-zone-cache-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  setCacheEnabled(true);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("zone cache", () => {
  it("returns on a hit exactly the zone it computed, without computing again", async () => {
    const dir = tempDir();
    let computed = 0;
    const compute = (s: Parameters<typeof computeZone>[0]) => {
      computed++;
      return computeZone(s);
    };
    const first = await cachedZone(scenario(10), {}, compute, dir);
    const second = await cachedZone(scenario(10), {}, compute, dir);
    expect(computed).toBe(1);
    expect(second).toEqual(first);
    expect(second.areaKm2).toBe(first.areaKm2);
    // One file, no temporary left behind (written to a temp file, then renamed).
    expect(readdirSync(dir)).toEqual([`${zoneCacheKey(scenario(10))}.json`]);
  });

  it("misses when a zone field changes, and names the key by line and zone only", async () => {
    const a = scenario(10);
    const renamed = { ...a, name: "another name" };
    expect(zoneCacheKey(renamed)).toBe(zoneCacheKey(a));
    expect(zoneCacheKey(scenario(12))).not.toBe(zoneCacheKey(a));
    const dir = tempDir();
    await cachedZone(a, {}, computeZone, dir);
    expect(readCachedZone(zoneCacheKey(scenario(12)), dir)).toBeUndefined();
  });

  it("recomputes over a torn or foreign file and replaces it", async () => {
    const dir = tempDir();
    const s = scenario(10);
    const key = zoneCacheKey(s);
    writeFileSync(join(dir, `${key}.json`), '{"key":"');
    expect(readCachedZone(key, dir)).toBeUndefined();
    const z = await cachedZone(s, {}, computeZone, dir);
    expect(readCachedZone(key, dir)?.areaKm2).toBe(z.areaKm2);
    writeFileSync(join(dir, `${key}.json`), JSON.stringify({ key: "other", zone: z }));
    expect(readCachedZone(key, dir)).toBeUndefined();
  });

  it("--no-cache neither reads nor writes", async () => {
    const dir = tempDir();
    setCacheEnabled(false);
    let computed = 0;
    const compute = (s: Parameters<typeof computeZone>[0]): Zone => {
      computed++;
      return computeZone(s);
    };
    await cachedZone(scenario(10), {}, compute, dir);
    await cachedZone(scenario(10), {}, compute, dir);
    expect(computed).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("lives under XDG_CACHE_HOME, else ~/.cache", () => {
    expect(zoneCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe(join("/x/cache", "truce", "zones"));
    expect(zoneCacheDir({})).toMatch(/\.cache[/\\]truce[/\\]zones$/);
  });

  it("an unwritable cache folder is not an error: the zone is still returned", async () => {
    const dir = tempDir();
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const z = await cachedZone(scenario(10), {}, computeZone, join(file, "zones"));
    expect(z.areaKm2).toBeGreaterThan(0);
  });
});
