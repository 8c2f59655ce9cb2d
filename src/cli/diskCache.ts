/**
 * What the CLI's disk caches share (zoneCache.ts for zones, sizingCache.ts for sizings and track
 * records): the folder, $XDG_CACHE_HOME/truce/<kind> (default ~/.cache/truce/<kind>); a fingerprint
 * of the code a cached value came from; and files written to a temporary name and renamed, so that
 * concurrent runs see a whole file or none. Best effort: an unreadable or unwritable folder means
 * the value is computed, never an error. `truce --no-cache …` turns every cache off
 * (program.ts calls setCacheEnabled).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

let enabled = true;

/** Turn the caches on or off for this process (the `--no-cache` flag). */
export function setCacheEnabled(on: boolean): void {
  enabled = on;
}

export function cacheEnabled(): boolean {
  return enabled;
}

/** A cache's folder: $XDG_CACHE_HOME/truce/<kind>, else ~/.cache/truce/<kind>. */
export function cacheDir(kind: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "truce", kind);
}

const fingerprints = new Map<string, string>();

/**
 * A fingerprint of the code in these folders of src (as built or as source): a value cached by
 * other code is a miss, even within one version (a developer's tree, a patched install). Reading a
 * folder's ~20 small files costs about a millisecond.
 */
export function codeFingerprint(folders: readonly string[]): string {
  const id = folders.join("\0");
  const known = fingerprints.get(id);
  if (known !== undefined) return known;
  const hash = createHash("sha256");
  for (const folder of folders) {
    try {
      const dir = fileURLToPath(new URL(`../${folder}/`, import.meta.url));
      for (const name of readdirSync(dir).sort()) {
        if (!/\.(js|ts)$/.test(name) || /\.test\.|\.map$/.test(name)) continue;
        hash
          .update(`${folder}/${name}`)
          .update("\0")
          .update(readFileSync(join(dir, name)))
          .update("\0");
      }
    } catch {
      hash.update(`${folder}: unreadable`); // still a stable key; the version and format guard it
    }
  }
  const print = hash.digest("hex");
  fingerprints.set(id, print);
  return print;
}

/** A cache file's bytes, or undefined when it is absent or unreadable. */
export function readCacheFile(dir: string, name: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
}

/** Store a cache file: temporary file + rename, so a reader never sees half a file. */
export function writeCacheFile(dir: string, name: string, content: string | Uint8Array): void {
  const tmp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, join(dir, name));
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: nothing was left there
    }
    if (process.env.TRUCE_DEBUG) process.stderr.write(`cache: ${name} not written (${(e as Error).message})\n`);
  }
}
