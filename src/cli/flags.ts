/**
 * The one parser for numeric and file flags of every command. Numbers are plain decimals
 * (`1_000`, `2.5`, `1e4`; not `0x10`, not blank) within the bound that src/scenario/bounds.ts
 * states for them, so `--troops 1e20` or `--threads 1000` is one clear message and exit 1,
 * never a crash or a hang.
 */
import { statSync } from "node:fs";
import { dirname } from "node:path";
import { TruceInputError } from "../errors/index.js";
import { type Bound, formatBound } from "../scenario/bounds.js";

const DECIMAL = /^[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The flag's value as the user typed it, cut short so an error never echoes a long paste. */
function shown(v: string): string {
  return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
}

export interface NumberFlagOptions {
  /** Smallest accepted value (inclusive); default 0. */
  min?: number;
  /** Whether 0 < value is required (for durations and sizes); default false. */
  positive?: boolean;
  /** Whole numbers only; default false. */
  integer?: boolean;
}

/** Parse a numeric flag, or undefined when it was not given. */
export function numberFlag(
  flag: string,
  v: string | undefined,
  bound: Bound,
  opts: NumberFlagOptions = {},
): number | undefined {
  if (v === undefined) return undefined;
  const min = opts.min ?? 0;
  const kind = opts.integer ? "whole number" : "number";
  const range = `${opts.positive ? `above ${min}` : `from ${min.toLocaleString("en-US")}`} to ${bound.max.toLocaleString("en-US")}`;
  const trimmed = v.trim();
  const n = DECIMAL.test(trimmed) ? Number(trimmed.replace(/_/g, "")) : Number.NaN;
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
    throw new TruceInputError({
      path: flag,
      problem: `${shown(v)} is not a ${kind}.`,
      fix: `Give ${flag} a ${kind} ${range}.`,
    });
  }
  if (n > bound.max) {
    throw new TruceInputError({
      path: flag,
      problem: `${shown(v)} is too large: the most is ${formatBound(bound)} (${bound.why}).`,
      fix: `Give ${flag} a ${kind} ${range}.`,
    });
  }
  if (n < min || (opts.positive && n <= min)) {
    throw new TruceInputError({
      path: flag,
      problem: `${shown(v)} is too small.`,
      fix: `Give ${flag} a ${kind} ${range}.`,
    });
  }
  return n;
}

/** A whole-number flag from `min` to the bound. */
export function intFlag(flag: string, v: string | undefined, bound: Bound, min = 0): number | undefined {
  return numberFlag(flag, v, bound, { integer: true, min });
}

/**
 * Check an output file flag before any work is done: it must be a regular file or not exist yet,
 * in an existing folder (a directory or a device there is an error naming the flag).
 */
export function outputFileFlag(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const st = statSync(path, { throwIfNoEntry: false });
  if (st && !st.isFile()) {
    throw new TruceInputError({
      path: flag,
      problem: `"${path}" is ${st.isDirectory() ? "a directory" : "not a regular file"}.`,
      fix: `Give ${flag} a file name, e.g. ${st.isDirectory() ? `${path.replace(/\/$/, "")}/out.json` : "out.json"}.`,
    });
  }
  const parent = statSync(dirname(path), { throwIfNoEntry: false });
  if (parent && !parent.isDirectory()) {
    throw new TruceInputError({
      path: flag,
      problem: `"${dirname(path)}" is not a directory.`,
      fix: `Give ${flag} a path inside a folder.`,
    });
  }
  return path;
}
