/**
 * SSE streams on a real listener: they end when their token is revoked (through the API at once,
 * elsewhere at the next re-check), a client that stops reading is dropped rather than buffered,
 * and open streams are capped per token and in total.
 */
import { connect } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import type { EndReason } from "../../src/server/sse.js";
import { type TestApp, testApp } from "../support/app.js";
import { sampleInput } from "../support/fixtures.js";
import { listen, openSse } from "../support/sse.js";
import { DIALECTS, type StoreFactory, storeFactory } from "../support/stores.js";

/** Resolve with the reason when the hub ends a stream of `tokenId`. */
function endOf(t: TestApp, tokenId: string): Promise<EndReason> {
  return new Promise((resolve) => {
    const prev = t.app.hub.onEnd;
    t.app.hub.onEnd = (channel, id, reason) => {
      prev?.(channel, id, reason);
      if (id === tokenId) resolve(reason);
    };
  });
}

describe.each(DIALECTS)("SSE stream revocation on %s", (dialect) => {
  let factory: StoreFactory;
  let store: IncidentStore;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    factory = await storeFactory(dialect);
    store = await factory.open();
    // Re-check tokens every 25 ms so a revocation made outside the server is seen promptly.
    t = await testApp(store, { streams: { recheckMs: 25 } });
    base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.app.close();
    await store?.close();
    await factory?.cleanup();
  });

  const newToken = async (name: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: t.auth("admin"),
      payload: { name, role: "viewer" },
    });
    expect(r.statusCode).toBe(201);
    return r.json() as { id: string; token: string };
  };

  it("ends an open stream when its token is revoked through the API", async () => {
    const tok = await newToken(`revoked-api-${dialect}`);
    const s = await openSse(`${base}/api/incidents/stream?access_token=${tok.token}`);
    expect(s.status).toBe(200);
    const del = await t.app.inject({ method: "DELETE", url: `/api/tokens/${tok.id}`, headers: t.auth("admin") });
    expect(del.json()).toEqual({ revoked: tok.id, streamsEnded: 1 });
    await s.ended;
    expect(s.events().at(-1)).toEqual({ event: "end", data: '{"reason":"revoked"}' });
    const again = await openSse(`${base}/api/incidents/stream?access_token=${tok.token}`);
    expect(again.status).toBe(401);
  });

  it("ends an open stream when its token is revoked outside the server (re-check)", async () => {
    const tok = await newToken(`revoked-cli-${dialect}`);
    const s = await openSse(`${base}/api/alerts/stream`, { authorization: `Bearer ${tok.token}` });
    expect(s.status).toBe(200);
    const ended = endOf(t, tok.id);
    // As `truce tokens revoke` in another process would: straight in the database.
    expect(await store.revokeToken(tok.id, Date.now())).toBe(true);
    expect(await ended).toBe("revoked");
    await s.ended;
    expect(s.text()).toContain("event: end");
  });
});

describe("SSE limits", () => {
  let factory: StoreFactory;
  let store: IncidentStore;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    factory = await storeFactory("sqlite");
    store = await factory.open();
    t = await testApp(store, { streams: { perToken: 2, total: 3, maxBufferedBytes: 256 * 1024 } });
    base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.app.close();
    await store?.close();
    await factory?.cleanup();
  });

  it("caps open streams per token and in total", async () => {
    const url = `${base}/api/incidents/stream`;
    const v1 = await openSse(url, t.auth("viewer"));
    const v2 = await openSse(url, t.auth("viewer"));
    const v3 = await openSse(url, t.auth("viewer"));
    expect([v1.status, v2.status, v3.status]).toEqual([200, 200, 429]);
    expect(JSON.parse(v3.text()).error.code).toBe("TRUCE_BUSY");
    const a1 = await openSse(url, t.auth("analyst"));
    expect(a1.status).toBe(200);
    const b1 = await openSse(url, t.auth("admin"));
    expect(b1.status).toBe(429);
    expect(JSON.parse(b1.text()).error.message).toMatch(/3 open streams/);
    // Closing one frees its place.
    const freed = new Promise<void>((resolve) => {
      t.app.hub.onEnd = () => resolve();
    });
    v1.close();
    await freed;
    t.app.hub.onEnd = null;
    const b2 = await openSse(url, t.auth("admin"));
    expect(b2.status).toBe(200);
    for (const s of [v2, a1, b2]) s.close();
    while (t.app.hub.count() > 0) await nextTurn();
  });

  it("drops a client that stops reading instead of buffering for it", async () => {
    const fast = await openSse(`${base}/api/incidents/stream`, t.auth("viewer"));
    // A raw client that sends its request and then never reads.
    const slow = connect({ host: "127.0.0.1", port: Number(new URL(base).port) });
    await new Promise<void>((resolve) => slow.once("connect", () => resolve()));
    slow.pause();
    slow.write(`GET /api/incidents/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.tokens.analyst}\r\n\r\n`);
    while (t.app.hub.count("incidents") < 2) await nextTurn();
    let dropped: EndReason | null = null;
    t.app.hub.onEnd = (_c, _id, reason) => {
      dropped = reason;
    };
    const big = { ...sampleInput(), id: "big", description: "x".repeat(50_000), derived: {} };
    let sent = 0;
    // Each turn the fast client reads; the slow one's socket fills, then its unsent bytes pass the bound.
    while (dropped === null && sent < 4000) {
      t.app.hub.publish("incidents", "created", { ...big, n: sent++ });
      await nextTurn();
    }
    expect(dropped).toBe("slow");
    // Well under what was published (4000 × 50 KB would be 200 MB): it stopped at the bound.
    expect(sent).toBeLessThan(4000);
    expect(t.app.hub.count("incidents")).toBe(1);
    await fast.waitFor((e) => e.data.includes(`"n":${sent - 1}`));
    expect(fast.events().length).toBe(sent);
    fast.close();
    slow.destroy();
  });
});
