/**
 * The list cursor: (occurred_ms, seq) of the last row of a page, base64url-encoded. Decoding is
 * bounds-checked, so a forged or overflowing cursor is a 400, never a database error.
 */

/** Dates are limited to 1900-2200 (schema.ts), so |ms| stays far below this; seq is a row id. */
const MAX_ABS_MS = 10_000_000_000_000; // ~year 2286
const MAX_CURSOR_CHARS = 64;

export function encodeCursor(ms: number, seq: number): string {
  return Buffer.from(`${ms}:${seq}`).toString("base64url");
}

/** The position a cursor names, or null when it is not one this server could have issued. */
export function decodeCursor(c: string): { ms: number; seq: number } | null {
  if (c.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(c)) return null;
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(c, "base64url").toString());
  if (!m) return null;
  const ms = Number(m[1]);
  const seq = Number(m[2]);
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_ABS_MS) return null;
  // seq is a bigserial/integer primary key: positive and, as used here, a safe integer.
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  return { ms, seq };
}
