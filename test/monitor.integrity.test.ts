/**
 * Monitor data integrity (issue 18 items 6, 9, 10, 11, 14) on both real databases, through the
 * real HTTP app: reserved ACLED keys, idempotency keys per owner, read-only merge sources, NUL
 * bytes, forged cursors, crossed merges, the 1900-2200 date range and non-decimal CSV numbers.
 */

import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAcledCsv } from "../src/monitor/acled.js";
import { newIncident } from "../src/monitor/incident.js";
import { incidentInputSchema } from "../src/monitor/schema.js";
import { migrationProvider } from "../src/monitor/store/migrations.js";
import { openStore } from "../src/monitor/store/open.js";
import { type IncidentStore, payloadHash } from "../src/monitor/store/store.js";
import { incidentRow } from "../src/monitor/store/tables.js";
import { uuidv7 } from "../src/monitor/uuid.js";
import { type TestApp, testApp } from "./support/app.js";
import { sampleInput } from "./support/fixtures.js";
import { DIALECTS, type StoreFactory, storeFactory } from "./support/stores.js";

const ACLED_HEAD =
  "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,latitude,longitude,geo_precision,source,notes,fatalities,civilian_targeting";
const acledRow = (id: string, lat = "48.2") =>
  `${id},2025-03-10,2025,1,Battles,Armed clash,Military Forces,${lat},30.05,1,Local media,Clash near village,2,`;

