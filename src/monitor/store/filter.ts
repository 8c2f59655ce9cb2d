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

/** Beyond float32's rounding of the R*Tree's day axis (~3 minutes at today's dates), so no row is missed. */
const DAY_SLACK = 0.01;

/** The R*Tree constraint of a bbox filter (SQLite), on lon, lat and day, as SQL. */
function rtreeBox(bbox: readonly [number, number, number, number], fromMs?: number, toMs?: number) {
  const [w, s, e, n] = bbox;
  const d0 = fromMs !== undefined ? fromMs / MS_PER_DAY - DAY_SLACK : -1e9;
  const d1 = toMs !== undefined ? toMs / MS_PER_DAY + DAY_SLACK : 1e9;
  return sql`max_lon >= ${w} AND min_lon <= ${e} AND max_lat >= ${s} AND min_lat <= ${n} AND max_day >= ${d0} AND min_day <= ${d1}`;
}

/** The filter's time range as epoch milliseconds [fromMs, toMs), checked. */
export function timeBounds(f: IncidentFilter): { fromMs?: number; toMs?: number } {
  return { fromMs: filterTime("query.from", f.from), toMs: filterTime("query.to", f.to) };
}

/**
 * The `k` newest R*Tree entries in a bbox and a time range [fromMs, toMs) (SQLite), by their day
 * axis, then id (= seq), read from the index alone. When all `k` came back, every entry left out
 * sorts at or below (`lastDay`, `lastSeq`): that is what lets a page stop early (listIncidents).
 */
export async function rtreeNewest(
  db: Kysely<DB>,
  bbox: readonly [number, number, number, number],
  k: number,
  fromMs: number | undefined,
  toMs: number | undefined,
): Promise<{ seqs: number[]; full: boolean; lastDay: number; lastSeq: number }> {
  if (!bbox.every(Number.isFinite)) checkFilter({ bbox: bbox as [number, number, number, number] });
  const rows = await sql<{ id: number; max_day: number }>`SELECT id, max_day FROM incidents_rtree
      WHERE ${rtreeBox(bbox, fromMs, toMs)} ORDER BY max_day DESC, id DESC LIMIT ${k}`.execute(db);
  const seqs = rows.rows.map((r) => Number(r.id));
  const last = rows.rows[rows.rows.length - 1];
  return {
    seqs,
    full: seqs.length === k,
    lastDay: last ? Number(last.max_day) : Number.NEGATIVE_INFINITY,
    lastSeq: last ? Number(last.id) : 0,
  };
}

/**
 * Filtered incidents. On SQLite, `candidates` (R*Tree ids from rtreeNewest) replaces the R*Tree
 * subquery of a bbox filter: the rows are then looked up by primary key and checked exactly.
 */
export function filteredIncidents(
  db: Kysely<DB>,
  dialect: Dialect,
  f: IncidentFilter,
  opts: { candidates?: readonly number[] } = {},
) {
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
      const ids = opts.candidates
        ? sql<number>`(SELECT value FROM json_each(${JSON.stringify(opts.candidates)}))`
        : sql<number>`(SELECT id FROM incidents_rtree WHERE ${rtreeBox(f.bbox, fromMs, toMs)})`;
      q = q
        .where("seq", "in", ids)
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
