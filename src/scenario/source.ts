/**
 * Scenario source text: YAML/JSON parsing with line positions, paths into the document, and
 * zod validation that turns the first issue into one TruceInputError pointing at file, line,
 * column and field. A leaf module: the scenario parser, its semantic checks and the stages'
 * own section checks (generation/scenario.ts) all build on it.
 */
import { type Document, isMap, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { nearest, TruceInputError } from "../errors/index.js";

export type PathSegment = string | number;

/** A parsed text with what is needed to point back into it. */
export interface SourceText {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /**
   * A file the scenario names (contactLine, contributors) rather than the scenario itself: errors
   * never quote its text, since a mistyped path may name a file that is not the user's to show.
   */
  referenced?: boolean;
}

/**
 * Reads a binary file named inside a scenario (a .shp, .gpkg and their sidecars), relative to the scenario.
 * Throws TruceInputError when it cannot be read; with `optional`, returns undefined when it does not exist.
 */
export type ReadRelativeBytes = (
  relativePath: string,
  from: { file: string; path: string },
  optional?: boolean,
) => { file: string; bytes: Uint8Array } | undefined;

/** Reads a file named inside a scenario, relative to the scenario. Returns its text, or throws TruceInputError. */
export type ReadRelative = (
  relativePath: string,
  from: { file: string; path: string },
) => { file: string; text: string };

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** Parse YAML/JSON text; syntax errors become TruceInputError with line and column. */
export function parseSource(file: string, text: string, opts: { referenced?: boolean } = {}): SourceText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lines.linePos(err.pos[0]);
    const firstLine = err.message.split("\n")[0];
    throw new TruceInputError({
      file,
      line: pos.line,
      column: pos.col,
      // A referenced file's parser message may quote its text; say only where it breaks.
      problem: opts.referenced ? "this is not valid YAML/JSON." : `this is not valid YAML/JSON: ${firstLine}`,
      fix: "Check indentation, quotes and brackets near this line.",
    });
  }
  return { file, doc, lines, referenced: opts.referenced };
}

/** The document as plain data; alias problems (`*x` with no `&x`, alias bombs) become input errors. */
export function toPlain(src: SourceText): unknown {
  try {
    return src.doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new TruceInputError({
      file: src.file,
      line: 1,
      column: 1,
      problem: `the YAML cannot be read: ${e instanceof Error ? e.message : String(e)}.`,
      fix: "Check the anchors (&name) and aliases (*name).",
    });
  }
}

/** Line and column of the node at `path`, or of its nearest existing ancestor. */
export function locate(
  src: SourceText,
  path: readonly PathSegment[],
  keyOf?: string,
): { line?: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (!node?.range) continue;
    let offset = node.range[0];
    if (keyOf !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === keyOf);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) offset = keyNode.range[0];
    }
    const pos = src.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
  return {};
}

/** Walks a zod schema along a path to list the keys an object there accepts (for "did you mean"). */
function knownKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let i = 0; i < 10; i++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return x;
      if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault")
        x = def.innerType;
      else if (def.type === "pipe") x = def.in;
      else return x;
    }
    return x;
  };
  const objectsIn = (x: unknown): unknown[] => {
    const u = unwrap(x);
    const def = (u as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def?.type === "union") return (def.options as unknown[]).flatMap(objectsIn);
    return [u];
  };
  let candidates = objectsIn(s);
  for (const seg of path) {
    const next: unknown[] = [];
    for (const c of candidates) {
      const def = (c as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) continue;
      if (def.type === "object" && typeof seg === "string") {
        const shape = def.shape as Record<string, unknown>;
        if (shape[seg]) next.push(...objectsIn(shape[seg]));
      } else if (def.type === "array" && typeof seg === "number") next.push(...objectsIn(def.element));
      else if (def.type === "record" && typeof seg === "string") next.push(...objectsIn(def.valueType));
    }
    candidates = next;
  }
  s = candidates;
  const keys = new Set<string>();
  for (const c of candidates) {
    const def = (c as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def?.type === "object") for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return [...keys];
}

