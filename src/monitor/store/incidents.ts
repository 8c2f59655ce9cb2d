/**
 * Incidents and their revisions: idempotent create, bulk load, revise under lock, history,
 * keyset-paged listing and the audit invariant. Every change appends a revision holding the whole
 * incident after it, in the same transaction as the current view's row.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { type Kysely, sql, type Transaction } from "kysely";
import { TruceInputError } from "../../errors/index.js";
import { MonitorError } from "../errors.js";
import type { Incident, Revision, RevisionAction } from "../schema.js";
import { canonicalJson } from "./canonical.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { filteredIncidents, rtreeNewest, timeBounds } from "./filter.js";
import { assertNoNul, scopedKey } from "./keys.js";
import { type Dialect, MS_PER_DAY } from "./migrations.js";
import {
  type DB,
  type IncidentFilter,
  incidentRow,
  type NewRevision,
  type Page,
  type PreparedCreate,
} from "./tables.js";

type Db = Kysely<DB> | Transaction<DB>;

async function insertRevision(tx: Db, r: NewRevision): Promise<void> {
  await tx
    .insertInto("incident_revisions")
    .values({
      incident_id: r.incident.id,
      rev: r.incident.rev,
      at_ms: Date.parse(r.incident.updatedAt),
      actor: r.actor,
      action: r.action,
      reason: r.reason,
      changes: JSON.stringify(r.changes),
      snapshot: JSON.stringify(r.incident),
    })
    .execute();
}

function byKey(tx: Db, key: string) {
  return tx
    .selectFrom("incidents")
    .select(["data", "payload_hash"])
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

function replay(existing: { data: string; payload_hash: string | null }, hash: string, i: number) {
  if (existing.payload_hash !== hash)
    throw new MonitorError(
      "IDEMPOTENCY_KEY_REUSED",
      "this idempotencyKey was already used for a different incident; use a new key for a new report",
      `/${i}/idempotencyKey`,
    );
  return { incident: JSON.parse(existing.data) as Incident, created: false };
}

/**
 * Store new incidents in one transaction (all or nothing). Keys are scoped to `actor` (the token
 * owner): the same key from the same owner with the same payload returns the stored record
 * (`created: false`), with a different payload IDEMPOTENCY_KEY_REUSED; another owner's key never matches.
 */
export function createIncidents(
  db: Kysely<DB>,
  items: readonly PreparedCreate[],
  actor: string,
): Promise<Array<{ incident: Incident; created: boolean }>> {
  assertNoNul("actor", actor);
  for (const [i, p] of items.entries()) assertNoNul(`${i}.idempotencyKey`, p.incident.idempotencyKey);
  return db.transaction().execute(async (tx) => {
    const out: Array<{ incident: Incident; created: boolean }> = [];
    for (let i = 0; i < items.length; i++) {
      const { incident, payloadHash: hash } = items[i];
      const key = incident.idempotencyKey === null ? null : scopedKey(actor, incident.idempotencyKey);
      if (key !== null) {
        const existing = await byKey(tx, key);
        if (existing) {
          out.push(replay(existing, hash, i));
          continue;
        }
      }
      const inserted = await tx
        .insertInto("incidents")
        .values(incidentRow(incident, hash, key))
        .onConflict((oc) => oc.column("idempotency_key").doNothing())
        .returning("seq")
        .executeTakeFirst();
      if (!inserted) {
        // Another transaction stored the same key between our check and our insert.
        const existing = await byKey(tx, key as string);
        if (!existing) throw new Error(`idempotency key ${key} conflicted but is not stored`);
        out.push(replay(existing, hash, i));
        continue;
      }
      await insertRevision(tx, { incident, action: "create", reason: "created", actor, changes: {} });
      out.push({ incident, created: true });
    }
    return out;
  });
}

