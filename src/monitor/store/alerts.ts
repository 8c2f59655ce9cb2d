/** Alerts raised by the surge test, one per sector and window end. */
import type { Kysely } from "kysely";
import type { AlertRow, DB } from "./tables.js";

/** Store an alert unless one exists for the same sector and window end; returns true if stored. */
export async function insertAlert(db: Kysely<DB>, a: AlertRow, nowMs: number): Promise<boolean> {
  const r = await db
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

export async function listAlerts(db: Kysely<DB>, limit = 100): Promise<Array<Record<string, unknown>>> {
  const rows = await db.selectFrom("alerts").select("data").orderBy("window_end_ms", "desc").limit(limit).execute();
  return rows.map((r) => JSON.parse(r.data));
}
