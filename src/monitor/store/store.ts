/**
 * One storage interface for incidents, revisions, tokens and alerts, written once in Kysely and run
 * on SQLite (better-sqlite3, WAL) or PostgreSQL + PostGIS. `openStore` (open.ts) picks the database.
 *
 * Every change is an append-only revision holding the whole incident after the change; the
 * `incidents` table is the current view, written in the same transaction and rebuildable from
 * the revisions (`checkProjection`).
 */
import { createHash } from "node:crypto";
import { type Generated, type Kysely, Migrator, sql, type Transaction } from "kysely";
import { TruceInputError } from "../../errors/index.js";
import { MonitorError } from "../errors.js";
import type { Incident, Revision, RevisionAction } from "../schema.js";
import { gradeAtLeast } from "../taxonomy.js";
import { type Dialect, MS_PER_DAY, migrationProvider } from "./migrations.js";

interface IncidentsTable {
  seq: Generated<number>;
  id: string;
  idempotency_key: string | null;
  payload_hash: string | null;
  rev: number;
  occurred_ms: number;
  occurred_until_ms: number | null;
  reported_ms: number;
  lon: number;
  lat: number;
  event_type: string;
  sub_event_type: string;
  violation_kind: string | null;
  weapon_class: string | null;
  zone_id: string | null;
  sector_id: string | null;
  side: string | null;
  status: string;
  source_grade: string;
  created_by: string;
  merged_into: string | null;
  own_forces: number;
  data: string;
}

interface RevisionsTable {
  seq: Generated<number>;
  incident_id: string;
  rev: number;
  at_ms: number;
  actor: string;
  action: string;
  reason: string;
  changes: string;
  snapshot: string;
}

interface TokensTable {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_ms: number;
  revoked_ms: number | null;
}

interface AlertsTable {
  id: string;
  zone_id: string;
  sector_id: string;
  window_end_ms: number;
  created_ms: number;
  data: string;
}

export interface DB {
  incidents: IncidentsTable;
  incident_revisions: RevisionsTable;
  tokens: TokensTable;
  alerts: AlertsTable;
}

/** Filters for listing and exporting. Times are ISO strings; `from` inclusive, `to` exclusive. */
export interface IncidentFilter {
  /** [west, south, east, north], degrees. */
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  eventType?: string[];
  subEventType?: string[];
  violationKind?: string[];
  zoneId?: string;
  sectorId?: string[];
  status?: string[];
  /** Admiralty grade the strongest source must meet on both axes, e.g. "B2". */
  minGrade?: string;
  createdBy?: string;
  /** Include duplicates merged into another incident (default false). */
  includeMerged?: boolean;
}

export interface Page {
  items: Incident[];
  /** Pass as `cursor` to get the next page; null at the end. */
  nextCursor: string | null;
}

export interface TokenRow {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewRevision {
  incident: Incident;
  action: RevisionAction;
  reason: string;
  actor: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** A create request ready for storage: the built incident and the hash of the client payload. */
export interface PreparedCreate {
  incident: Incident;
  payloadHash: string;
}

export interface AlertRow {
  id: string;
  zoneId: string;
  sectorId: string;
  windowEnd: string;
  data: Record<string, unknown>;
}

export function payloadHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** JSON with sorted keys, so equal payloads hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

function row(inc: Incident, payloadHashValue: string | null): Omit<IncidentsTable, "seq"> {
  return {
    id: inc.id,
    idempotency_key: inc.idempotencyKey,
    payload_hash: payloadHashValue,
    rev: inc.rev,
    occurred_ms: Date.parse(inc.occurredAt),
    occurred_until_ms: inc.occurredUntil ? Date.parse(inc.occurredUntil) : null,
    reported_ms: Date.parse(inc.reportedAt),
    lon: inc.lon,
    lat: inc.lat,
    event_type: inc.eventType,
    sub_event_type: inc.subEventType,
    violation_kind: inc.violation?.kind ?? null,
    weapon_class: inc.violation?.weaponClass ?? null,
    zone_id: inc.derived.zoneId,
    sector_id: inc.derived.sectorId,
    side: inc.derived.side,
    status: inc.status,
    source_grade: inc.sourceGrade,
    created_by: inc.createdBy,
    merged_into: inc.mergedInto,
    own_forces: inc.ownForces ? 1 : 0,
    data: JSON.stringify(inc),
  };
}

function encodeCursor(ms: number, seq: number): string {
  return Buffer.from(`${ms}:${seq}`).toString("base64url");
}

export function decodeCursor(c: string): { ms: number; seq: number } | null {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(c, "base64url").toString());
  return m ? { ms: Number(m[1]), seq: Number(m[2]) } : null;
}

export class IncidentStore {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  private readonly onClose: () => Promise<void>;

