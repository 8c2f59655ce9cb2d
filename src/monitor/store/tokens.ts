/** API tokens: only their hashes are stored; revoked tokens stay listed with their revocation time. */
import type { Kysely } from "kysely";
import { MonitorError } from "../errors.js";
import { assertNoNul } from "./keys.js";
import type { DB, TokenRow } from "./tables.js";

export async function createToken(
  db: Kysely<DB>,
  t: { id: string; name: string; role: string; hash: string; createdMs: number },
): Promise<void> {
  assertNoNul("name", t.name);
  try {
    await db
      .insertInto("tokens")
      .values({ id: t.id, name: t.name, role: t.role, hash: t.hash, created_ms: t.createdMs, revoked_ms: null })
      .execute();
  } catch (e) {
    if (/unique|duplicate/i.test(String((e as Error).message)))
      throw new MonitorError(
        "MERGE_CONFLICT",
        `a token named '${t.name}' exists already; choose another name`,
        "/name",
      );
    throw e;
  }
}

export async function tokenByHash(
  db: Kysely<DB>,
  hash: string,
): Promise<{ id: string; name: string; role: string } | undefined> {
  if (hash.includes("\u0000")) return undefined;
  return db
    .selectFrom("tokens")
    .select(["id", "name", "role"])
    .where("hash", "=", hash)
    .where("revoked_ms", "is", null)
    .executeTakeFirst();
}

export async function listTokens(db: Kysely<DB>): Promise<TokenRow[]> {
  const rows = await db.selectFrom("tokens").selectAll().orderBy("created_ms").execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: new Date(Number(r.created_ms)).toISOString(),
    revokedAt: r.revoked_ms === null ? null : new Date(Number(r.revoked_ms)).toISOString(),
  }));
}

export async function revokeToken(db: Kysely<DB>, id: string, nowMs: number): Promise<boolean> {
  assertNoNul("id", id);
  const r = await db
    .updateTable("tokens")
    .set({ revoked_ms: nowMs })
    .where("id", "=", id)
    .where("revoked_ms", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function tokenCount(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom("tokens")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
