/**
 * The scenarios the planner can work on: the bundled ones (data/scenarios/*.yaml)
 * and uploads (kept in memory, newest first, a bounded number). Each is parsed
 * with the same parser as the CLI, so errors carry the CLI's messages.
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
}

/** Largest upload accepted, bytes (the server's body limit may be lower). */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

export class ScenarioRegistry {
  private readonly dir: string;
  private readonly maxUploads: number;
  private bundledCache: Map<string, { entry: ScenarioEntry; scenario: Scenario }> | undefined;
  private readonly uploads = new Map<string, { entry: ScenarioEntry; scenario: Scenario }>();

  constructor(dir: string, maxUploads = 32) {
    this.dir = dir;
    this.maxUploads = maxUploads;
  }

  private bundled(): Map<string, { entry: ScenarioEntry; scenario: Scenario }> {
    if (this.bundledCache) return this.bundledCache;
    const map = new Map<string, { entry: ScenarioEntry; scenario: Scenario }>();
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

  list(): ScenarioEntry[] {
    return [
      ...[...this.bundled().values()].map((v) => v.entry),
      ...[...this.uploads.values()].map((v) => v.entry).reverse(),
    ];
  }

  get(id: string): { entry: ScenarioEntry; scenario: Scenario } | undefined {
    return this.bundled().get(id) ?? this.uploads.get(id);
  }

  /** Validate an uploaded scenario text; on success it is kept and gets an id. Throws TruceInputError. */
  upload(fileName: string, text: string): { entry: ScenarioEntry; scenario: Scenario } {
    const name = basename(fileName || "upload.yaml");
    if (Buffer.byteLength(text, "utf8") > MAX_UPLOAD_BYTES) {
      throw new TruceInputError({
        file: name,
        problem: `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
        fix: "Simplify the line of contact, or run the CLI on the file instead.",
      });
    }
    const scenario = parseScenario(name, text, this.readShared, this.readSharedBytes);
    const id = `upload-${createHash("sha256").update(name).update("\0").update(text).digest("hex").slice(0, 12)}`;
    const value = {
      entry: { id, name: scenario.name, description: scenario.description, file: name, bundled: false },
      scenario,
    };
    this.uploads.delete(id);
    this.uploads.set(id, value);
    while (this.uploads.size > this.maxUploads) {
      const oldest = this.uploads.keys().next().value as string;
      this.uploads.delete(oldest);
    }
    return value;
  }
}
