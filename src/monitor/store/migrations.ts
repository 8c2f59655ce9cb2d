/**
 * The one migration set, run on SQLite and PostgreSQL alike. Dialect differences are confined to
 * the spatial index (an R*Tree virtual table kept by triggers in SQLite; a PostGIS point column
 * generated from lon/lat with a GiST index on (geom, occurred_ms) in PostgreSQL) and to the
 * triggers that make the revision table append-only.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";

export type Dialect = "sqlite" | "postgres";

/** Days since 1970 as the R*Tree's time axis (float32 keeps ~1.5 minutes of resolution there; rows are re-checked exactly). */
export const MS_PER_DAY = 86_400_000;

function m001(dialect: Dialect): Migration {
  const pg = dialect === "postgres";
  const seqType = pg ? "bigserial" : "integer";
  return {
    async up(db: Kysely<unknown>) {
      if (pg) {
        await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
        await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);
      }
      await db.schema
        .createTable("incidents")
        .addColumn("seq", seqType, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn("id", "text", (c) => c.notNull().unique())
        .addColumn("idempotency_key", "text", (c) => c.unique())
        .addColumn("payload_hash", "text")
        .addColumn("rev", "integer", (c) => c.notNull())
        .addColumn("occurred_ms", "bigint", (c) => c.notNull())
        .addColumn("occurred_until_ms", "bigint")
        .addColumn("reported_ms", "bigint", (c) => c.notNull())
        .addColumn("lon", "double precision", (c) => c.notNull())
        .addColumn("lat", "double precision", (c) => c.notNull())
        .addColumn("event_type", "text", (c) => c.notNull())
        .addColumn("sub_event_type", "text", (c) => c.notNull())
        .addColumn("violation_kind", "text")
        .addColumn("weapon_class", "text")
        .addColumn("zone_id", "text")
        .addColumn("sector_id", "text")
        .addColumn("side", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("source_grade", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("merged_into", "text")
        .addColumn("own_forces", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("incidents_time").on("incidents").columns(["occurred_ms", "seq"]).execute();
      await db.schema
        .createIndex("incidents_sector_time")
        .on("incidents")
        .columns(["zone_id", "sector_id", "occurred_ms"])
        .execute();
      if (pg) {
        await sql`ALTER TABLE incidents ADD COLUMN geom geometry(Point, 4326)
                  GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED`.execute(db);
        await sql`CREATE INDEX incidents_geom_time ON incidents USING gist (geom, occurred_ms)`.execute(db);
      } else {
        await sql`CREATE VIRTUAL TABLE incidents_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)`.execute(
          db,
        );
        await sql`CREATE TRIGGER incidents_rtree_ins AFTER INSERT ON incidents BEGIN
                    INSERT INTO incidents_rtree VALUES (new.seq, new.lon, new.lon, new.lat, new.lat,
                      new.occurred_ms / 86400000.0, new.occurred_ms / 86400000.0);
                  END`.execute(db);
        await sql`CREATE TRIGGER incidents_rtree_upd AFTER UPDATE OF lon, lat, occurred_ms ON incidents BEGIN
                    UPDATE incidents_rtree SET min_lon = new.lon, max_lon = new.lon, min_lat = new.lat, max_lat = new.lat,
                      min_day = new.occurred_ms / 86400000.0, max_day = new.occurred_ms / 86400000.0 WHERE id = new.seq;
                  END`.execute(db);
        await sql`CREATE TRIGGER incidents_rtree_del AFTER DELETE ON incidents BEGIN
                    DELETE FROM incidents_rtree WHERE id = old.seq;
                  END`.execute(db);
      }

      await db.schema
        .createTable("incident_revisions")
        .addColumn("seq", seqType, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn("incident_id", "text", (c) => c.notNull())
        .addColumn("rev", "integer", (c) => c.notNull())
        .addColumn("at_ms", "bigint", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("changes", "text", (c) => c.notNull())
        .addColumn("snapshot", "text", (c) => c.notNull())
        .addUniqueConstraint("incident_revisions_incident_rev", ["incident_id", "rev"])
        .execute();
      if (pg) {
        await sql`CREATE FUNCTION truce_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN RAISE EXCEPTION 'incident_revisions is append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER incident_revisions_append_only BEFORE UPDATE OR DELETE ON incident_revisions
                  FOR EACH ROW EXECUTE FUNCTION truce_append_only()`.execute(db);
      } else {
        await sql`CREATE TRIGGER incident_revisions_no_update BEFORE UPDATE ON incident_revisions BEGIN
                    SELECT RAISE(ABORT, 'incident_revisions is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER incident_revisions_no_delete BEFORE DELETE ON incident_revisions BEGIN
                    SELECT RAISE(ABORT, 'incident_revisions is append-only'); END`.execute(db);
      }

      await db.schema
        .createTable("tokens")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull().unique())
        .addColumn("created_ms", "bigint", (c) => c.notNull())
        .addColumn("revoked_ms", "bigint")
        .execute();

      await db.schema
        .createTable("alerts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("zone_id", "text", (c) => c.notNull())
        .addColumn("sector_id", "text", (c) => c.notNull())
        .addColumn("window_end_ms", "bigint", (c) => c.notNull())
        .addColumn("created_ms", "bigint", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addUniqueConstraint("alerts_sector_window", ["zone_id", "sector_id", "window_end_ms"])
        .execute();
    },
  };
}

/**
 * Idempotency keys become scoped to their owner (issue 18): a client key is stored as
 * `<length of created_by>:<created_by>:<key>` (see keys.ts); the ACLED import's `acled:` keys stay global.
 */
const m002: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`UPDATE incidents
              SET idempotency_key = length(created_by) || ':' || created_by || ':' || idempotency_key
              WHERE idempotency_key IS NOT NULL AND idempotency_key NOT LIKE 'acled:%'`.execute(db);
  },
};

/**
 * Per-sector daily counts from the index alone (issue 16: `GET /api/stats` over 2.5 M incidents):
 * the day is an indexed expression in the order the stats group by, and the index covers the time
 * check, so the count streams through the index with no row read and no sort. Partial: merged
 * duplicates, which the stats leave out, are not in it. The same statement on both databases.
 */
const m003: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE INDEX incidents_stats ON incidents (zone_id, sector_id, (occurred_ms / 86400000), occurred_ms)
              WHERE merged_into IS NULL`.execute(db);
  },
};

/**
 * PostgreSQL only: an index-only count (migration 003) skips the heap only for pages the visibility map
 * marks all-visible, and only VACUUM sets it. Incidents are append-mostly, and autovacuum's default
 * (after inserts of 20% of the table) would leave up to a fifth of a large store on the slow path, so
 * vacuum after each 1% instead: cheap, since VACUUM skips pages already all-visible.
 */
function m004(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== "postgres") return;
      await sql`ALTER TABLE incidents SET (autovacuum_vacuum_insert_scale_factor = 0.01,
                autovacuum_analyze_scale_factor = 0.02)`.execute(db);
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: async () => ({
      "001_incidents": m001(dialect),
      "002_scoped_idempotency_keys": m002,
      "003_stats_index": m003,
      "004_vacuum_after_inserts": m004(dialect),
    }),
  };
}
