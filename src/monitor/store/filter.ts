/** The WHERE clause of every incident listing, export and count, on either database. */
import { type Kysely, sql } from "kysely";
import { TruceInputError } from "../../errors/index.js";
import { inYearRange, MAX_YEAR, MIN_YEAR } from "../schema.js";
import { gradeAtLeast } from "../taxonomy.js";
import { assertNoNul } from "./keys.js";
import { type Dialect, MS_PER_DAY } from "./migrations.js";
import type { DB, IncidentFilter } from "./tables.js";

function filterTime(path: string, iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  if (!inYearRange(iso))
    throw new TruceInputError({
      path,
      problem: `"${iso.slice(0, 40)}" is not a date in the years ${MIN_YEAR}-${MAX_YEAR}.`,
      fix: "Give an ISO 8601 date or date-time, e.g. 2025-03-14 or 2025-03-14T06:30:00Z.",
    });
  return Date.parse(iso);
}

/** Refuse what neither database should see: NUL characters, unreadable dates, non-finite boxes. */
function checkFilter(f: IncidentFilter): void {
  for (const k of [
    "eventType",
    "subEventType",
    "violationKind",
    "zoneId",
    "sectorId",
    "status",
    "minGrade",
    "createdBy",
  ] as const)
    assertNoNul(`query.${k}`, f[k]);
  if (f.bbox && !f.bbox.every(Number.isFinite))
    throw new TruceInputError({
      path: "query.bbox",
      problem: "needs four finite numbers.",
      fix: "Give west,south,east,north in degrees, e.g. 30,47,31,48.",
    });
}

export function filteredIncidents(db: Kysely<DB>, dialect: Dialect, f: IncidentFilter) {
  checkFilter(f);
  let q = db.selectFrom("incidents");
  if (!f.includeMerged) q = q.where("merged_into", "is", null);
  const fromMs = filterTime("query.from", f.from);
  const toMs = filterTime("query.to", f.to);
  if (fromMs !== undefined) q = q.where("occurred_ms", ">=", fromMs);
  if (toMs !== undefined) q = q.where("occurred_ms", "<", toMs);
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    if (dialect === "postgres") {
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
