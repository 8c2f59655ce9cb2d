/** Output helpers for the CLI: never leave a half-written file behind. */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { TruceInputError } from "../errors/index.js";

/** Write via a temporary file in the same folder, then rename: readers see the old file or the whole new one. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st && !st.isFile()) {
    throw new TruceInputError({
      file: path,
      problem: `cannot write here: it is ${st.isDirectory() ? "a directory" : "not a regular file"}.`,
      fix: "Name a file to write, e.g. out.json.",
    });
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // The user's path is the problem (no permission, a file where a folder should be, a full disk): say so.
    if (code && ["EACCES", "EPERM", "ENOTDIR", "EISDIR", "EROFS", "ENOSPC", "EEXIST"].includes(code)) {
      throw new TruceInputError({
        file: path,
        problem: `cannot write the file (${code}).`,
        fix: "Check the folder exists, is writable and has space, or choose another path.",
      });
    }
    throw e;
  }
}

/** Print one JSON document to stdout (the `--json` contract). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Render rows as an aligned text table. Numbers are right-aligned. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const isNum = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (isNum[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [fmt(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(fmt)].join("\n");
}

/** 12345.678 -> "12,346"; 12.3456 -> "12.35"; small numbers keep 3 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return NUMBER_FORMATS[digits].format(n);
}

// toLocaleString("en-US", …) builds a formatter on every call; a table has hundreds of cells.
const NUMBER_FORMATS = [0, 1, 2, 3].map(
  (digits) => new Intl.NumberFormat("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
);
