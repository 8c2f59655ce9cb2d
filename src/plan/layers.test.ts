/**
 * Layers look down: the stages never import the pipeline (src/plan) or the edges, and the
 * shared operational assumptions (src/ops) import no stage.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

/** The src folders a file imports from (relative imports only). */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
    const target = join(file, "..", m[1]);
    if (target.startsWith(src)) out.add(target.slice(src.length).split("/")[0]);
  }
  return [...out];
}

const STAGES = ["geo", "sizing", "generation", "patrol", "sim"];
const ABOVE_STAGES = ["plan", "report", "cli", "server", "monitor"];

describe("layers", () => {
  it("no stage imports the pipeline or an edge", () => {
    const bad: string[] = [];
    for (const stage of STAGES)
      for (const f of files(join(src, stage)))
        for (const d of importedFolders(f)) if (ABOVE_STAGES.includes(d)) bad.push(`${f.slice(src.length)} → src/${d}`);
    expect(bad).toEqual([]);
  });

  it("src/ops (shared assumptions) imports no stage and nothing above", () => {
    const bad = files(join(src, "ops")).flatMap((f) =>
      importedFolders(f)
        .filter((d) => d !== "ops" && d !== "errors")
        .map((d) => `${f.slice(src.length)} → src/${d}`),
    );
    expect(bad).toEqual([]);
  });

  it("the check sees imports (a file that imports src/plan is caught)", () => {
    expect(importedFolders(join(src, "report/build.ts"))).toContain("plan");
  });
});