  constructor(db: Kysely<DB>, dialect: Dialect, onClose: () => Promise<void> = async () => {}) {
    this.db = db;
    this.dialect = dialect;
    this.onClose = onClose;
  }

  /** Bring the schema up to date (idempotent). */
  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  private async insertRevision(tx: Transaction<DB> | Kysely<DB>, r: NewRevision): Promise<void> {
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

  /**
   * Store new incidents in one transaction (all or nothing). An item whose idempotency key is
   * already stored with the same payload returns the stored record (`created: false`); the same
   * key with a different payload is rejected with IDEMPOTENCY_KEY_REUSED.
   */
  async create(
    items: readonly PreparedCreate[],
    actor: string,
  ): Promise<Array<{ incident: Incident; created: boolean }>> {
    return this.db.transaction().execute(async (tx) => {
      const out: Array<{ incident: Incident; created: boolean }> = [];
      for (let i = 0; i < items.length; i++) {
        const { incident, payloadHash: hash } = items[i];
        const key = incident.idempotencyKey;
        if (key !== null) {
          const existing = await this.byKey(tx, key);
          if (existing) {
            out.push(this.replay(existing, hash, i));
            continue;
          }
        }
        const inserted = await tx
          .insertInto("incidents")
          .values(row(incident, hash))
          .onConflict((oc) => oc.column("idempotency_key").doNothing())
          .returning("seq")
          .executeTakeFirst();
        if (!inserted) {
          // Another transaction stored the same key between our check and our insert.
          const existing = await this.byKey(tx, key as string);
          if (!existing) throw new Error(`idempotency key ${key} conflicted but is not stored`);
          out.push(this.replay(existing, hash, i));
          continue;
        }
        await this.insertRevision(tx, { incident, action: "create", reason: "created", actor, changes: {} });
        out.push({ incident, created: true });
      }
      return out;
    });
  }

  private replay(existing: { data: string; payload_hash: string | null }, hash: string, i: number) {
    if (existing.payload_hash !== hash)
      throw new MonitorError(
        "IDEMPOTENCY_KEY_REUSED",
        "this idempotencyKey was already used for a different incident; use a new key for a new report",
        `/${i}/idempotencyKey`,
      );
    return { incident: JSON.parse(existing.data) as Incident, created: false };
  }

  private byKey(tx: Transaction<DB> | Kysely<DB>, key: string) {
    return tx
      .selectFrom("incidents")
      .select(["data", "payload_hash"])
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
  }

  /**
   * Bulk load (CSV import, benchmarks): multi-row inserts in one transaction per call. Items whose
   * idempotency key is already stored are skipped and reported. Returns the ids stored.
   */
  async bulkCreate(items: readonly PreparedCreate[], actor: string): Promise<{ created: string[]; skipped: string[] }> {
    const chunk = 500;
    return this.db.transaction().execute(async (tx) => {
      const created: string[] = [];
      for (let i = 0; i < items.length; i += chunk) {
        const part = items.slice(i, i + chunk);
        const rows = await tx
          .insertInto("incidents")
          .values(part.map((p) => row(p.incident, p.payloadHash)))
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

  async get(id: string): Promise<Incident | undefined> {
    const r = await this.db.selectFrom("incidents").select("data").where("id", "=", id).executeTakeFirst();
    return r ? (JSON.parse(r.data) as Incident) : undefined;
  }

  /**
   * Read the current incidents `ids` under lock, let `change` compute their next versions, and
   * append one revision per changed incident, all in one transaction.
   */
  async revise(ids: readonly string[], change: (current: Incident[]) => NewRevision[]): Promise<Incident[]> {
    return this.db.transaction().execute(async (tx) => {
      const current: Incident[] = [];
      for (const id of ids) {
        let q = tx.selectFrom("incidents").select("data").where("id", "=", id);
        if (this.dialect === "postgres") q = q.forUpdate();
        const r = await q.executeTakeFirst();
        if (!r) throw new MonitorError("NOT_FOUND", `no incident with id ${id}`);
        current.push(JSON.parse(r.data) as Incident);
      }
      const revisions = change(current);
      for (const r of revisions) {
        const { payload_hash: _h, idempotency_key: _k, id: _id, ...cols } = row(r.incident, null);
        const res = await tx
          .updateTable("incidents")
          .set(cols)
          .where("id", "=", r.incident.id)
          .where("rev", "=", r.incident.rev - 1)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1)
          throw new MonitorError("REVISION_CONFLICT", `incident ${r.incident.id} changed meanwhile; reload and retry`);
        await this.insertRevision(tx, r);
      }
      return revisions.map((r) => r.incident);
    });
  }

  async history(id: string): Promise<Revision[]> {
    const rows = await this.db
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

  private filtered(f: IncidentFilter) {
    let q = this.db.selectFrom("incidents");
    if (!f.includeMerged) q = q.where("merged_into", "is", null);
    const fromMs = f.from ? Date.parse(f.from) : undefined;
    const toMs = f.to ? Date.parse(f.to) : undefined;
    if (fromMs !== undefined) q = q.where("occurred_ms", ">=", fromMs);
    if (toMs !== undefined) q = q.where("occurred_ms", "<", toMs);
    if (f.bbox) {
      const [w, s, e, n] = f.bbox;
      if (this.dialect === "postgres") {
        q = q.where(sql<boolean>`geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`);
      } else {
        const d0 = fromMs !== undefined ? fromMs / MS_PER_DAY - 1 : -1e9;
        const d1 = toMs !== undefined ? toMs / MS_PER_DAY + 1 : 1e9;
        q = q
          .where(
            "seq",
            "in",
            sql<number>`(SELECT id FROM incidents_rtree WHERE max_lon >= ${w} AND min_lon <= ${e} AND max_lat >= ${s} AND min_lat <= ${n} AND max_day >= ${d0} AND min_day <= ${d1})`,
          )
          .where("lon", ">=", w)
          .where("lon", "<=", e)
          .where("lat", ">=", s)
          .where("lat", "<=", n);
      }
    }
    if (f.eventType?.length) q = q.where("event_type", "in", f.eventType);
    if (f.subEventType?.length) q = q.where("sub_event_type", "in", f.subEventType);
    if (f.violationKind?.length) q = q.where("violation_kind", "in", f.violationKind);
    if (f.zoneId) q = q.where("zone_id", "=", f.zoneId);
    if (f.sectorId?.length) q = q.where("sector_id", "in", f.sectorId);
    if (f.status?.length) q = q.where("status", "in", f.status);
    if (f.createdBy) q = q.where("created_by", "=", f.createdBy);
    if (f.minGrade) {
      const ok: string[] = [];
      for (const r of "ABCDEF") for (const c of "123456") if (gradeAtLeast(r + c, f.minGrade)) ok.push(r + c);
      q = q.where("source_grade", "in", ok);
    }
    return q;
  }

  /** One page of incidents, newest first, by keyset cursor on (occurredAt, insertion order). */
  async list(f: IncidentFilter, opts: { limit?: number; cursor?: string } = {}): Promise<Page> {
    const limit = Math.max(1, Math.min(opts.limit ?? 100, 1000));
    let q = this.filtered(f).select(["data", "occurred_ms", "seq"]);
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      if (!c)
        throw new TruceInputError({
          path: "query.cursor",
          problem: "cursor is not one this server issued.",
          fix: "Pass nextCursor from the previous page, or start again without it.",
        });
      q = q.where((eb) =>
        eb.or([eb("occurred_ms", "<", c.ms), eb.and([eb("occurred_ms", "=", c.ms), eb("seq", "<", c.seq)])]),
      );
    }
    const rows = await q
      .orderBy("occurred_ms", "desc")
      .orderBy("seq", "desc")
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.data) as Incident),
      nextCursor: more && last ? encodeCursor(Number(last.occurred_ms), Number(last.seq)) : null,
    };
  }

  /** Every incident matching the filter, oldest first, streamed in pages (exports, reports). */
  async *all(f: IncidentFilter, pageSize = 2000): AsyncGenerator<Incident> {
    let after: { ms: number; seq: number } | null = null;
    for (;;) {
      let q = this.filtered(f).select(["data", "occurred_ms", "seq"]);
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

  async count(f: IncidentFilter = {}): Promise<number> {
    const r = await this.filtered(f)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Incidents per zone, sector and UTC day (merged duplicates and disproved reports left out unless filtered for). */
  async statsPerSectorDay(
    f: IncidentFilter,
  ): Promise<Array<{ zoneId: string | null; sectorId: string | null; day: string; count: number }>> {
    const day = sql<number>`occurred_ms / ${sql.lit(MS_PER_DAY)}`;
    const rows = await this.filtered(f)
      .select(["zone_id", "sector_id", day.as("day"), (eb) => eb.fn.countAll().as("n")])
      .groupBy(["zone_id", "sector_id", day])
      .orderBy(day)
      .orderBy("zone_id")
      .orderBy("sector_id")
      .execute();
    return rows.map((r) => ({
      zoneId: r.zone_id,
      sectorId: r.sector_id,
      day: new Date(Math.floor(Number(r.day)) * MS_PER_DAY).toISOString().slice(0, 10),
      count: Number(r.n),
    }));
  }

  /**
   * Counts per sector in a recent window [windowStart, end) and a baseline [baselineStart, windowStart),
   * for the alert test. Disproved reports and merged duplicates do not count.
   */
  async sectorCounts(
    baselineStartMs: number,
    windowStartMs: number,
    endMs: number,
    zoneId?: string,
    sectorId?: string,
  ) {
    let q = this.db
      .selectFrom("incidents")
      .select([
        "zone_id",
        "sector_id",
        sql<number>`SUM(CASE WHEN occurred_ms >= ${windowStartMs} THEN 1 ELSE 0 END)`.as("recent"),
        sql<number>`SUM(CASE WHEN occurred_ms < ${windowStartMs} THEN 1 ELSE 0 END)`.as("baseline"),
      ])
      .where("occurred_ms", ">=", baselineStartMs)
      .where("occurred_ms", "<", endMs)
      .where("merged_into", "is", null)
      .where("status", "!=", "disproved")
      .where("sector_id", "is not", null);
    if (zoneId) q = q.where("zone_id", "=", zoneId);
    if (sectorId) q = q.where("sector_id", "=", sectorId);
    const rows = await q.groupBy(["zone_id", "sector_id"]).execute();
    return rows.map((r) => ({
      zoneId: r.zone_id as string,
      sectorId: r.sector_id as string,
      recent: Number(r.recent),
      baseline: Number(r.baseline),
    }));
  }

  /**
   * Check that the current view equals the last revision of every incident (the audit invariant).
   * Returns the ids that differ; an empty list means the view is exactly derived from the revisions.
   */
  async checkProjection(): Promise<string[]> {
    const bad: string[] = [];
    const last = await this.db
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
      if (!r.data || canonicalJson(JSON.parse(r.data)) !== canonicalJson(JSON.parse(r.snapshot)))
        bad.push(r.incident_id);
    }
    const n = await this.count({ includeMerged: true });
    if (n !== seen.size) bad.push(`(current view has ${n} incidents, revisions have ${seen.size})`);
    return bad;
  }

  // ---- tokens -------------------------------------------------------------

  async createToken(t: { id: string; name: string; role: string; hash: string; createdMs: number }): Promise<void> {
    try {
      await this.db
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

  async tokenByHash(hash: string): Promise<{ id: string; name: string; role: string } | undefined> {
    return this.db
      .selectFrom("tokens")
      .select(["id", "name", "role"])
      .where("hash", "=", hash)
      .where("revoked_ms", "is", null)
      .executeTakeFirst();
  }

  async listTokens(): Promise<TokenRow[]> {
    const rows = await this.db.selectFrom("tokens").selectAll().orderBy("created_ms").execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      createdAt: new Date(Number(r.created_ms)).toISOString(),
      revokedAt: r.revoked_ms === null ? null : new Date(Number(r.revoked_ms)).toISOString(),
    }));
  }

  async revokeToken(id: string, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable("tokens")
      .set({ revoked_ms: nowMs })
      .where("id", "=", id)
      .where("revoked_ms", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async tokenCount(): Promise<number> {
    const r = await this.db
      .selectFrom("tokens")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // ---- alerts -------------------------------------------------------------

  /** Store an alert unless one exists for the same sector and window end; returns true if stored. */
  async insertAlert(a: AlertRow, nowMs: number): Promise<boolean> {
    const r = await this.db
      .insertInto("alerts")
      .values({
        id: a.id,
        zone_id: a.zoneId,
        sector_id: a.sectorId,
        window_end_ms: Date.parse(a.windowEnd),
        created_ms: nowMs,
        data: JSON.stringify(a.data),
      })
      // No conflict target: a concurrent twin may hit the primary key or the (sector, window) key first.
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    return r !== undefined;
  }

  async listAlerts(limit = 100): Promise<Array<Record<string, unknown>>> {
    const rows = await this.db
      .selectFrom("alerts")
      .select("data")
      .orderBy("window_end_ms", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => JSON.parse(r.data));
  }
}
