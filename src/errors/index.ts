/**
 * One error type for bad input, so every edge (CLI, HTTP, web) can show the same
 * message: which file, where in it, what is wrong, how to fix it.
 */

export interface InputErrorDetail {
  /** File the problem is in (as the user named it). */
  file?: string;
  /** 1-based line and column in that file, when known. */
  line?: number;
  column?: number;
  /** Dotted path to the field, e.g. `zone.widthKm` or `contactLine.coordinates[3]`. */
  path?: string;
  /** What is wrong, in plain words. */
  problem: string;
  /** How to fix it. */
  fix?: string;
}

/** Bad input from a user. The CLI maps it to exit code 1 and the server to HTTP 400. */
export class TruceInputError extends Error {
  readonly detail: InputErrorDetail;
  readonly code = "TRUCE_BAD_INPUT";

  constructor(detail: InputErrorDetail) {
    super(formatInputError(detail));
    this.name = "TruceInputError";
    this.detail = detail;
  }
}

/** `file:line:col: at path: problem. fix` — the one format used everywhere. */
export function formatInputError(d: InputErrorDetail): string {
  let where = d.file ?? "";
  if (d.file && d.line !== undefined) where += `:${d.line}${d.column !== undefined ? `:${d.column}` : ""}`;
  const at = d.path ? `at ${d.path}: ` : "";
  const head = where ? `${where}: ${at}` : at;
  const fix = d.fix ? ` ${d.fix}` : "";
  return `${head}${d.problem}${fix}`;
}

export function isInputError(e: unknown): e is TruceInputError {
  return e instanceof TruceInputError;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  const row = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= bl.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (al[i - 1] === bl[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[bl.length];
}

/** The closest candidate to `word`, if it is plausibly a typo of it. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 2)) ? best : undefined;
}
