/**
 * One storage interface for incidents, revisions, tokens and alerts, written once in Kysely and run
 * on SQLite (better-sqlite3, WAL) or PostgreSQL + PostGIS. `openStore` (open.ts) picks the database.
 *
 * This class is the facade callers hold; each job lives in its own module:
 * incidents.ts (create, revise, list, history, audit invariant), filter.ts (the shared WHERE),
 * stats.ts, tokens.ts, alerts.ts, cursor.ts (the page cursor), keys.ts (NUL guard, scoped
 * idempotency keys), canonical.ts (payload hashes), tables.ts (table types and the row mapping).
 *
 * Every change is an append-only revision holding the whole incident after the change; the
 * `incidents` table is the current view, written in the same transaction and rebuildable from
 * the revisions (`checkProjection`).
 */
import { type Kysely, Migrator } from "kysely";
import type { Incident, Revision } from "../schema.js";
import * as alerts from "./alerts.js";
import * as incidents from "./incidents.js";
import { type Dialect, migrationProvider } from "./migrations.js";
import * as stats from "./stats.js";
import type { AlertRow, DB, IncidentFilter, NewRevision, Page, PreparedCreate, TokenRow } from "./tables.js";
import * as tokens from "./tokens.js";

export { canonicalJson, payloadHash } from "./canonical.js";
export { decodeCursor, encodeCursor } from "./cursor.js";
export type { AlertRow, DB, IncidentFilter, NewRevision, Page, PreparedCreate, TokenRow } from "./tables.js";

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

  /** Idempotent create, keys scoped to `actor` (see incidents.ts). */
  create(items: readonly PreparedCreate[], actor: string): Promise<Array<{ incident: Incident; created: boolean }>> {
    return incidents.createIncidents(this.db, items, actor);
  }

  /** Bulk load with global keys (the ACLED import). */
  bulkCreate(items: readonly PreparedCreate[], actor: string): Promise<{ created: string[]; skipped: string[] }> {
    return incidents.bulkCreateIncidents(this.db, items, actor);
  }

  get(id: string): Promise<Incident | undefined> {
    return incidents.getIncident(this.db, id);
  }

  /** Change incidents under lock (taken in sorted id order) with one revision each. */
  revise(ids: readonly string[], change: (current: Incident[]) => NewRevision[]): Promise<Incident[]> {
    return incidents.reviseIncidents(this.db, this.dialect, ids, change);
  }

  history(id: string): Promise<Revision[]> {
    return incidents.incidentHistory(this.db, id);
  }

  list(f: IncidentFilter, opts: { limit?: number; cursor?: string } = {}): Promise<Page> {
    return incidents.listIncidents(this.db, this.dialect, f, opts);
  }

  all(f: IncidentFilter, pageSize = 2000): AsyncGenerator<Incident> {
    return incidents.allIncidents(this.db, this.dialect, f, pageSize);
  }

  count(f: IncidentFilter = {}): Promise<number> {
    return incidents.countIncidents(this.db, this.dialect, f);
  }

  statsPerSectorDay(f: IncidentFilter) {
    return stats.statsPerSectorDay(this.db, this.dialect, f);
  }

  sectorCounts(baselineStartMs: number, windowStartMs: number, endMs: number, zoneId?: string, sectorId?: string) {
    return stats.sectorCounts(this.db, baselineStartMs, windowStartMs, endMs, zoneId, sectorId);
  }

  checkProjection(): Promise<string[]> {
    return incidents.checkProjection(this.db, this.dialect);
  }

  createToken(t: { id: string; name: string; role: string; hash: string; createdMs: number }): Promise<void> {
    return tokens.createToken(this.db, t);
  }

  tokenByHash(hash: string): Promise<{ id: string; name: string; role: string } | undefined> {
    return tokens.tokenByHash(this.db, hash);
  }

  listTokens(): Promise<TokenRow[]> {
    return tokens.listTokens(this.db);
  }

  revokeToken(id: string, nowMs: number): Promise<boolean> {
    return tokens.revokeToken(this.db, id, nowMs);
  }

  tokenCount(): Promise<number> {
    return tokens.tokenCount(this.db);
  }

  insertAlert(a: AlertRow, nowMs: number): Promise<boolean> {
    return alerts.insertAlert(this.db, a, nowMs);
  }

  listAlerts(limit = 100): Promise<Array<Record<string, unknown>>> {
    return alerts.listAlerts(this.db, limit);
  }
}
