/**
 * The incident store on both real databases (SQLite and PostgreSQL + PostGIS): idempotency,
 * atomic batches, filters checked against a brute-force scan, cursor paging, the append-only
 * audit trail, merge/unmerge, and per-sector counts.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MonitorError } from "../src/monitor/errors.js";
import { type Actor, applyPatch, diff, merge, newIncident, unmerge } from "../src/monitor/incident.js";
import { type Incident, incidentInputSchema } from "../src/monitor/schema.js";
import type { IncidentFilter, IncidentStore } from "../src/monitor/store/store.js";
import { payloadHash } from "../src/monitor/store/store.js";
import { gradeAtLeast } from "../src/monitor/taxonomy.js";
import { uuidv7 } from "../src/monitor/uuid.js";
import { meridianZone, rng, sampleInput } from "./support/fixtures.js";
import { DIALECTS, type StoreFactory, storeFactory } from "./support/stores.js";

const zones = [meridianZone()];
const reporter: Actor = { name: "rep1", role: "reporter" };
const analyst: Actor = { name: "ana", role: "analyst" };

function prepare(
  over: Parameters<typeof sampleInput>[0] = {},
  actor: Actor = reporter,
  now = new Date("2025-03-15T00:00:00Z"),
) {
  const raw = sampleInput(over);
  const input = incidentInputSchema.parse(raw);
  return { incident: newIncident(input, { id: uuidv7(), now, actor, zones }), payloadHash: payloadHash(raw) };
}

/** Brute-force reference for a filter. */
function matches(i: Incident, f: IncidentFilter): boolean {
  const t = Date.parse(i.occurredAt);
  if (!f.includeMerged && i.mergedInto) return false;
  if (f.from && t < Date.parse(f.from)) return false;
  if (f.to && t >= Date.parse(f.to)) return false;
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    if (i.lon < w || i.lon > e || i.lat < s || i.lat > n) return false;
  }
  if (f.eventType && !f.eventType.includes(i.eventType)) return false;
  if (f.sectorId && !f.sectorId.includes(i.derived.sectorId ?? "")) return false;
  if (f.status && !f.status.includes(i.status)) return false;
  if (f.minGrade && !gradeAtLeast(i.sourceGrade, f.minGrade)) return false;
  return true;
}

