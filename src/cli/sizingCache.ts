/**
 * Sizings and track records cached on disk between CLI runs (issue 16 item 4): a warm `truce size`
 * reads the Monte Carlo sizing of its proposal (the own posture and the four others it is compared
 * with) and its track record instead of running them again. Both are pure: keys are a SHA-256 of
 * everything they depend on, the inputs (as v8 serialises them, so no two differ only in NaN or -0),
 * the sizing code (src/sizing, src/ops, src/util), the Truce version and the cache format. Values are
 * stored with v8.serialize, which keeps every number bit for bit (JSON would turn NaN into null).
 * Files live under $XDG_CACHE_HOME/truce/sizing; folder, atomic writes and `--no-cache`: diskCache.ts.
 */
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import {
  type ProposalInput,
  parseMissions,
  type SizedProposal,
  sizeProposal,
  type TrackRecord,
  trackRecordOf,
} from "../sizing/index.js";
import type { Mission } from "../sizing/missions.js";
import { cacheDir, cacheEnabled, codeFingerprint, readCacheFile, writeCacheFile } from "./diskCache.js";
import { TRUCE_VERSION } from "./version.js";

/** Bump when a cached value's shape changes within one Truce version. */
export const SIZING_CACHE_FORMAT = 1;

/** The code a sizing or a track record comes from. */
const SIZING_CODE = ["sizing", "ops", "util"];

export function sizingCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheDir("sizing", env);
}

function keyOf(kind: string, input: unknown): string {
  const material = {
    kind,
    format: SIZING_CACHE_FORMAT,
    version: TRUCE_VERSION,
    v8: process.versions.v8,
    code: codeFingerprint(SIZING_CODE),
    input,
  };
  return createHash("sha256").update(serialize(material)).digest("hex");
}

/** The key of a proposal's sizing: the proposal itself (name, inputs with the shared assumptions, overrides, stated force). */
export function sizingCacheKey(proposal: ProposalInput): string {
  return keyOf("sizing", proposal);
}

/** The key of a track record: the missions file's text and the question asked of it. */
export function trackRecordCacheKey(missionsText: string, q: TrackQuery): string {
  return keyOf("trackRecord", { missionsText, q });
}

type TrackQuery = { method: string; missionClass: string; posture: string };

/** The cached value under `key`, or undefined on a miss (absent, unreadable, torn, another key's, or not `ok`). */
export function readCached<T>(key: string, ok: (v: unknown) => v is T, dir = sizingCacheDir()): T | undefined {
  const bytes = readCacheFile(dir, `${key}.v8`);
  if (!bytes) return undefined;
  try {
    const doc = deserialize(bytes) as { key?: unknown; value?: unknown };
    return doc?.key === key && ok(doc.value) ? doc.value : undefined;
  } catch {
    return undefined; // a torn or foreign file: compute afresh and overwrite it
  }
}

function through<T>(key: string, ok: (v: unknown) => v is T, compute: () => T, dir: string): T {
  if (!cacheEnabled()) return compute();
  const hit = readCached(key, ok, dir);
  if (hit !== undefined) return hit;
  const value = compute();
  writeCacheFile(dir, `${key}.v8`, serialize({ key, value }));
  return value;
}

function looksSized(v: unknown): v is SizedProposal {
  const o = v as Partial<SizedProposal> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    Array.isArray(o.result?.estimates) &&
    typeof o.result?.recommended?.troops === "number" &&
    typeof o.row?.name === "string"
  );
}

function looksTrackRecord(v: unknown): v is TrackRecord {
  const o = v as Partial<TrackRecord> | null;
  return typeof o === "object" && o !== null && typeof o.note === "string" && typeof o.missions === "number";
}

/** sizeProposal through the cache: the Planner's sizing stage for `truce size` (`new Planner({ sizing: cachedSizing })`). */
export function cachedSizing(
  proposal: ProposalInput,
  compute: (p: ProposalInput) => SizedProposal = sizeProposal,
  dir = sizingCacheDir(),
): SizedProposal {
  return through(sizingCacheKey(proposal), looksSized, () => compute(proposal), dir);
}

/** trackRecordOf(parseMissions(file, text), q) through the cache; a bad missions file still fails on every run. */
export function cachedTrackRecord(
  file: string,
  missionsText: string,
  q: TrackQuery,
  compute: (missions: readonly Mission[], q: TrackQuery) => TrackRecord = trackRecordOf,
  dir = sizingCacheDir(),
): TrackRecord {
  return through(
    trackRecordCacheKey(missionsText, q),
    looksTrackRecord,
    () => compute(parseMissions(file, missionsText), q),
    dir,
  );
}