/**
 * Bulk load (the ACLED import, benchmarks): multi-row inserts in one transaction per call. Keys
 * are stored as given (global: `acled:<event id>` is imported once, whoever imports it); items
 * whose key is already stored are skipped and reported. Returns the ids stored.
 */
export function bulkCreateIncidents(
  db: Kysely<DB>,
  items: readonly PreparedCreate[],
  actor: string,
): Promise<{ created: string[]; skipped: string[] }> {
  assertNoNul("actor", actor);
  for (const [i, p] of items.entries()) assertNoNul(`${i}.idempotencyKey`, p.incident.idempotencyKey);
  const chunk = 100;
  return db.transaction().execute(async (tx) => {
    const created: string[] = [];
    for (let i = 0; i < items.length; i += chunk) {
      // Yield between chunks (~15 ms each on SQLite, whose driver is synchronous) so the server
      // keeps answering. The transaction holds the connection: other queries wait for its end.
      if (i > 0) await yieldToEventLoop();
      const part = items.slice(i, i + chunk);
      const rows = await tx
        .insertInto("incidents")
        .values(part.map((p) => incidentRow(p.incident, p.payloadHash)))
        .onConflict((oc) => oc.column("idempotency_key").doNothing())
        .returning("id")
        .execute();
      const ids = new Set(rows.map((r) => r.id));
      const revs = part
        .filter((p) => ids.has(p.incident.id))
        .map((p) => ({
          incident_id: p.incident.id,
          rev: p.incident.rev,
          at_ms: Date.parse(p.incident.updatedAt),
          actor,
          action: "create",
          reason: "imported",
          changes: "{}",
          snapshot: JSON.stringify(p.incident),
        }));
      if (revs.length > 0) await tx.insertInto("incident_revisions").values(revs).execute();
      created.push(...ids);
    }
    const done = new Set(created);
    return {
      created,
      skipped: items.filter((p) => !done.has(p.incident.id)).map((p) => p.incident.idempotencyKey ?? p.incident.id),
    };
  });
}

export async function getIncident(db: Kysely<DB>, id: string): Promise<Incident | undefined> {
  assertNoNul("id", id);
  const r = await db.selectFrom("incidents").select("data").where("id", "=", id).executeTakeFirst();
  return r ? (JSON.parse(r.data) as Incident) : undefined;
}

/**
 * Read the current incidents `ids` under lock, let `change` compute their next versions, and
 * append one revision per changed incident, all in one transaction. Rows are locked in sorted id
 * order whatever order `ids` names them in, so crossed merges (A←B and B←A) cannot deadlock.
 */
export function reviseIncidents(
  db: Kysely<DB>,
  dialect: Dialect,
  ids: readonly string[],
  change: (current: Incident[]) => NewRevision[],
): Promise<Incident[]> {
  for (const id of ids) assertNoNul("id", id);
  return db.transaction().execute(async (tx) => {
    const locked = new Map<string, Incident>();
    for (const id of [...new Set(ids)].sort()) {
      let q = tx.selectFrom("incidents").select("data").where("id", "=", id);
      if (dialect === "postgres") q = q.forUpdate();
      const r = await q.executeTakeFirst();
      if (!r) throw new MonitorError("NOT_FOUND", `no incident with id ${id}`);
      locked.set(id, JSON.parse(r.data) as Incident);
    }
    const revisions = change(ids.map((id) => locked.get(id) as Incident));
    for (const r of revisions) {
      const { payload_hash: _h, idempotency_key: _k, id: _id, ...cols } = incidentRow(r.incident, null);
      const res = await tx
        .updateTable("incidents")
        .set(cols)
        .where("id", "=", r.incident.id)
        .where("rev", "=", r.incident.rev - 1)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        throw new MonitorError("REVISION_CONFLICT", `incident ${r.incident.id} changed meanwhile; reload and retry`);
      await insertRevision(tx, r);
    }
    return revisions.map((r) => r.incident);
  });
}