describe.each(DIALECTS)("incident store on %s", (dialect) => {
  let factory: StoreFactory;
  let store: IncidentStore;
  const all: Incident[] = [];

  beforeAll(async () => {
    factory = await storeFactory(dialect);
    store = await factory.open();
    // 400 seeded incidents around the zone, over 30 days, for the filter checks.
    const r = rng(7);
    const types = ["Battles", "Explosions/Remote violence", "Riots"] as const;
    const subs = { Battles: "Armed clash", "Explosions/Remote violence": "Grenade", Riots: "Mob violence" } as const;
    const grades = ["A1", "B2", "C3", "D4", "F6", "B5"];
    const batch = [];
    for (let k = 0; k < 400; k++) {
      const type = types[Math.floor(r() * 3)];
      batch.push(
        prepare({
          idempotencyKey: `seed-${dialect}-${k}`,
          occurredAt: new Date(Date.UTC(2025, 2, 1) + Math.floor(r() * 30 * 86_400_000)).toISOString(),
          lon: 29.8 + r() * 0.4,
          lat: 46.9 + r() * 2.2,
          eventType: type,
          subEventType: subs[type],
          violation: undefined,
          sources: [{ type: "patrol", grade: grades[Math.floor(r() * grades.length)] }],
        }),
      );
    }
    const res = await store.create(batch, reporter.name);
    all.push(...res.map((x) => x.incident));
  });

  afterAll(async () => {
    await store?.close();
    await factory?.cleanup();
  });

  it("replays an idempotency key instead of duplicating, and rejects the key reused for another payload", async () => {
    const p = prepare({ idempotencyKey: "replay-key-0001" });
    const [first] = await store.create([p], reporter.name);
    expect(first.created).toBe(true);
    const again = prepare({ idempotencyKey: "replay-key-0001" });
    again.payloadHash = p.payloadHash;
    const [second] = await store.create([again], reporter.name);
    expect(second.created).toBe(false);
    expect(second.incident.id).toBe(first.incident.id);
    const other = prepare({ idempotencyKey: "replay-key-0001", description: "something else" });
    await expect(store.create([other], reporter.name)).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    expect(await store.count({ includeMerged: true })).toBe(all.length + 1);
    all.push(first.incident);
  });

  it("stores a batch all or nothing", async () => {
    const before = await store.count({ includeMerged: true });
    const good = prepare({ idempotencyKey: "batch-good-001" });
    const bad = prepare({ idempotencyKey: "replay-key-0001", description: "clash" }); // reused key, different payload
    await expect(store.create([good, bad], reporter.name)).rejects.toBeInstanceOf(MonitorError);
    expect(await store.count({ includeMerged: true })).toBe(before);
    expect(await store.get(good.incident.id)).toBeUndefined();
  });

  it("filters by bbox, time, type, sector, status and grade exactly as a brute-force scan", async () => {
    const r = rng(99);
    const filters: IncidentFilter[] = [{}];
    for (let k = 0; k < 25; k++) {
      const w = 29.8 + r() * 0.3;
      const s = 46.9 + r() * 2;
      const from = new Date(Date.UTC(2025, 2, 1) + Math.floor(r() * 20 * 86_400_000)).toISOString();
      const to = new Date(Date.parse(from) + Math.floor(r() * 10 * 86_400_000)).toISOString();
      filters.push({
        bbox: [w, s, w + r() * 0.2, s + r() * 0.8],
        ...(k % 2 ? { from, to } : {}),
        ...(k % 3 === 0 ? { eventType: ["Battles", "Riots"] } : {}),
        ...(k % 4 === 0 ? { sectorId: ["S02"] } : {}),
        ...(k % 5 === 0 ? { minGrade: "C3" } : {}),
      });
    }
    let nonEmpty = 0;
    for (const f of filters) {
      const got: string[] = [];
      for await (const i of store.all(f)) got.push(i.id);
      const want = all.filter((i) => matches(i, f)).map((i) => i.id);
      expect(got.sort()).toEqual(want.sort());
      if (want.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(15);
  });

  it("pages by cursor without gaps or repeats, newest first", async () => {
    const seen: Incident[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await store.list({}, { limit: 37, cursor });
      seen.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.length).toBe(all.length);
    expect(new Set(seen.map((i) => i.id)).size).toBe(all.length);
    for (let k = 1; k < seen.length; k++) expect(seen[k - 1].occurredAt >= seen[k].occurredAt).toBe(true);
  });

  it("keeps every change as an append-only revision and derives the current view from them", async () => {
    const target = all[0];
    const now = new Date("2025-04-01T00:00:00Z");
    await store.revise([target.id], ([cur]) => {
      const n = applyPatch(cur, { description: "re-worded", reason: "typo" }, { now, actor: analyst, zones });
      return [{ incident: n, action: "edit", reason: "typo", actor: analyst.name, changes: diff(cur, n) }];
    });
    await store.revise([target.id], ([cur]) => {
      const n = applyPatch(
        cur,
        { status: "corroborated", reason: "second patrol", evidence: "photo 12" },
        { now, actor: analyst, zones },
      );
      return [{ incident: n, action: "status", reason: "second patrol", actor: analyst.name, changes: diff(cur, n) }];
    });
    const h = await store.history(target.id);
    expect(h.map((r) => r.rev)).toEqual([1, 2, 3]);
    expect(h.map((r) => r.action)).toEqual(["create", "edit", "status"]);
    expect(h[1].changes.description).toEqual({ from: target.description, to: "re-worded" });
    expect(h[0].snapshot.description).toBe(target.description); // the old version is still there
    const cur = await store.get(target.id);
    expect(cur?.status).toBe("corroborated");
    expect(cur?.verification).toEqual([
      expect.objectContaining({ from: "reported", to: "corroborated", by: "ana", evidence: "photo 12" }),
    ]);
    expect(await store.checkProjection()).toEqual([]);
    // The database itself refuses to change or delete a revision.
    await expect(sql`UPDATE incident_revisions SET reason = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM incident_revisions`.execute(store.db)).rejects.toThrow(/append-only/);
    expect((await store.history(target.id)).length).toBe(3);
  });

  it("detects a current view that no longer matches its revisions", async () => {
    const target = all[1];
    await sql`UPDATE incidents SET data = ${JSON.stringify({ ...target, description: "tampered" })} WHERE id = ${target.id}`.execute(
      store.db,
    );
    expect(await store.checkProjection()).toEqual([target.id]);
    await sql`UPDATE incidents SET data = ${JSON.stringify(target)} WHERE id = ${target.id}`.execute(store.db);
    expect(await store.checkProjection()).toEqual([]);
  });

  it("rejects a stale revision (optimistic concurrency)", async () => {
    const target = all[2];
    const now = new Date("2025-04-01T00:00:00Z");
    await expect(
      store.revise([target.id], ([cur]) => [
        {
          incident: {
            ...applyPatch(cur, { description: "a", reason: "r" }, { now, actor: analyst, zones }),
            rev: cur.rev + 5,
          },
          action: "edit",
          reason: "r",
          actor: "ana",
          changes: {},
        },
      ]),
    ).rejects.toMatchObject({ code: "REVISION_CONFLICT" });
    expect((await store.history(target.id)).length).toBe(1);
  });

  it("merges duplicates keeping both sources, and unmerges back to the original sources", async () => {
    const [a, b] = [all[3], all[4]];
    const now = new Date("2025-04-02T00:00:00Z");
    await store.revise([a.id, b.id], ([p, d]) => {
      const m = merge(p, d, now);
      return [
        { incident: m.primary, action: "merge", reason: "same event", actor: "ana", changes: diff(p, m.primary) },
        { incident: m.dup, action: "merged_into", reason: "same event", actor: "ana", changes: diff(d, m.dup) },
      ];
    });
    const merged = (await store.get(a.id))!;
    expect(merged.sources.length).toBe(a.sources.length + b.sources.length);
    expect(merged.sourceCount).toBe(2);
    expect(merged.mergedFrom).toEqual([b.id]);
    expect((await store.get(b.id))!.mergedInto).toBe(a.id);
    const listed: string[] = [];
    for await (const i of store.all({})) listed.push(i.id);
    expect(listed).not.toContain(b.id);
    await store.revise([a.id, b.id], ([p, d]) => {
      const u = unmerge(p, d, now);
      return [
        {
          incident: u.primary,
          action: "unmerge",
          reason: "different events",
          actor: "ana",
          changes: diff(p, u.primary),
        },
        { incident: u.dup, action: "unmerged", reason: "different events", actor: "ana", changes: diff(d, u.dup) },
      ];
    });
    const back = (await store.get(a.id))!;
    expect(back.sources).toEqual(a.sources);
    expect(back.mergedFrom).toEqual([]);
    expect((await store.get(b.id))!.mergedInto).toBeNull();
    expect((await store.history(a.id)).map((r) => r.action)).toEqual(["create", "merge", "unmerge"]);
    expect(await store.checkProjection()).toEqual([]);
  });

  it("counts per sector per day as a brute-force tally", async () => {
    const got = await store.statsPerSectorDay({});
    const want = new Map<string, number>();
    for (const i of all) {
      const k = `${i.derived.zoneId}|${i.derived.sectorId}|${i.occurredAt.slice(0, 10)}`;
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    expect(new Map(got.map((r) => [`${r.zoneId}|${r.sectorId}|${r.day}`, r.count]))).toEqual(want);
  });

  it("counts a sector's recent window and baseline for the alert test", async () => {
    const end = Date.UTC(2025, 2, 20);
    const ws = end - 6 * 3_600_000;
    const bs = ws - 168 * 3_600_000;
    const got = await store.sectorCounts(bs, ws, end);
    for (const row of got) {
      const inSector = all.filter(
        (i) => i.derived.zoneId === row.zoneId && i.derived.sectorId === row.sectorId && !i.mergedInto,
      );
      const t = (i: Incident) => Date.parse(i.occurredAt);
      expect(row.recent).toBe(inSector.filter((i) => t(i) >= ws && t(i) < end).length);
      expect(row.baseline).toBe(inSector.filter((i) => t(i) >= bs && t(i) < ws).length);
    }
    expect(got.length).toBe(2);
  });

  it("stores an alert once when concurrent requests raise the same one", async () => {
    const a = {
      id: "meridian:S01:2025-03-20T00:00:00.000Z",
      zoneId: "meridian",
      sectorId: "S01",
      windowEnd: "2025-03-20T00:00:00.000Z",
      data: { x: 1 },
    };
    const res = await Promise.all(Array.from({ length: 6 }, () => store.insertAlert(a, 1)));
    expect(res.filter(Boolean).length).toBe(1);
    expect((await store.listAlerts()).length).toBe(1);
  });

  it("stores tokens by hash only and revokes them", async () => {
    await store.createToken({ id: "tok1", name: "alice", role: "analyst", hash: "h".repeat(64), createdMs: 1 });
    expect(await store.tokenByHash("h".repeat(64))).toEqual({ id: "tok1", name: "alice", role: "analyst" });
    await expect(
      store.createToken({ id: "tok2", name: "alice", role: "viewer", hash: "g".repeat(64), createdMs: 2 }),
    ).rejects.toBeInstanceOf(MonitorError);
    expect(await store.revokeToken("tok1", 5)).toBe(true);
    expect(await store.tokenByHash("h".repeat(64))).toBeUndefined();
  });
});
