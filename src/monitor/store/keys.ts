/**
 * Guards at the store's boundary, the same on both databases: no NUL characters in any text
 * (PostgreSQL cannot hold U+0000 in text and would fail with a 500 or truncate), and idempotency
 * keys scoped to their owner, so one reporter's key can never return another reporter's record.
 */
import { TruceInputError } from "../../errors/index.js";

/** Refuse a NUL character in `value` (a filter, id or key), naming where it came from. */
export function assertNoNul(path: string, value: string | readonly string[] | undefined | null): void {
  if (value === undefined || value === null) return;
  const values = typeof value === "string" ? [value] : value;
  if (values.some((v) => v.includes("\u0000")))
    throw new TruceInputError({
      path,
      problem: "contains a NUL character (U+0000).",
      fix: "Remove it; no field, filter, id or key may hold NUL.",
    });
}

/**
 * The stored form of a client's idempotency key: `<owner length>:<owner>:<key>` (the length makes
 * it unambiguous whatever the owner's name holds). It starts with a digit, so it can never equal
 * an import's global key (`acled:<event id>`, stored as is by bulkCreate: an event is imported once,
 * whoever imports it).
 */
export function scopedKey(owner: string, key: string): string {
  return `${owner.length}:${owner}:${key}`;
}
