/** Counts for the stats route and the alert test. */
import { type Kysely, sql } from "kysely";
import { filteredIncidents, timeBounds } from "./filter.js";
import { assertNoNul } from "./keys.js";
import { type Dialect, MS_PER_DAY } from "./migrations.js";
import type { DB, IncidentFilter } from "./tables.js";

/** Incidents per zone, sector and UTC day (merged duplicates and disproved reports left out unless filtered for). */
export async function statsPerSectorDay(
  db: Kysely<DB>,
  dialect: Dialect,
  f: IncidentFilter,
): Promise<Array<{ zoneId: string | null; sectorId: string | null; day: string; count: number }>> {
  // The very expression of the incidents_stats index (migration 003), so the count reads the index alone.
  const day = sql<number>`occurred_ms / ${sql.lit(MS_PER_DAY)}`;
  let q = filteredIncidents(db, dialect, f);
  // The time range restated on the day (implied by it, for dates after 1970, where division truncates
  // downwards) lets the index seek to the range instead of scanning every day.
  const { fromMs, toMs } = timeBounds(f);
  if (fromMs !== undefined && fromMs >= 0) q = q.where(day, ">=", Math.floor(fromMs / MS_PER_DAY));
  if (toMs !== undefined && toMs >= 0) q = q.where(day, "<=", Math.floor(toMs / MS_PER_DAY));
  const rows = await q
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
export async function sectorCounts(
  db: Kysely<DB>,
  baselineStartMs: number,
  windowStartMs: number,
  endMs: number,
  zoneId?: string,
  sectorId?: string,
) {
  assertNoNul("zoneId", zoneId);
  assertNoNul("sectorId", sectorId);
  let q = db
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
