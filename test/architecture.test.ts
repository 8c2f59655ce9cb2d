/**
 * The layout's rules, checked on the source: no import cycles in src/, the planning stages never
 * import the edges (plan, report, CLI, server) built on top of them, and src/ holds no test-only code.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, type ImportGraph, importGraph, relativeSpecifiers } from "./support/imports.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const graph = importGraph(root, "src");

// Modules started by path rather than imported: the CLI binary and the worker threads.
const ENTRY_POINTS = /^src\/(cli\/index|[a-z]+\/worker)\.ts$/;

const STAGES = ["geo", "sizing", "generation", "patrol", "sim", "monitor", "scenario"];
const EDGES = ["plan", "report", "cli", "server"];

describe("the cycle finder", () => {
  const g = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it("finds a cycle in a small graph, and only the nodes on it", () => {
    // a → b → c → a is a cycle; d hangs off it; e → f is a chain.
    const found = cycles(g({ a: ["b"], b: ["c"], c: ["a", "d"], d: [], e: ["f"], f: [] }));
    expect(found).toEqual([["a", "b", "c"]]);
  });

  it("finds a module that imports itself and two separate cycles", () => {
    const found = cycles(g({ a: ["a"], b: ["c"], c: ["b"], d: ["e"], e: ["d", "b"] }));
    expect(found.map((c) => c.join(" ")).sort()).toEqual(["a", "b c", "d e"]);
  });

  it("finds none in a DAG with shared descendants", () => {
    expect(cycles(g({ a: ["b", "c"], b: ["d"], c: ["d"], d: [] }))).toEqual([]);
  });

  it("reads static, re-export, side-effect and dynamic imports, and skips packages", () => {
    const text = [
      'import { x } from "./x.js";',
      'import type { T } from "../t.js";',
      'export { y } from "./y.js";',
      'import "./side.js";',
      'const z = await import("./z.js");',
      'import { z as zod } from "zod";',
    ].join("\n");
    expect(relativeSpecifiers(text)).toEqual(["./x.js", "../t.js", "./y.js", "./side.js", "./z.js"]);
  });
});

describe("src/ layout", () => {
  it("reads the whole tree", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("src/scenario/parse.ts")).toContain("src/scenario/schema.ts");
  });

  it("has no import cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("keeps the planning stages below the plan, report, CLI and server", () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      if (!STAGES.includes(file.split("/")[1])) continue;
      for (const dep of deps) if (EDGES.includes(dep.split("/")[1])) upward.push(`${file} → ${dep}`);
    }
    expect(upward).toEqual([]);
  });

  it("holds no test-only modules: every module is imported by code in src/ or is an entry point", () => {
    const usedBySrc = new Set<string>();
    for (const [file, deps] of graph) if (!file.endsWith(".test.ts")) for (const dep of deps) usedBySrc.add(dep);
    const testOnly = [...graph.keys()].filter(
      (f) => !f.endsWith(".test.ts") && !usedBySrc.has(f) && !ENTRY_POINTS.test(f),
    );
    // Helpers only tests and benchmarks use go to test/support/.
    expect(testOnly).toEqual([]);
  });
});
