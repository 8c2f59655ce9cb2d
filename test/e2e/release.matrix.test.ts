/**
 * Release tiers on every read route: route × role × a record with every sensitive field set
 * (source names and references, evidence, reasons, createdBy, idempotency key, exact coordinates,
 * and an ownForces incident), on SQLite and PostgreSQL, over the real app and a real listener (SSE).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import { issueToken } from "../../src/server/auth.js";
import { type TestApp, testApp } from "../support/app.js";
import { sampleInput } from "../support/fixtures.js";
import { listen, openSse, type SseClient } from "../support/sse.js";
import { DIALECTS, type StoreFactory, storeFactory } from "../support/stores.js";

const DAY = "2025-06-02";
const READERS = ["anonymous", "viewer", "reporter", "analyst", "admin", "partner"] as const;
type ReaderName = (typeof READERS)[number];
/** What each reader may see: the partner is a viewer token granted `internal` by the server. */
const SEES_ALL: Record<ReaderName, boolean | null> = {
  anonymous: null,
  viewer: false,
  reporter: false,
  analyst: true,
  admin: true,
  partner: true,
};

describe.each(DIALECTS)("release tiers on every read route, on %s", (dialect) => {
  let factory: StoreFactory;
  let store: IncidentStore;
  let t: TestApp;
  let base: string;
  let partnerToken: string;
  let open: { id: string; createdBy: string };
  let own: { id: string };
  const streams = new Map<ReaderName, SseClient>();
  /** Strings that only an internal reader may receive. */
  let secrets: string[];

  const headers = (who: ReaderName): Record<string, string> =>
    who === "anonymous" ? {} : { authorization: `Bearer ${who === "partner" ? partnerToken : t.tokens[who]}` };

  beforeAll(async () => {
    factory = await storeFactory(dialect);
    store = await factory.open();
    partnerToken = (await issueToken(store, "partner-viewer", "viewer")).token;
    t = await testApp(store, { tierGrants: { "partner-viewer": "internal" } });
    base = await listen(t.app);
    for (const who of READERS)
      if (who !== "anonymous") streams.set(who, await openSse(`${base}/api/incidents/stream`, headers(who)));
    const post = async (body: object) => {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/incidents",
        headers: t.auth("analyst"),
        payload: body,
      });
      expect(r.statusCode).toBe(201);
      return r.json();
    };
    open = await post(
      sampleInput({
        idempotencyKey: "IDEMKEY-SECRET-A1",
        occurredAt: `${DAY}T08:00:00Z`,
        lon: 30.012345,
        lat: 47.654321,
        location: "Village Alpha",
        eventType: "Strategic developments",
        subEventType: "Other",
        violation: { kind: "freedom_of_movement_denial" },
        sources: [{ type: "patrol", grade: "A1", name: "SRCNAME-ZULU", reference: "SRCREF-4471" }],
        description: "Patrol stopped at a checkpoint",
      }),
    );
    own = await post(
      sampleInput({
        idempotencyKey: "IDEMKEY-SECRET-B2",
        occurredAt: `${DAY}T09:00:00Z`,
        lon: 30.021111,
        lat: 47.611111,
        ownForces: true,
        location: "OWNPOST-BRAVO",
        eventType: "Strategic developments",
        subEventType: "Other",
        violation: { kind: "freedom_of_movement_denial" },
        sources: [{ type: "post", grade: "A1", name: "SRCNAME-YANKEE", reference: "SRCREF-5582" }],
        description: "OWNFORCES-DESC-CHARLIE",
      }),
    );
    for (const id of [open.id, own.id])
      for (const [status, reason, evidence] of [
        ["corroborated", "REASON-KAPPA", "EVIDENCE-PHOTO-99"],
        ["verified", "REASON-LAMBDA", "EVIDENCE-CRATER-12"],
      ]) {
        const r = await t.app.inject({
          method: "PATCH",
          url: `/api/incidents/${id}`,
          headers: t.auth("analyst"),
          payload: { status, reason, evidence },
        });
        expect(r.statusCode).toBe(200);
      }
    // A plain incident after the sensitive ones: every stream has had everything once it sees this.
    const sentinel = await post(sampleInput({ occurredAt: "2025-01-01T00:00:00Z", description: "SENTINEL" }));
    await Promise.all([...streams.values()].map((s) => s.waitFor((e) => e.data.includes(sentinel.id))));
    secrets = [
      "SRCNAME-ZULU",
      "SRCREF-4471",
      "SRCNAME-YANKEE",
      "SRCREF-5582",
      "EVIDENCE-PHOTO-99",
      "EVIDENCE-CRATER-12",
      "REASON-KAPPA",
      "REASON-LAMBDA",
      "IDEMKEY-SECRET",
      open.createdBy,
      "30.012345",
      "47.654321",
      "30.021111",
      "47.611111",
      own.id,
      "OWNPOST-BRAVO",
      "OWNFORCES-DESC-CHARLIE",
    ];
    expect(open.createdBy).toMatch(/^analyst-/);
  });

  afterAll(async () => {
    for (const s of streams.values()) s.close();
    await t?.app.close();
    await store?.close();
    await factory?.cleanup();
  });

  /** Every read route: the request, and what a `parties` reader must still get (so an empty answer cannot pass). */
  const ROUTES: Array<{
    name: string;
    /** The record the route asks for by id: its own fields may appear in the answer (a 404 names it). */
    asked?: () => string;
    url: () => string;
    partiesSees: (body: string) => void;
    internalSees: string[];
  }> = [
    {
      name: "list",
      url: () => "/api/incidents?limit=1000",
      partiesSees: (b) => expect(b).toContain(open.id),
      internalSees: ["SRCNAME-ZULU", "EVIDENCE-PHOTO-99", "REASON-KAPPA", "IDEMKEY-SECRET-B2", "30.021111"],
    },
    {
      name: "one incident",
      url: () => `/api/incidents/${open.id}`,
      partiesSees: (b) => expect(JSON.parse(b).id).toBe(open.id),
      internalSees: ["SRCNAME-ZULU", "SRCREF-4471", "EVIDENCE-CRATER-12", "REASON-LAMBDA", "47.654321"],
    },
    {
      name: "one ownForces incident",
      asked: () => own.id,
      url: () => `/api/incidents/${own.id}`,
      partiesSees: (b) => expect(JSON.parse(b).error.code).toBe("TRUCE_NOT_FOUND"),
      internalSees: ["OWNPOST-BRAVO", "SRCNAME-YANKEE", "30.021111"],
    },
    {
      name: "history",
      url: () => `/api/incidents/${open.id}/history`,
      partiesSees: (b) => expect(JSON.parse(b).revisions.map((r: { rev: number }) => r.rev)).toEqual([1, 2, 3]),
      internalSees: ["SRCNAME-ZULU", "EVIDENCE-PHOTO-99", "REASON-KAPPA"],
    },
    {
      name: "history of an ownForces incident",
      asked: () => own.id,
      url: () => `/api/incidents/${own.id}/history`,
      partiesSees: (b) => expect(JSON.parse(b).error.code).toBe("TRUCE_NOT_FOUND"),
      internalSees: ["OWNFORCES-DESC-CHARLIE", "REASON-LAMBDA"],
    },
    ...(["csv", "geojson", "kml"] as const).map((format) => ({
      name: `export ${format} at the token's tier`,
      url: () => `/api/incidents/export?format=${format}&tier=${"TIER"}`,
      partiesSees: (b: string) => expect(b).toContain(open.id),
      internalSees: ["SRCNAME-ZULU", "OWNPOST-BRAVO", "30.012345"],
    })),
    ...(["md", "html"] as const).map((format) => ({
      name: `daily report (${format})`,
      url: () => `/api/reports/daily?date=${DAY}&cutoff=23:59&format=${format}`,
      partiesSees: (b: string) => expect(b).toContain("Village Alpha"),
      internalSees: ["OWNPOST-BRAVO", "OWNFORCES-DESC-CHARLIE"],
    })),
    {
      name: "stats",
      url: () => `/api/stats?from=${DAY}T00:00:00Z&to=${DAY}T23:59:59Z`,
      partiesSees: (b) =>
        expect(JSON.parse(b).perSectorDay).toEqual([{ zoneId: "meridian", sectorId: "S01", day: DAY, count: 1 }]),
      internalSees: [],
    },
  ];

  for (const route of ROUTES)
    it.each(READERS)(`${route.name}: %s`, async (who) => {
      const seesAll = SEES_ALL[who];
      const tier = seesAll ? "internal" : "parties";
      const r = await t.app.inject({ url: route.url().replace("TIER", tier), headers: headers(who) });
      if (seesAll === null) {
        expect(r.statusCode).toBe(401);
        expect(r.json().error.code).toBe("TRUCE_UNAUTHENTICATED");
        return;
      }
      if (seesAll) {
        for (const s of route.internalSees) expect(r.body, `${who} should see ${s}`).toContain(s);
        if (route.name === "stats") expect(r.json().perSectorDay[0].count).toBe(2);
        return;
      }
      for (const s of secrets)
        if (s !== route.asked?.()) expect(r.body, `${route.name} leaks ${s} to ${who}`).not.toContain(s);
      route.partiesSees(r.body);
    });

  it.each(["viewer", "reporter"] as const)("refuses tier=internal to a %s on every read route", async (who) => {
    for (const url of [
      "/api/incidents?tier=internal",
      `/api/incidents/${open.id}?tier=internal`,
      `/api/incidents/${open.id}/history?tier=internal`,
      "/api/incidents/export?tier=internal",
      `/api/reports/daily?date=${DAY}&tier=internal`,
      "/api/stats?tier=internal",
    ]) {
      const r = await t.app.inject({ url, headers: headers(who) });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error).toMatchObject({ code: "TRUCE_FORBIDDEN", detail: { pointer: "/query/tier" } });
    }
  });

  it("exports default to the public tier, even for analysts", async () => {
    const r = await t.app.inject({ url: "/api/incidents/export?format=csv", headers: headers("analyst") });
    expect(r.headers["x-release-tier"]).toBe("public");
    for (const s of secrets) expect(r.body).not.toContain(s);
    expect(r.body).toContain(open.id);
  });

  it.each(READERS.filter((w) => w !== "anonymous"))("live feed (SSE): %s", async (who) => {
    const text = streams.get(who)!.text();
    expect(text).toContain(open.id);
    if (SEES_ALL[who])
      for (const s of ["SRCNAME-ZULU", "EVIDENCE-CRATER-12", "OWNFORCES-DESC-CHARLIE"]) expect(text).toContain(s);
    else for (const s of secrets) expect(text, `the stream leaks ${s} to ${who}`).not.toContain(s);
  });

  it("gives a reporter their own report back as written, without what others added", async () => {
    const mine = (
      await t.app.inject({
        method: "POST",
        url: "/api/incidents",
        headers: t.auth("reporter"),
        payload: sampleInput({
          ownForces: true,
          lon: 30.033333,
          lat: 47.722222,
          sources: [{ type: "patrol", grade: "B2", name: "MY-CALLSIGN" }],
        }),
      })
    ).json();
    expect(mine).toMatchObject({ lon: 30.033333, lat: 47.722222, ownForces: true });
    expect(mine.sources[0].name).toBe("MY-CALLSIGN");
    const dup = (
      await t.app.inject({
        method: "POST",
        url: "/api/incidents",
        headers: t.auth("analyst"),
        payload: sampleInput({ sources: [{ type: "media", grade: "C3", name: "THEIR-OUTLET" }] }),
      })
    ).json();
    const m = await t.app.inject({
      method: "POST",
      url: `/api/incidents/${mine.id}/merge`,
      headers: t.auth("analyst"),
      payload: { duplicateIds: [dup.id], reason: "REASON-MERGE-SAME" },
    });
    expect(m.statusCode).toBe(200);
    const again = await t.app.inject({ url: `/api/incidents/${mine.id}`, headers: t.auth("reporter") });
    expect(again.json()).toMatchObject({ lon: 30.033333, sources: [{ name: "MY-CALLSIGN" }] });
    expect(again.body).not.toContain("THEIR-OUTLET");
    const hist = await t.app.inject({ url: `/api/incidents/${mine.id}/history`, headers: t.auth("reporter") });
    expect(hist.json().revisions).toHaveLength(2);
    expect(hist.body).not.toContain("THEIR-OUTLET");
    expect(hist.body).not.toContain("REASON-MERGE-SAME");
    // Another reporter sees none of it: it is an ownForces position.
    expect((await t.app.inject({ url: `/api/incidents/${mine.id}`, headers: t.auth("reporter2") })).statusCode).toBe(
      404,
    );
  });
});