function describeValue(v: unknown, quote = true): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return String(v);
  }
  if (typeof v === "string" && !quote) return `text (${v.length.toLocaleString("en-US")} characters)`;
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return String(v);
}

/** Turn the first zod issue into one clear TruceInputError. */
function zodIssueToError(
  src: SourceText,
  schema: z.ZodType,
  issue: z.core.$ZodIssue,
  prefix: readonly PathSegment[] = [],
): TruceInputError {
  // A union (e.g. contactLine: geometry | file path) fails as a whole; report the branch that got furthest.
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const depth = (issues: z.core.$ZodIssue[]) => (issues[0] ? issues[0].path.length : -1);
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (best[0] && depth(best) > 0) {
      const inner = { ...best[0], path: [...issue.path, ...best[0].path] } as z.core.$ZodIssue;
      return zodIssueToError(src, schema, inner, prefix);
    }
  }
  const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
  const fullPath = [...prefix, ...path];
  const shown = formatPath(fullPath) || "(top level)";
  const input = (issue as { input?: unknown }).input;
  const describe = (v: unknown) => describeValue(v, !src.referenced);
  let problem = issue.message;
  let fix: string | undefined;
  let keyOf: string | undefined;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(schema, path);
      const key = issue.keys[0];
      keyOf = key;
      const guess = nearest(key, known);
      problem = `unknown field "${key}"${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ""}.`;
      fix = guess ? `Did you mean "${guess}"?` : `Known fields here: ${known.join(", ")}.`;
      break;
    }
    case "invalid_type": {
      if (input === undefined) {
        problem = `the required field is missing (expected ${issue.expected}).`;
        fix = "Add it; see `truce schema` for the format.";
      } else if (typeof input === "number" && !Number.isFinite(input)) {
        problem = `${describe(input)} is not a usable number.`;
        fix = "Give a finite number.";
      } else {
        problem = `expected ${issue.expected}, got ${describe(input)}.`;
        fix = "Fix the value's type; see `truce schema`.";
      }
      break;
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array") {
        problem = `needs at least ${min} item${min === 1 ? "" : "s"}.`;
      } else if (issue.origin === "string") {
        problem = "must not be empty.";
      } else {
        problem = `${describe(input)} is too small: it must be ${issue.inclusive ? "at least" : "greater than"} ${min}.`;
      }
      fix = "Use a larger value.";
      break;
    }
    case "too_big": {
      // Bounds from bounds.ts carry their reason in the message ("must be at most 10,000,000 troops (...)").
      const stated = issue.message.startsWith("must be at most") ? issue.message : undefined;
      const limit = `${issue.inclusive ? "at most" : "less than"} ${Number(issue.maximum).toLocaleString("en-US")}`;
      if (issue.origin === "array") problem = `has too many items: it ${stated ?? `must have ${limit}`}.`;
      else problem = `${describe(input)} is too large: it ${stated ?? `must be ${limit}`}.`;
      fix = issue.origin === "array" ? "Use fewer items." : `Use ${limit}.`;
      break;
    }
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof input === "string" && !src.referenced ? nearest(input, issue.values.map(String)) : undefined;
      problem = `${describe(input)} is not one of ${values.join(", ")}.`;
      fix = guess ? `Did you mean "${guess}"?` : "Pick one of those.";
      break;
    }
    case "invalid_union": {
      problem = `${describe(input)} does not match any accepted form.`;
      fix = "See `truce schema` for the accepted forms.";
      break;
    }
    default:
      problem = `${issue.message}.`;
  }
  const loc = locate(src, fullPath, keyOf);
  return new TruceInputError({ file: src.file, ...loc, path: shown, problem, fix });
}

/** Validate plain data against a schema, throwing a TruceInputError that points into `src`. */
export function validateWith<S extends z.ZodType>(
  src: SourceText,
  schema: S,
  data: unknown,
  prefix: readonly PathSegment[] = [],
): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) throw zodIssueToError(src, schema, result.error.issues[0], prefix);
  return result.data;
}
