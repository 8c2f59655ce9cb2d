/**
 * The computed zone, cached on disk between CLI runs (issue 16): `size`, `generate`, `patrol`,
 * `simulate`, `report` and `zone` on the same scenario build it once. Files live under
 * $XDG_CACHE_HOME/truce/zones (default ~/.cache/truce/zones), named by a SHA-256 of the line, the
 * zone fields, the zone code (src/geo), the Truce version and the cache format, so an edited line or
 * a new release misses. Folder, atomic writes and `--no-cache`: diskCache.ts.
 */
import { createHash } from "node:crypto";
import type { Zone } from "../geo/types.js";
import type { ZoneOptions } from "../geo/zone.js";
import type { Scenario } from "../scenario/schema.js";
import { cacheDir, cacheEnabled, codeFingerprint, readCacheFile, writeCacheFile } from "./diskCache.js";
import { TRUCE_VERSION } from "./version.js";

/** Bump when the cached JSON's shape or the zone algorithm changes within one Truce version. */
export const ZONE_CACHE_FORMAT = 1;

type ZoneScenario = Pick<Scenario, "contactLine" | "zone">;

/** The cache folder: $XDG_CACHE_HOME/truce/zones, else ~/.cache/truce/zones. */
export function zoneCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheDir("zones", env);
}

/** The cache key: a hash of exactly what the zone depends on, the zone code included. */
export function zoneCacheKey(s: ZoneScenario): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        format: ZONE_CACHE_FORMAT,
        version: TRUCE_VERSION,
        code: codeFingerprint(["geo"]),
        line: s.contactLine,
        zone: s.zone,
      }),
    )
    .digest("hex");
}

function looksLikeZone(z: unknown): z is Zone {
  const o = z as Partial<Zone> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.lengthKm === "number" &&
    typeof o.areaKm2 === "number" &&
    Array.isArray(o.sectors) &&
    Array.isArray(o.posts) &&
    Array.isArray(o.withdrawalLines) &&
    typeof o.polygon === "object"
  );
}

/** The cached zone, or undefined on a miss (absent, unreadable, corrupt or another key's file). */
export function readCachedZone(key: string, dir = zoneCacheDir()): Zone | undefined {
  const bytes = readCacheFile(dir, `${key}.json`);
  if (!bytes) return undefined;
  try {
    const doc = JSON.parse(bytes.toString("utf8")) as { key?: string; zone?: unknown };
    return doc.key === key && looksLikeZone(doc.zone) ? doc.zone : undefined;
  } catch {
    return undefined; // a torn or foreign file: compute afresh and overwrite it
  }
}

/** Store a zone under its key (temporary file + rename: a reader never sees half a file). */
export function writeCachedZone(key: string, zone: Zone, dir = zoneCacheDir()): void {
  writeCacheFile(dir, `${key}.json`, JSON.stringify({ key, zone }));
}

/**
 * computeZone through the cache. `compute` is injected so that the geodesic code (and jsts) loads
 * only on a miss: a warm run never imports it.
 */
export async function cachedZone(
  scenario: ZoneScenario,
  options: ZoneOptions = {},
  compute: (s: ZoneScenario, o: ZoneOptions) => Zone | Promise<Zone> = defaultCompute,
  dir = zoneCacheDir(),
): Promise<Zone> {
  if (!cacheEnabled()) return compute(scenario, options);
  const key = zoneCacheKey(scenario);
  const hit = readCachedZone(key, dir);
  if (hit) return hit;
  const zone = await compute(scenario, options);
  writeCachedZone(key, zone, dir);
  return zone;
}

async function defaultCompute(s: ZoneScenario, o: ZoneOptions): Promise<Zone> {
  return (await import("../geo/zone.js")).computeZone(s, o);
}

/** The Planner's zone stage for CLI commands: `new Planner({ zone: cliZone })`. */
export const cliZone = (scenario: Scenario): Promise<Zone> => cachedZone(scenario);
