/**
 * The import graph of src/: which module imports which, read from the source text, and its
 * strongly connected components (Tarjan). Used by test/architecture.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Module (path relative to the root, with "/" separators) → the modules it imports. */
export type ImportGraph = Map<string, string[]>;

// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`, types included:
// a type-only cycle is still a cycle in the layout.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** Every relative import specifier in a file's text. */
export function relativeSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) if (m[1].startsWith(".")) out.push(m[1]);
  return out;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The import graph of every .ts file below `dir` (tests included), keyed relative to `root`. */
export function importGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const key = (p: string) => relative(root, p).split("\\").join("/");
  for (const file of listTs(join(root, dir))) {
    const deps = relativeSpecifiers(readFileSync(file, "utf8")).map((s) =>
      key(resolve(dirname(file), s.replace(/\.js$/, ".ts"))),
    );
    graph.set(key(file), [...new Set(deps)]);
  }
  return graph;
}

/** Strongly connected components with more than one node, or a node importing itself (Tarjan, iterative). */
export function cycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const deps = graph.get(top.node) ?? [];
      if (top.edge < deps.length) {
        const dep = deps[top.edge++];
        if (!index.has(dep)) {
          index.set(dep, next);
          low.set(dep, next++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ node: dep, edge: 0 });
        } else if (onStack.has(dep)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          scc.push(n);
        } while (n !== top.node);
        if (scc.length > 1 || deps.includes(top.node)) out.push(scc.sort());
      }
    }
  }
  return out;
}
