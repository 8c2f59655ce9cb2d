/**
 * The HTTP API over both real databases: idempotent create, atomic batches with JSON pointers,
 * verification rights, withdrawal-line flags, exports by tier, ACLED import, the daily report,
 * limits, OpenAPI, and the role × endpoint authorisation matrix.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destination } from "../src/geo/geodesic.js";
import type { Role } from "../src/monitor/incident.js";
import type { IncidentStore } from "../src/monitor/store/store.js";
import { ERRORS } from "../src/server/errors.js";
import { type TestApp, testApp } from "./support/app.js";
import { sampleInput } from "./support/fixtures.js";
import { DIALECTS, type StoreFactory, storeFactory } from "./support/stores.js";

describe.each(DIALECTS)("HTTP API on %s", (dialect) => {
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

  const post = (body: unknown, role: Role | "reporter2" = "reporter") =>
    t.app.inject({ method: "POST", url: "/api/incidents", headers: t.auth(role), payload: body as object });

  it("GET /api/me says who a token is: name, role and release tier; no token is 401", async () => {
    const tiers: Record<Role, string> = {
      viewer: "parties",
      reporter: "parties",
      planner: "parties",
      analyst: "internal",
      admin: "internal",
    };
    for (const role of Object.keys(tiers) as Role[]) {
      const r = await t.app.inject({ url: "/api/me", headers: t.auth(role) });
      expect(r.statusCode, role).toBe(200);
      expect(r.json()).toMatchObject({ role, tier: tiers[role] });
      expect(typeof r.json().name).toBe("string");
    }
    const anon = await t.app.inject({ url: "/api/me" });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe("TRUCE_UNAUTHENTICATED");
  });

  it("creates an incident, and a retry with the same key returns the same record", async () => {
    const body = sampleInput({ idempotencyKey: "http-once-0001" });
    const a = await post(body);
    expect(a.statusCode).toBe(201);
    const b = await post(body);
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    expect(b.json().created).toBe(false);
    const c = await post({ ...body, description: "another event" });
    expect(c.statusCode).toBe(409);
    expect(c.json().error).toMatchObject({
      code: "TRUCE_IDEMPOTENCY_KEY_REUSED",
      detail: { pointer: "/idempotencyKey" },
    });
    expect(a.json().derived).toMatchObject({
      zoneId: "meridian",
      sectorId: "S01",
      side: "right",
      party: "EAST",
      inZone: true,
    });
  });

  it("rejects a batch with one bad item with a JSON pointer, storing nothing", async () => {
    const before = await store.count({ includeMerged: true });
    const items = [sampleInput(), sampleInput(), sampleInput({ lat: 123 }), sampleInput()];
    const r = await post({ incidents: items });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer: "/incidents/2/lat" } });
    const r2 = await post([sampleInput(), { ...sampleInput(), subEventType: "Mob violence" }]);
    expect(r2.json().error.detail.pointer).toBe("/1/subEventType");
    expect(r2.json().error.message).toMatch(/not a sub-event type of 'Explosions\/Remote violence'/);
    expect(await store.count({ includeMerged: true })).toBe(before);
    const ok = await post({ incidents: items.filter((_, i) => i !== 2) });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().created).toBe(3);
  });

  it("lets only analysts verify, and a reporter edit only their own incidents", async () => {
    const id = (await post(sampleInput(), "reporter")).json().id;
    const patch = (body: object, role: Role | "reporter2") =>
      t.app.inject({ method: "PATCH", url: `/api/incidents/${id}`, headers: t.auth(role), payload: body });
    expect((await patch({ description: "mine", reason: "clarify" }, "reporter2")).statusCode).toBe(403);
    expect((await patch({ description: "more detail", reason: "clarify" }, "reporter")).statusCode).toBe(200);
    expect((await patch({ status: "verified", reason: "seen" }, "reporter")).json().error.code).toBe(
      "TRUCE_INVALID_TRANSITION",
    );
    expect((await patch({ status: "corroborated", reason: "second source" }, "reporter")).statusCode).toBe(200);
    const v1 = await patch({ status: "verified", reason: "seen by patrol" }, "reporter");
    expect(v1.statusCode).toBe(403);
    expect(v1.json().error.code).toBe("TRUCE_FORBIDDEN");
    const v2 = await patch(
      { status: "verified", reason: "crater analysis", evidence: "photos 3-5", ifRev: 3 },
      "analyst",
    );
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({ status: "verified", rev: 4 });
    expect((await patch({ description: "x", reason: "y", ifRev: 3 }, "analyst")).json().error.code).toBe(
      "TRUCE_REVISION_CONFLICT",
    );
    expect(
      (await patch({ reason: "no-op but missing fields ok", bogus: 1 }, "analyst")).json().error.detail.pointer,
    ).toBe("");
    const h = (await t.app.inject({ url: `/api/incidents/${id}/history`, headers: t.auth("analyst") })).json();
    expect(h.revisions.map((r: { action: string }) => r.action)).toEqual(["create", "edit", "status", "status"]);
    expect(h.revisions[3]).toMatchObject({
      actor: expect.stringMatching(/^analyst-/),
      reason: "crater analysis",
      changes: { status: { from: "corroborated", to: "verified" } },
    });
  });

  it("flags weapons seen inside their withdrawal line, from the zone's lines", async () => {
    const at = (km: number, weaponClass: string) =>
      // km due east of the meridian line: the perpendicular geodesic, so the distance to the line is exactly km.
      post(
        sampleInput({
          lon: destination([30, 48.5], 90, km)[0],
          lat: destination([30, 48.5], 90, km)[1],
          eventType: "Strategic developments",
          subEventType: "Other",
          violation: { kind: "weapon_in_withdrawal_zone", weaponClass: weaponClass as "tank", weaponCount: 2 },
        }),
      );
    const tank10 = (await at(10, "tank")).json().derived;
    expect(tank10.withdrawalViolation).toMatchObject({ line: "Mortars and tanks", km: 15 });
    expect(tank10.withdrawalViolation.distanceKm).toBeCloseTo(10, 2);
    expect((await at(20, "tank")).json().derived.withdrawalViolation).toBeNull();
    expect((await at(40, "artillery_ge100mm")).json().derived.withdrawalViolation).toMatchObject({ km: 50 });
    expect((await at(60, "artillery_ge100mm")).json().derived.withdrawalViolation).toBeNull();
    const fire = await post(sampleInput({ lon: 30.1, lat: 48.5, violation: { kind: "fire", weaponClass: "tank" } }));
    expect(fire.json().derived.withdrawalViolation).toBeNull();
  });

  it("merges duplicates over HTTP and undoes the merge", async () => {
    const a = (await post(sampleInput({ sources: [{ type: "patrol", grade: "B2", name: "P1" }] }))).json();
    const b = (await post(sampleInput({ sources: [{ type: "media", grade: "C3", name: "Outlet" }] }))).json();
    const m = await t.app.inject({
      method: "POST",
      url: `/api/incidents/${a.id}/merge`,
      headers: t.auth("analyst"),
      payload: { duplicateIds: [b.id], reason: "same shelling" },
    });
    expect(m.statusCode).toBe(200);
    expect(m.json().sources.map((s: { name: string }) => s.name)).toEqual(["P1", "Outlet"]);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `/api/incidents/${a.id}/merge`,
          headers: t.auth("reporter"),
          payload: { duplicateIds: [b.id], reason: "x" },
        })
      ).statusCode,
    ).toBe(403);
    const u = await t.app.inject({
      method: "POST",
      url: `/api/incidents/${a.id}/unmerge`,
      headers: t.auth("analyst"),
      payload: { duplicateId: b.id, reason: "different" },
    });
    expect(u.json().sources.map((s: { name: string }) => s.name)).toEqual(["P1"]);
  });

  it("exports CSV with ACLED columns, GeoJSON and KML, releasing by tier", async () => {
    const secret = (
      await post(
        sampleInput({
          ownForces: true,
          lon: 30.0123,
          lat: 47.2345,
          sources: [{ type: "patrol", grade: "A1", name: "Callsign ROMEO" }],
          description: "Patrol stopped at checkpoint",
          eventType: "Strategic developments",
          subEventType: "Other",
          violation: { kind: "freedom_of_movement_denial" },
        }),
      )
    ).json();
    const exp = (q: string, role: Role = "analyst") =>
      t.app.inject({ url: `/api/incidents/export?${q}`, headers: t.auth(role) });
    const internal = await exp("format=csv&tier=internal");
    expect(internal.statusCode).toBe(200);
    const header = internal.body.split("\r\n")[0].split(",");
    expect(header.slice(0, 6)).toEqual([
      "event_id_cnty",
      "event_date",
      "year",
      "time_precision",
      "disorder_type",
      "event_type",
    ]);
    expect(internal.body).toContain("Callsign ROMEO");
    expect((await exp("format=csv&tier=internal", "viewer")).statusCode).toBe(403);
    const open = (
      await post(
        sampleInput({
          lon: 30.0123,
          lat: 47.2345,
          sources: [{ type: "patrol", grade: "A1", name: "Callsign SIERRA" }],
        }),
      )
    ).json();
    const parties = await exp("format=geojson&tier=parties");
    const fc = JSON.parse(parties.body);
    expect(parties.body).not.toContain("Callsign ROMEO");
    expect(parties.body).not.toContain("Callsign SIERRA");
    // ownForces positions are the mission's own: released at internal only.
    expect(fc.features.find((x: { id: string }) => x.id === secret.id)).toBeUndefined();
    const f = fc.features.find((x: { id: string }) => x.id === open.id);
    expect(f).toBeDefined();
    // Snapped to the centre of a 2 km cell: within ~1.5 km of the truth, and not equal to it.
    expect(Math.abs(f.geometry.coordinates[1] - 47.2345) * 110.574).toBeLessThan(1.01);
    expect(f.geometry.coordinates[1]).not.toBe(47.2345);
    const pub = await exp("format=kml&tier=public", "viewer");
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain("<Placemark");
    expect(pub.body).not.toContain(secret.id);
    expect(pub.body).not.toContain("Patrol 7");
    const filtered = JSON.parse((await exp("format=geojson&tier=internal&bbox=29.9,47.2,30.1,47.3")).body);
    expect(filtered.features.map((x: { id: string }) => x.id)).toEqual([secret.id, open.id]);
  });

  it("imports ACLED CSV all or nothing with a per-row error report", async () => {
    const head =
      "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,latitude,longitude,geo_precision,source,notes,fatalities,civilian_targeting";
    const rows = [
      "UKR1001,2025-03-10,2025,1,Battles,Armed clash,Military Forces,48.2,30.05,1,Local media,Clash near village,2,",
      'UKR1002,14 March 2025,2025,2,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces,48.6,29.98,2,"OSCE SMM","Shelling, 12 explosions",0,',
      "UKR1003,2025-02-30,2025,1,Battles,Armed clash,X,48.2,30.05,1,s,bad date,0,",
      "UKR1004,2025-03-11,2025,1,Riots,Armed clash,X,48.2,30.05,1,s,bad subtype,0,",
      "UKR1005,2025-03-11,2025,1,Riots,Mob violence,X,95,30.05,1,s,bad latitude,0,",
    ];
    const imp = (text: string, q = "") =>
      t.app.inject({
        method: "POST",
        url: `/api/incidents/import${q}`,
        headers: { ...t.auth("analyst"), "content-type": "text/csv" },
        payload: text,
      });
    const before = await store.count({ includeMerged: true });
    const bad = await imp([head, ...rows].join("\n"));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.detail.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [4, "event_date"],
      [5, "sub_event_type"],
      [6, "latitude"],
    ]);
    expect(await store.count({ includeMerged: true })).toBe(before);
    const part = await imp([head, ...rows].join("\n"), "?partial=true");
    expect(part.statusCode).toBe(201);
    expect(part.json()).toMatchObject({ rows: 5, created: 2, alreadyPresent: 0 });
    const again = await imp([head, ...rows.slice(0, 2)].join("\r\n"));
    expect(again.json()).toMatchObject({ created: 0, alreadyPresent: 2 });
    const list = (
      await t.app.inject({ url: "/api/incidents?subType=Armed%20clash&limit=1000", headers: t.auth("analyst") })
    ).json();
    const clash = list.items.find((i: { idempotencyKey: string }) => i.idempotencyKey === "acled:UKR1001");
    expect(clash).toMatchObject({
      timePrecision: "day",
      casualties: [{ group: "combatant", outcome: "killed", best: 2 }],
      derived: { sectorId: "S02" },
    });
  });

  it("writes the daily report with violations per sector and weapon, change, FoM denials and verification", async () => {
    const mk = (h: string, over = {}) => post(sampleInput({ occurredAt: `2025-05-0${h}:00Z`, ...over }));
    await mk("1T10:00"); // previous period: [30 Apr 19:30, 1 May 19:30)
    await mk("2T08:00", { violation: { kind: "fire", weaponClass: "mortar_120mm", explosions: 7 } });
    await mk("2T09:00", { violation: { kind: "fire", weaponClass: "mortar_120mm", explosions: 3 } });
    await mk("2T10:00", {
      eventType: "Strategic developments",
      subEventType: "Other",
      violation: { kind: "freedom_of_movement_denial" },
      description: "Patrol turned back at a checkpoint",
    });
    await mk("2T11:00", { casualties: [{ group: "civilian", outcome: "injured", best: 2, low: 1, high: 3 }] });
    const md = await t.app.inject({
      url: "/api/reports/daily?date=2025-05-02&cutoff=19:30",
      headers: t.auth("viewer"),
    });
    expect(md.statusCode).toBe(200);
    expect(md.body).toContain("## Ceasefire violations by sector and weapon class");
    expect(md.body).toMatch(/\| meridian \| S01 \| Mortar 120 mm \| 2 \| \+2 \| 10 \| \+10 \| 0 \|/);
    expect(md.body).toMatch(/\| meridian \| S01 \| Artillery >= 100 mm \| 1 \| ±0 \| 4 \| ±0 \| 0 \|/);
    expect(md.body).toContain("Patrol turned back at a checkpoint");
    expect(md.body).toContain("REPORTED, not verified");
    expect(md.body).toMatch(/\| injured \| civilian \| 2 \| 1 \| 3 \| 0 \|/);
    const html = await t.app.inject({
      url: "/api/reports/daily?date=2025-05-02&format=html",
      headers: t.auth("viewer"),
    });
    expect(html.headers["content-type"]).toMatch(/text\/html/);
    expect(html.body).toContain("<h2>Freedom of movement</h2>");
  });

  it("answers stats per sector per day", async () => {
    const r = await t.app.inject({
      url: "/api/stats?from=2025-05-01T00:00:00Z&to=2025-05-03T00:00:00Z",
      headers: t.auth("viewer"),
    });
    expect(r.json().perSectorDay).toEqual([
      { zoneId: "meridian", sectorId: "S01", day: "2025-05-01", count: 1 },
      { zoneId: "meridian", sectorId: "S01", day: "2025-05-02", count: 4 },
    ]);
  });

  it("refuses bodies over 1 MB and bad JSON with registry codes", async () => {
    const big = await t.app.inject({
      method: "POST",
      url: "/api/incidents",
      headers: { ...t.auth("reporter"), "content-type": "application/json" },
      payload: `{"description":"${"x".repeat(1_100_000)}"}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("TRUCE_BODY_TOO_LARGE");
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/incidents",
      headers: { ...t.auth("reporter"), "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("TRUCE_BAD_INPUT");
    const cur = await t.app.inject({ url: "/api/incidents?cursor=bm9wZQ", headers: t.auth("viewer") });
    expect(cur.statusCode).toBe(400);
    expect(cur.json().error).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer: "/query/cursor" } });
    const nf = await t.app.inject({ url: "/api/nothing", headers: t.auth("viewer") });
    expect(nf.json().error.code).toBe("TRUCE_NOT_FOUND");
  });

  it("describes the API in OpenAPI and documents every error code", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/api/incidents",
      "/api/incidents/{id}",
      "/api/incidents/{id}/history",
      "/api/incidents/export",
      "/api/stats",
      "/api/reports/daily",
      "/api/alerts/stream",
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths["/api/incidents"].post.requestBody).toBeDefined();
    const docs = readFileSync(new URL("../docs/monitoring.md", import.meta.url), "utf8");
    for (const code of Object.keys(ERRORS)) expect(docs, `docs/monitoring.md lacks ${code}`).toContain(`\`${code}\``);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the burst", async () => {
    const factory = await storeFactory("sqlite");
    const store = await factory.open();
    const t = await testApp(store, { rateLimit: { burst: 5, perSecond: 0.01 } });
    const codes: number[] = [];
    for (let k = 0; k < 7; k++)
      codes.push((await t.app.inject({ url: "/api/incidents", headers: t.auth("viewer") })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const r = await t.app.inject({ url: "/api/incidents", headers: t.auth("viewer") });
    expect(r.json().error.code).toBe("TRUCE_RATE_LIMITED");
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
    // Another client has its own bucket.
    expect((await t.app.inject({ url: "/api/incidents", headers: t.auth("analyst") })).statusCode).toBe(200);
    await t.app.close();
    await store.close();
    await factory.cleanup();
  });
});