export async function incidentHistory(db: Kysely<DB>, id: string): Promise<Revision[]> {
  assertNoNul("id", id);
  const rows = await db
    .selectFrom("incident_revisions")
    .selectAll()
    .where("incident_id", "=", id)
    .orderBy("rev")
    .execute();
  return rows.map((r) => ({
    incidentId: r.incident_id,
    rev: r.rev,
    at: new Date(Number(r.at_ms)).toISOString(),
    actor: r.actor,
    action: r.action as RevisionAction,
    reason: r.reason,
    changes: JSON.parse(r.changes),
    snapshot: JSON.parse(r.snapshot),
  }));
}

/** One page of incidents, newest first, by keyset cursor on (occurredAt, insertion order). */
export async function listIncidents(
  db: Kysely<DB>,
  dialect: Dialect,
  f: IncidentFilter,
  opts: { limit?: number; cursor?: string } = {},
): Promise<Page> {
  const limit = Math.max(1, Math.min(opts.limit ?? 100, 1000));
  let cursor: { ms: number; seq: number } | undefined;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (!c)
      throw new TruceInputError({
        path: "query.cursor",
        problem: "cursor is not one this server issued.",
        fix: "Pass nextCursor from the previous page, or start again without it.",
      });
    cursor = c;
  }
  const pageOf = (conn: Kysely<DB>, candidates?: readonly number[]) => {
    let q = filteredIncidents(conn, dialect, f, { candidates }).select(["data", "occurred_ms", "seq"]);
    if (cursor) {
      const c = cursor;
      q = q.where((eb) =>
        eb.or([eb("occurred_ms", "<", c.ms), eb.and([eb("occurred_ms", "=", c.ms), eb("seq", "<", c.seq)])]),
      );
    }
    return q
      .orderBy("occurred_ms", "desc")
      .orderBy("seq", "desc")
      .limit(limit + 1)
      .execute();
  };
  let rows: Awaited<ReturnType<typeof pageOf>>;
  if (dialect === "sqlite" && f.bbox) {
    const box = f as IncidentFilter & { bbox: [number, number, number, number] };
    rows = await newestByRtree(db, box, limit, cursor, pageOf);
  } else {
    rows = await pageOf(db);
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => JSON.parse(r.data) as Incident),
    nextCursor: more && last ? encodeCursor(Number(last.occurred_ms), Number(last.seq)) : null,
  };
}

/**
 * SQLite's bbox page (issue 16). Looking up every row in the box and sorting them all costs one
 * random read per row (215 ms p95 at 2.5 M incidents). Instead: walk time windows back from the
 * newest, take the window's newest R*Tree entries by the index's day axis (no row read), look up
 * only those, and stop as soon as the page is provably the newest. A window starts at 1/16 of the
 * time range and grows while the page is short; the batch grows ×4 while the page is unproven.
 */