describe.each(DIALECTS)("monitor integrity on %s", (dialect) => {
  let factory: StoreFactory;
  let store: IncidentStore;
  let t: TestApp;

  beforeAll(async () => {
    factory = await storeFactory(dialect);
    store = await factory.open();
    t = await testApp(store);
  });
  afterAll(async () => {
    await t?.app.close();
    await store?.close();
    await factory?.cleanup();
  });

  const post = (body: unknown, role: "reporter" | "reporter2" | "analyst" = "reporter") =>
    t.app.inject({ method: "POST", url: "/api/incidents", headers: t.auth(role), payload: body as object });
  const importCsv = (text: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/incidents/import",
      headers: { ...t.auth("analyst"), "content-type": "text/csv" },
      payload: text,
    });

  it("acled: keys are reserved for imports, so a reporter cannot squat a later import's event", async () => {
    for (const key of ["acled:UKR9001", "ACLED:UKR9001"]) {
      const r = await post(sampleInput({ idempotencyKey: key }));
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer: "/idempotencyKey" } });
      expect(r.json().error.message).toContain("reserved for the ACLED import");
    }
    const imp = await importCsv([ACLED_HEAD, acledRow("UKR9001")].join("\n"));
    expect(imp.statusCode).toBe(201);
    expect(imp.json()).toMatchObject({ created: 1, alreadyPresent: 0 });
  });

  it("idempotency keys are scoped per token owner: another reporter's replay never returns the first record", async () => {
    const body = sampleInput({ idempotencyKey: "shared-key-0001" });
    const a = await post(body, "reporter");
    const b = await post(body, "reporter2");
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).not.toBe(a.json().id);
    expect(b.json().createdBy).not.toBe(a.json().createdBy);
    // The owner's own retry is still idempotent.
    const again = await post(body, "reporter");
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(a.json().id);
  });

  it("keys stored before scoping are scoped by the migration, so the owner's retry still finds its record", async () => {
    const url = await factory.newUrl();
    const old = await openStore({ databaseUrl: url, migrate: false });
    await new Migrator({ db: old.db, provider: migrationProvider(old.dialect) }).migrateTo("001_incidents");
    // PostgreSQL test databases are copies of a migrated template: make this one a pre-002 database.
    // Later migrations go too, so the migrator runs 002 and what follows it in order.
    await sql`DELETE FROM kysely_migration WHERE name >= '002'`.execute(old.db);
    await sql`DROP INDEX IF EXISTS incidents_stats`.execute(old.db);
    const input = sampleInput({ idempotencyKey: "legacy-key-0001" });
    const incident = newIncident(incidentInputSchema.parse(input), {
      id: uuidv7(Date.now()),
      now: new Date(),
      actor: { name: "legacy-reporter", role: "reporter" },
      zones: [],
    });
    // What the old store wrote: the raw key in the unique column.
    await old.db
      .insertInto("incidents")
      .values(incidentRow(incident, payloadHash(input)))
      .execute();
    await old.db
      .insertInto("incidents")
      .values({
        ...incidentRow({ ...incident, id: uuidv7(Date.now()), idempotencyKey: "acled:UKR7" }, "h"),
      })
      .execute();
    await old.close();
    const migrated = await openStore({ databaseUrl: url });
    try {
      const keys = (await migrated.db.selectFrom("incidents").select("idempotency_key").execute())
        .map((r) => r.idempotency_key)
        .sort();
      expect(keys).toEqual(["15:legacy-reporter:legacy-key-0001", "acled:UKR7"]);
      const [again] = await migrated.create(
        [{ incident: { ...incident, id: "other" }, payloadHash: payloadHash(input) }],
        "legacy-reporter",
      );
      expect(again).toMatchObject({ created: false, incident: { id: incident.id } });
    } finally {
      await migrated.close();
    }
  });

  it("clients cannot set sources[].fromIncident, on create or on edit", async () => {
    const forged = sampleInput({ sources: [{ type: "patrol", grade: "A1", fromIncident: "x" } as never] });
    const r = await post(forged);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.detail.pointer).toBe("/sources/0/fromIncident");
    const ok = await post(sampleInput());
    const edit = await t.app.inject({
      method: "PATCH",
      url: `/api/incidents/${ok.json().id}`,
      headers: t.auth("analyst"),
      payload: { reason: "forge", sources: [{ type: "monitor", grade: "A1", fromIncident: ok.json().id }] },
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.detail.pointer).toBe("/sources/0/fromIncident");
  });

  it("NUL bytes are a 400 at the boundary: in a body, a filter, an id and a key", async () => {
    const body = await post(sampleInput({ description: "a\u0000b" }));
    expect(body.statusCode).toBe(400);
    expect(body.json().error.detail.pointer).toBe("/description");
    const key = await post(sampleInput({ idempotencyKey: "nul-key-\u0000-0001" }));
    expect(key.statusCode).toBe(400);
    for (const url of ["/api/incidents?zone=me%00ridian", "/api/incidents?sector=S0%001", "/api/incidents/abc%00def"]) {
      const r = await t.app.inject({ url, headers: t.auth("viewer") });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.code).toBe("TRUCE_BAD_INPUT");
    }
    await expect(store.list({ createdBy: "x\u0000" })).rejects.toThrow(/NUL/);
  });

  it("a forged or overflowing cursor is a 400, never a database error", async () => {
    const forged = [
      Buffer.from("99999999999999999999999999:1").toString("base64url"),
      Buffer.from("1:99999999999999999999").toString("base64url"),
      Buffer.from("-1:0").toString("base64url"),
      "%00",
      "x".repeat(5000),
    ];
    for (const cursor of forged) {
      const r = await t.app.inject({
        url: `/api/incidents?cursor=${encodeURIComponent(cursor)}`,
        headers: t.auth("viewer"),
      });
      expect(r.statusCode, cursor.slice(0, 30)).toBe(400);
      expect(r.json().error.code).toBe("TRUCE_BAD_INPUT");
    }
    // A real cursor still pages.
    await post(sampleInput());
    await post(sampleInput());
    const p1 = (await t.app.inject({ url: "/api/incidents?limit=1", headers: t.auth("viewer") })).json();
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p2 = await t.app.inject({ url: `/api/incidents?limit=1&cursor=${p1.nextCursor}`, headers: t.auth("viewer") });
    expect(p2.statusCode).toBe(200);
    expect(p2.json().items[0].id).not.toBe(p1.items[0].id);
  });

  it("crossed concurrent merges (A←B and B←A) never deadlock: one wins, the other is a 409", async () => {
    const merge = (into: string, dup: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/incidents/${into}/merge`,
        headers: t.auth("analyst"),
        payload: { duplicateIds: [dup], reason: "same event" },
      });
    for (let round = 0; round < 15; round++) {
      const a = (await post(sampleInput())).json().id as string;
      const b = (await post(sampleInput())).json().id as string;
      const [ab, ba] = await Promise.all([merge(a, b), merge(b, a)]);
      const codes = [ab.statusCode, ba.statusCode].sort();
      expect(codes, `round ${round}: ${ab.body} / ${ba.body}`).toEqual([200, 409]);
    }
    expect(await store.checkProjection()).toEqual([]);
  });

  it("dates are limited to the years 1900-2200", async () => {
    for (const occurredAt of ["9999-12-31T00:00:00Z", "2201-01-01T00:00:00Z", "1899-12-31T23:59:59Z"]) {
      const r = await post(sampleInput({ occurredAt }));
      expect(r.statusCode, occurredAt).toBe(400);
      expect(r.json().error.detail.pointer).toBe("/occurredAt");
    }
    expect((await post(sampleInput({ occurredAt: "2200-12-31T23:00:00Z" }))).statusCode).toBe(201);
    expect((await post(sampleInput({ occurredAt: "1900-01-01T00:00:00Z" }))).statusCode).toBe(201);
    const until = await post(sampleInput({ occurredUntil: "10000-01-01T00:00:00Z" }));
    expect(until.statusCode).toBe(400);
    await expect(store.list({ from: "10000-01-01" })).rejects.toThrow(/1900-2200/);
  });

  it("hex and other non-decimal numbers in an ACLED import are row errors, never stored", async () => {
    const before = await store.count({ includeMerged: true });
    const r = await importCsv([ACLED_HEAD, acledRow("UKR9101", "0x10")].join("\n"));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.detail.errors).toMatchObject([{ line: 2, column: "latitude" }]);
    expect(await store.count({ includeMerged: true })).toBe(before);
  });
});

describe("CSV numbers are plain decimals", () => {
  it.each(["0x10", "0b11", "0o17", "Infinity", "1e999", "1_000", "16 ", "4,5"])("latitude %j", (lat) => {
    const cell = lat.includes(",") ? `"${lat}"` : lat;
    const p = parseAcledCsv([ACLED_HEAD, acledRow("UKR1", cell)].join("\n"));
    if (lat === "16 ") {
      expect(p.errors).toEqual([]);
      expect(p.rows[0].input.lat).toBe(16);
    } else {
      expect(p.errors.map((e) => e.column)).toEqual(["latitude"]);
    }
  });
});
