/**
 * The computed zone, cached on disk between CLI runs (issue 16): `size`, `generate`, `patrol`,
 * `simulate`, `report` and `zone` on the same scenario build it once. Files live under
 * $XDG_CACHE_HOME/truce/zones (default ~/.cache/truce/zones), named by a SHA-256 of the line, the
 * zone fields, the Truce version and the cache format, so an edited line or a new release misses.
 * Writes go to a temporary file and are renamed into place: concurrent runs see a whole file or none.
 * The cache is best effort: an unreadable or unwritable folder means the zone is computed, never an error.
 * `truce --no-cache …` turns it off (program.ts calls setZoneCacheEnabled).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Zone } from "../geo/types.js";
import type { ZoneOptions } from "../geo/zone.js";
import type { Scenario } from "../scenario/schema.js";
import { TRUCE_VERSION } from "./version.js";

/** Bump when the cached JSON's shape or the zone algorithm changes within one Truce version. */
export const ZONE_CACHE_FORMAT = 1;

type ZoneScenario = Pick<Scenario, "contactLine" | "zone">;

let enabled = true;

/** Turn the cache on or off for this process (the `--no-cache` flag). */
export function setZoneCacheEnabled(on: boolean): void {
  enabled = on;
}

/** The cache folder: $XDG_CACHE_HOME/truce/zones, else ~/.cache/truce/zones. */
export function zoneCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "truce", "zones");
}

let geoCode: string | undefined;

/**
 * A fingerprint of the zone code itself (the files of src/geo, as built or as source): a zone cached
 * by other code is a miss, even within one version (a developer's tree, a patched install). Reading
 * the folder's ~20 small files costs about a millisecond.
 */
export function zoneCodeFingerprint(): string {
  if (geoCode !== undefined) return geoCode;
  const hash = createHash("sha256");
  try {
    const dir = fileURLToPath(new URL("../geo/", import.meta.url));
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(js|ts)$/.test(name) || /\.test\.|\.map$/.test(name)) continue;
      hash
        .update(name)
        .update("\0")
        .update(readFileSync(join(dir, name)))
        .update("\0");
    }
  } catch {
    hash.update("unreadable"); // still a stable key; the version and format guard it
  }
  geoCode = hash.digest("hex");
  return geoCode;
}

/** The cache key: a hash of exactly what the zone depends on, the zone code included. */
export function zoneCacheKey(s: ZoneScenario): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        format: ZONE_CACHE_FORMAT,
        version: TRUCE_VERSION,
        code: zoneCodeFingerprint(),
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
  let text: string;
  try {
    text = readFileSync(join(dir, `${key}.json`), "utf8");
  } catch {
    return undefined;
  }
  try {
    const doc = JSON.parse(text) as { key?: string; zone?: unknown };
    return doc.key === key && looksLikeZone(doc.zone) ? doc.zone : undefined;
  } catch {
    return undefined; // a torn or foreign file: compute afresh and overwrite it
  }
}

/** Store a zone under its key: temporary file + rename, so a reader never sees half a file. */
export function writeCachedZone(key: string, zone: Zone, dir = zoneCacheDir()): void {
  const tmp = join(dir, `.${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify({ key, zone }));
    renameSync(tmp, join(dir, `${key}.json`));
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: nothing was left there
    }
    if (process.env.TRUCE_DEBUG) process.stderr.write(`zone cache: not written (${(e as Error).message})\n`);
  }
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
  if (!enabled) return compute(scenario, options);
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