async function newestByRtree<R extends { occurred_ms: unknown; seq: unknown }>(
  db: Kysely<DB>,
  f: IncidentFilter & { bbox: [number, number, number, number] },
  limit: number,
  cursor: { ms: number; seq: number } | undefined,
  pageOf: (conn: Kysely<DB>, candidates: readonly number[]) => Promise<R[]>,
): Promise<R[]> {
  const { fromMs } = timeBounds(f);
  let { toMs } = timeBounds(f);
  if (cursor) toMs = Math.min(toMs ?? Number.POSITIVE_INFINITY, cursor.ms + 1);
  // One read transaction: the index and the rows are read from the same snapshot.
  return db.transaction().execute(async (tx) => {
    let hiMs = toMs ?? Number.POSITIVE_INFINITY;
    let floorMs = fromMs ?? Number.NEGATIVE_INFINITY;
    if (fromMs === undefined || toMs === undefined) {
      // An open range ends at the stored extremes: two subqueries, each answered from the time index.
      const span = await sql<{ lo: number | null; hi: number | null }>`SELECT
          (SELECT min(occurred_ms) FROM incidents) AS lo, (SELECT max(occurred_ms) FROM incidents) AS hi`.execute(tx);
      const { lo, hi } = span.rows[0] ?? { lo: null, hi: null };
      if (lo === null || hi === null) return pageOf(tx, []);
      hiMs = Math.min(hiMs, Number(hi) + 1);
      floorMs = Math.max(floorMs, Number(lo));
    }
    let windowMs = Math.max((hiMs - floorMs) / 16, MS_PER_DAY / 24);
    let k = 2 * (limit + 1);
    for (;;) {
      const loMs = hiMs - windowMs;
      const whole = loMs <= floorMs;
      const c = await rtreeNewest(tx, f.bbox, k, whole ? fromMs : loMs, toMs);
      const rows = await pageOf(tx, c.seqs);
      if (whole && !c.full) return rows; // every entry of the range came back
      if (rows.length > limit) {
        const ms = Number(rows[limit].occurred_ms);
        if (c.full) {
          // Entries left out sort at or below (lastDay, lastSeq): older, or the same instant with a lower seq.
          const edgeMs = c.lastDay * MS_PER_DAY;
          if (ms > edgeMs || (ms === edgeMs && Number(rows[limit].seq) >= c.lastSeq)) return rows;
        } else if (ms >= loMs) return rows; // entries left out are older than the window
      }
      if (c.full) k *= 4;
      // A short window: grow it to where its density says the page should fill, at least ×4.
      else windowMs *= Math.max(4, (2 * (limit + 1)) / Math.max(1, c.seqs.length));
    }
  });
}

/** Every incident matching the filter, oldest first, streamed in pages (exports, reports). */
export async function* allIncidents(
  db: Kysely<DB>,
  dialect: Dialect,
  f: IncidentFilter,
  pageSize = 2000,
): AsyncGenerator<Incident> {
  let after: { ms: number; seq: number } | null = null;
  for (;;) {
    let q = filteredIncidents(db, dialect, f).select(["data", "occurred_ms", "seq"]);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([eb("occurred_ms", ">", a.ms), eb.and([eb("occurred_ms", "=", a.ms), eb("seq", ">", a.seq)])]),
      );
    }
    const rows = await q.orderBy("occurred_ms").orderBy("seq").limit(pageSize).execute();
    for (const r of rows) yield JSON.parse(r.data) as Incident;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { ms: Number(last.occurred_ms), seq: Number(last.seq) };
  }
}

export async function countIncidents(db: Kysely<DB>, dialect: Dialect, f: IncidentFilter = {}): Promise<number> {
  const r = await filteredIncidents(db, dialect, f)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Check that the current view equals the last revision of every incident (the audit invariant).
 * Returns the ids that differ; an empty list means the view is exactly derived from the revisions.
 */
export async function checkProjection(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  const bad: string[] = [];
  const last = await db
    .selectFrom("incident_revisions as r")
    .innerJoin(
      (eb) =>
        eb
          .selectFrom("incident_revisions")
          .select(["incident_id", (e) => e.fn.max("rev").as("rev")])
          .groupBy("incident_id")
          .as("m"),
      (join) => join.onRef("m.incident_id", "=", "r.incident_id").onRef("m.rev", "=", "r.rev"),
    )
    .leftJoin("incidents as i", "i.id", "r.incident_id")
    .select(["r.incident_id", "r.snapshot", "i.data"])
    .execute();
  const seen = new Set<string>();
  for (const r of last) {
    seen.add(r.incident_id);
    if (!r.data || canonicalJson(JSON.parse(r.data)) !== canonicalJson(JSON.parse(r.snapshot))) bad.push(r.incident_id);
  }
  const n = await countIncidents(db, dialect, { includeMerged: true });
  if (n !== seen.size) bad.push(`(current view has ${n} incidents, revisions have ${seen.size})`);
  return bad;
}
