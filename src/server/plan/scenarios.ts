/**
 * The scenarios the planner can work on: the bundled ones (data/scenarios/*.yaml), open to
 * everyone, and uploads (kept in memory, newest first, a bounded number per owner and in all).
 * An upload belongs to the token name that sent it and is seen only by that owner, unless it
 * was uploaded with `shared: true` (then every planner sees it). Each is parsed with the same
 * parser as the CLI, so errors carry the CLI's messages.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { TruceInputError } from "../../errors/index.js";
import { loadScenarioFile, readInputBytes, readInputFile } from "../../scenario/load.js";
import { parseScenario } from "../../scenario/parse.js";
import type { Scenario } from "../../scenario/schema.js";
import type { ReadRelative, ReadRelativeBytes } from "../../scenario/source.js";

/** Folders beside the bundled scenarios whose files an upload may name (a copied bundled scenario does). */
const SHARED_FOLDERS = ["lines", "contributors"];

export interface ScenarioEntry {
  id: string;
  name: string;
  description?: string;
  /** File name as the user knows it (bundled path or upload name). */
  file: string;
  bundled: boolean;
  /** An upload every planner may read (bundled scenarios are open to all anyway). */
  shared: boolean;
}

interface Held {
  entry: ScenarioEntry;
  scenario: Scenario;
  /** Token name of the uploader (undefined for bundled scenarios). */
  owner?: string;
}

/** Largest upload accepted, bytes (the server's body limit may be lower). */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

export class ScenarioRegistry {
  private readonly dir: string;
  private readonly maxUploads: number;
  private readonly maxPerOwner: number;
  private bundledCache: Map<string, Held> | undefined;
  private readonly uploads = new Map<string, Held>();

  /** `maxUploads` kept in all, `maxPerOwner` per token name (one owner cannot push everyone else's out). */
  constructor(dir: string, maxUploads = 64, maxPerOwner = 16) {
    this.dir = dir;
    this.maxUploads = maxUploads;
    this.maxPerOwner = maxPerOwner;
  }

  private bundled(): Map<string, Held> {
    if (this.bundledCache) return this.bundledCache;
    const map = new Map<string, Held>();
    let files: string[] = [];
    try {
      files = readdirSync(this.dir)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort();
    } catch {
      files = [];
    }
    for (const f of files) {
      const id = basename(f, extname(f));
      const file = join(this.dir, f);
      // A broken bundled file is a bug in Truce: fail loudly rather than hide the scenario.
      const scenario = loadScenarioFile(file);
      map.set(id, {
        entry: {
          id,
          name: scenario.name,
          description: scenario.description,
          file: `data/scenarios/${f}`,
          bundled: true,
          shared: true,
        },
        scenario,
      });
    }
    this.bundledCache = map;
    return map;
  }

  /**
   * An upload's file references resolve to the bundled lines and contributor files, by name
   * (`../lines/x.geojson`, `lines/x.geojson` or `x.geojson`), and to nothing else on the server.
   */
  private sharedFile(rel: string, from: { file: string; path: string }): string {
    const name = basename(rel.replace(/\\/g, "/"));
    const data = dirname(this.dir);
    for (const folder of SHARED_FOLDERS) {
      const target = join(data, folder, name);
      if (existsSync(target) && statSync(target).isFile()) return target;
    }
    const known = SHARED_FOLDERS.flatMap((f) => {
      try {
        return readdirSync(join(data, f)).map((n) => `../${f}/${n}`);
      } catch {
        return [];
      }
    });
    throw new TruceInputError({
      file: from.file,
      path: from.path,
      problem: `"${rel}" is not one of the bundled files an upload may name${known.length ? ` (${known.join(", ")})` : ""}.`,
      fix: "Put the line or the contributors inline in the scenario, or name a bundled file.",
    });
  }

  private readonly readShared: ReadRelative = (rel, from) => {
    const file = this.sharedFile(rel, from);
    return { file, text: readInputFile(file, from) };
  };

  private readonly readSharedBytes: ReadRelativeBytes = (rel, from, optional) => {
    try {
      const file = this.sharedFile(rel, from);
      return { file, bytes: readInputBytes(file, from) };
    } catch (e) {
      if (optional) return undefined;
      throw e;
    }
  };

  /** Is `id` a bundled scenario (open to everyone)? */
  isBundled(id: string): boolean {
    return this.bundled().has(id);
  }

  private visible(held: Held, reader: string | undefined): boolean {
    return held.owner === undefined || held.entry.shared || (reader !== undefined && held.owner === reader);
  }

  /** The bundled scenarios, then the uploads `reader` (a token name) may see, newest first. */
  list(reader?: string): ScenarioEntry[] {
    return [
      ...[...this.bundled().values()].map((v) => v.entry),
      ...[...this.uploads.values()]
        .filter((v) => reader !== undefined && this.visible(v, reader))
        .map((v) => v.entry)
        .reverse(),
    ];
  }

  /** A bundled scenario, or an upload `reader` may see (else undefined, as if it did not exist). */
  get(id: string, reader?: string): { entry: ScenarioEntry; scenario: Scenario } | undefined {
    const b = this.bundled().get(id);
    if (b) return b;
    const u = this.uploads.get(id);
    return u && reader !== undefined && this.visible(u, reader) ? u : undefined;
  }

  /**
   * Validate an uploaded scenario text for `owner`; on success it is kept and gets an id (the same
   * text from the same owner keeps its id; sharing it again makes it shared). Throws TruceInputError.
   */
  upload(fileName: string, text: string, owner: string, shared = false): { entry: ScenarioEntry; scenario: Scenario } {
    const name = basename(fileName || "upload.yaml");
    if (Buffer.byteLength(text, "utf8") > MAX_UPLOAD_BYTES) {
      throw new TruceInputError({
        file: name,
        problem: `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
        fix: "Simplify the line of contact, or run the CLI on the file instead.",
      });
    }
    const scenario = parseScenario(name, text, this.readShared, this.readSharedBytes);
    // The owner is part of the id: two planners uploading the same file get two private copies.
    const id = `upload-${createHash("sha256").update(owner).update("\0").update(name).update("\0").update(text).digest("hex").slice(0, 12)}`;
    const before = this.uploads.get(id);
    const value: Held = {
      entry: {
        id,
        name: scenario.name,
        description: scenario.description,
        file: name,
        bundled: false,
        shared: shared || (before?.entry.shared ?? false),
      },
      // Keep the scenario object already planned (the Planner caches stages per object).
      scenario: before?.scenario ?? scenario,
      owner,
    };
    this.uploads.delete(id);
    this.uploads.set(id, value);
    this.evict(owner);
    return value;
  }

  /** Drop the oldest uploads: the owner's beyond their share, then anyone's beyond the total. */
  private evict(owner: string): void {
    let mine = 0;
    for (const v of this.uploads.values()) if (v.owner === owner) mine++;
    for (const [id, v] of this.uploads) {
      if (mine <= this.maxPerOwner) break;
      if (v.owner === owner) {
        this.uploads.delete(id);
        mine--;
      }
    }
    while (this.uploads.size > this.maxUploads) this.uploads.delete(this.uploads.keys().next().value as string);
  }
}
