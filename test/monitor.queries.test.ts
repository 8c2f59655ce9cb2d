/**
 * The queries made fast for ACLED scale (issue 16), on both databases, against brute force.
 * Newest-first bbox pages: SQLite answers them from the R*Tree's day axis, walking time windows
 * back and looking up only the newest candidates; checked with ties (day-precision incidents at
 * midnight), cursors, open time ranges and filters that reject most candidates, so that windows and
 * batches must grow. Per-sector daily counts: from the incidents_stats index, with time bounds.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Incident } from "../src/monitor/schema.js";
import type { IncidentFilter, IncidentStore, PreparedCreate } from "../src/monitor/store/store.js";
import { rng, storedIncident } from "./support/fixtures.js";
import { DIALECTS, type StoreFactory, storeFactory } from "./support/stores.js";

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

function incident(i: number, r: () => number): PreparedCreate {
  // Half at midnight (ACLED's day precision: many share one instant), half to the millisecond.
  const day = Math.floor(r() * 200);
  const ms = T0 + day * DAY + (r() < 0.5 ? 0 : Math.floor(r() * DAY));
  const at = new Date(ms).toISOString();
  const dense = r() < 0.7;
  const lon = dense ? 30 + r() * 0.5 : 28 + r() * 6;
  const lat = dense ? 47 + r() * 0.5 : 45 + r() * 5;
  return storedIncident({
    idMs: T0 + i,
    occurredAt: at,
    lon,
    lat,
    eventType: r() < 0.1 ? "Riots" : "Battles",
    subEventType: "Armed clash",
    idempotencyKey: `newest-${i}`,
    createdBy: "test",
    description: "test",
    zoneId: "z",
    sectorId: "S01",
  });
}

describe.each(DIALECTS)("newest-first bbox pages on %s", (dialect) => {
  let factory: StoreFactory;
  let store: IncidentStore;
  const all: Incident[] = []; // in insertion (seq) order

  beforeAll(async () => {
    factory = await storeFactory(dialect);
    store = await factory.open();
    const r = rng(2026);
    const items = Array.from({ length: 3000 }, (_, i) => incident(i, r));
    // A burst inside one float32 step of the R*Tree's day axis (~3 minutes), inserted newest first:
    // the index alone orders it backwards, so a page is right only if it is proven, not guessed.
    for (let j = 0; j < 300; j++) {
      const p = incident(3000 + j, r);
      const at = new Date(T0 + 210 * DAY + 43_200_000 + (300 - j) * 100).toISOString();
      Object.assign(p.incident, { lon: 40 + (j % 17) * 0.001, lat: 40, occurredAt: at, reportedAt: at, updatedAt: at });
      items.push(p);
    }
    for (let i = 0; i < items.length; i += 1000) await store.bulkCreate(items.slice(i, i + 1000), "test");
    all.push(...items.map((p) => p.incident));
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await factory?.cleanup();
  });

  /** The reference: every match, newest first, ties by insertion order, newest inserted first. */
  function expected(f: IncidentFilter): string[] {
    const [w, s, e, n] = f.bbox ?? [-180, -90, 180, 90];
    const from = f.from ? Date.parse(f.from) : Number.NEGATIVE_INFINITY;
    const to = f.to ? Date.parse(f.to) : Number.POSITIVE_INFINITY;
    return all
      .map((inc, seq) => ({ inc, seq, ms: Date.parse(inc.occurredAt) }))
      .filter(({ inc, ms }) => inc.lon >= w && inc.lon <= e && inc.lat >= s && inc.lat <= n && ms >= from && ms < to)
      .filter(({ inc }) => !f.eventType || f.eventType.includes(inc.eventType))
      .sort((a, b) => b.ms - a.ms || b.seq - a.seq)
      .map(({ inc }) => inc.id);
  }

  async function pages(f: IncidentFilter, limit: number, max = Number.POSITIVE_INFINITY): Promise<string[]> {
    const got: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < max; n++) {
      const page = await store.list(f, { limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      got.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return got;
  }

  it("gives the first page exactly as a brute-force sort, over boxes dense and sparse, ranges closed and open", async () => {
    const r = rng(5);
    let full = 0;
    for (let k = 0; k < 40; k++) {
      const dense = k % 2 === 0;
      const w = dense ? 30 + r() * 0.3 : 28 + r() * 5;
      const s = dense ? 47 + r() * 0.3 : 45 + r() * 4;
      const size = dense ? 0.05 + r() * 0.3 : 0.2 + r() * 1.5;
      const fromMs = T0 + Math.floor(r() * 150) * DAY + (k % 3 === 0 ? Math.floor(r() * DAY) : 0);
      const f: IncidentFilter = {
        bbox: [w, s, w + size, s + size],
        ...(k % 4 !== 3 ? { from: new Date(fromMs).toISOString() } : {}),
        ...(k % 5 !== 4 ? { to: new Date(fromMs + Math.floor(1 + r() * 60) * DAY).toISOString() } : {}),
      };
      const limit = [1, 7, 100][k % 3];
      const want = expected(f).slice(0, limit);
      const page = await store.list(f, { limit });
      expect(page.items.map((i) => i.id)).toEqual(want);
      if (want.length === limit) full++;
    }
    expect(full).toBeGreaterThan(15);
  });

  it("pages through a dense box by cursor with no gap, repeat or reordering, across tied instants", async () => {
    const f: IncidentFilter = { bbox: [30, 47, 30.5, 47.5] };
    const want = expected(f);
    expect(want.length).toBeGreaterThan(1500);
    expect(await pages(f, 100)).toEqual(want);
    const ranged = { ...f, from: new Date(T0 + 20 * DAY).toISOString(), to: new Date(T0 + 90 * DAY).toISOString() };
    expect(await pages(ranged, 33)).toEqual(expected(ranged));
  });

  it("finds a page when the other filters reject most candidates (windows and batches grow)", async () => {
    const f: IncidentFilter = { bbox: [28, 45, 34, 50], eventType: ["Riots"] };
    const want = expected(f);
    expect(want.length).toBeGreaterThan(150);
    expect(await pages(f, 100, 2)).toEqual(want.slice(0, 200));
  });

  it("orders a burst the index cannot tell apart by its exact times", async () => {
    const f: IncidentFilter = { bbox: [39.9, 39.9, 40.1, 40.1] };
    const want = expected(f);
    expect(want.length).toBe(300);
    expect((await store.list(f, { limit: 100 })).items.map((i) => i.id)).toEqual(want.slice(0, 100));
    expect(await pages(f, 100)).toEqual(want);
  });

  it("counts per sector per day within mid-day time bounds as a brute-force tally, from the index alone", async () => {
    const r = rng(11);
    for (let k = 0; k < 6; k++) {
      const fromMs = T0 + Math.floor(r() * 150 * DAY);
      const toMs = fromMs + Math.floor(r() * 40 * DAY);
      const f: IncidentFilter = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
      const want = new Map<string, number>();
      for (const i of all) {
        const t = Date.parse(i.occurredAt);
        if (t < fromMs || t >= toMs) continue;
        const key = `${i.derived.zoneId}|${i.derived.sectorId}|${i.occurredAt.slice(0, 10)}`;
        want.set(key, (want.get(key) ?? 0) + 1);
      }
      const got = await store.statsPerSectorDay(f);
      expect(new Map(got.map((x) => [`${x.zoneId}|${x.sectorId}|${x.day}`, x.count]))).toEqual(want);
      expect(got.map((x) => x.day)).toEqual(got.map((x) => x.day).sort());
    }
    if (dialect === "sqlite") {
      const plan = await sql<{
        detail: string;
      }>`EXPLAIN QUERY PLAN SELECT zone_id, sector_id, occurred_ms / 86400000 AS day,
          count(*) FROM incidents WHERE merged_into IS NULL GROUP BY zone_id, sector_id, occurred_ms / 86400000`.execute(
        store.db,
      );
      expect(plan.rows.map((x) => x.detail).join("\n")).toMatch(/USING INDEX incidents_stats$/);
    } else {
      // Autovacuum keeps the visibility map current after each 1% of inserts (migration 004), so the
      // index-only plan skips the heap. (How many heap pages VACUUM can mark depends on the oldest
      // transaction running anywhere on the cluster, so that count is measured in bench/monitor.ts.)
      const opts = await sql<{
        reloptions: string[];
      }>`SELECT reloptions FROM pg_class WHERE relname = 'incidents'`.execute(store.db);
      expect(opts.rows[0].reloptions).toContain("autovacuum_vacuum_insert_scale_factor=0.01");
      await sql`VACUUM (ANALYZE) incidents`.execute(store.db);
      // The test's few rows would be read faster in a sequential scan: plan as for a large table.
      const plan = await store.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        return sql<{ "QUERY PLAN": string }>`EXPLAIN (ANALYZE, FORMAT TEXT) SELECT zone_id, sector_id,
            occurred_ms / 86400000 AS day, count(*) FROM incidents WHERE merged_into IS NULL
            GROUP BY zone_id, sector_id, occurred_ms / 86400000`.execute(trx);
      });
      const text = plan.rows.map((x) => x["QUERY PLAN"]).join("\n");
      expect(text).toMatch(/Index Only Scan using incidents_stats/);
    }
  });

  it("answers an empty box and a range with nothing in it", async () => {
    expect((await store.list({ bbox: [0, 0, 1, 1] })).items).toEqual([]);
    const f = { bbox: [30, 47, 30.5, 47.5] as [number, number, number, number], from: "2030-01-01", to: "2030-02-01" };
    expect(await store.list(f)).toEqual({ items: [], nextCursor: null });
  });
});
