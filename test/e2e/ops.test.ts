/**
 * Operations on a real listener: liveness and readiness (database, Redis when configured, the
 * cross-server feed), and the graceful stop: not ready, streams ended with an end event, a
 * request under way answered before the sockets close, new requests refused. Redis is a real
 * redis-server, stopped mid-test to see readiness fail and the shared rate limit degrade to
 * per server instead of failing requests.
 */
import type { FastifyPluginAsync } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import { buildApp, drainApp } from "../../src/server/app.js";
import { issueToken } from "../../src/server/auth.js";
import { meridianZone } from "../support/fixtures.js";
import { type StartedRedis, startRedis } from "../support/redis.js";
import { listen, openSse } from "../support/sse.js";
import { type StoreFactory, storeFactory } from "../support/stores.js";

describe("health, readiness and graceful stop", () => {
  let factory: StoreFactory;
  beforeAll(async () => {
    factory = await storeFactory("sqlite");
  });
  afterAll(async () => {
    await factory?.cleanup();
  });

  it("is live and ready with its database; not ready once draining or without its database", async () => {
    const store = await factory.open();
    const app = await buildApp({ store, zones: [meridianZone()], rateLimit: false });
    const base = await listen(app);
    try {
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const r = await fetch(`${base}/api/ready`);
      const body = (await r.json()) as { ready: boolean; feed: string; checks: Record<string, { ok: boolean }> };
      expect(r.status).toBe(200);
      expect(body).toMatchObject({ ready: true, draining: false, feed: "local" });
      expect(Object.keys(body.checks).sort()).toEqual(["database", "feed"]);
      drainApp(app); // a stop is coming: the load balancer should send no more
      const draining = await fetch(`${base}/api/ready`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ ready: false, draining: true, checks: { database: { ok: true } } });
      await store.close(); // the database goes away: not ready, still live
      const down = await fetch(`${base}/api/ready`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { checks: { database: { ok: boolean } } }).checks.database.ok).toBe(false);
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("stops gracefully: streams get an end event, a request under way is answered, new ones are refused", async () => {
    const store = await factory.open();
    const { token } = await issueToken(store, "desk", "viewer");
    // A real route whose handler waits until the test lets it answer: a request under way at the stop.
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((r) => (entered = r));
    const slow: FastifyPluginAsync = async (app) => {
      app.get("/slow", async () => {
        entered();
        await new Promise<void>((r) => (release = r));
        return { answered: true };
      });
    };
    const app = await buildApp({ store, zones: [meridianZone()], rateLimit: false, plugins: [slow] });
    const base = await listen(app);
    const stream = await openSse(`${base}/api/incidents/stream`, { authorization: `Bearer ${token}` });
    expect(stream.status).toBe(200);
    const slowReply = fetch(`${base}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inHandler;

    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await stream.ended;
    expect(stream.text()).toContain('event: end\ndata: {"reason":"shutdown"}');
    expect(app.draining).toBe(true);
    expect(closed).toBe(false); // the slow request holds the stop
    expect((await fetch(`${base}/api/health`)).status).toBe(503); // new work goes elsewhere
    release();
    expect(await slowReply).toEqual({ status: 200, body: { answered: true } });
    await closing;
    expect(closed).toBe(true);
    await store.close();
  });
});

describe("readiness and the shared rate limit with Redis", () => {
  let factory: StoreFactory;
  let redis: StartedRedis;
  let store: IncidentStore;
  beforeAll(async () => {
    factory = await storeFactory("sqlite");
    redis = await startRedis();
    store = await factory.open();
  });
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
    await factory?.cleanup();
  });

  it("checks Redis, shares one bucket between two apps, and keeps serving when Redis goes away", async () => {
    const { token } = await issueToken(store, "desk", "viewer");
    const client = () =>
      new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    const r1 = client();
    const r2 = client();
    for (const r of [r1, r2]) r.on("error", () => {});
    await Promise.all([r1.connect(), r2.connect()]);
    // A burst of 10 and a slow refill (0.01/s): the two apps charge one Redis bucket.
    const limit = { burst: 10, perSecond: 0.01 };
    const app1 = await buildApp({ store, zones: [meridianZone()], redis: r1, rateLimit: limit });
    const app2 = await buildApp({ store, zones: [meridianZone()], redis: r2, rateLimit: limit });
    try {
      const ready = await app1.inject({ url: "/api/ready" });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().checks.redis.ok).toBe(true);
      const auth = { authorization: `Bearer ${token}` };
      const codes: number[] = [];
      for (let i = 0; i < 8; i++)
        for (const app of [app1, app2]) codes.push((await app.inject({ url: "/api/zones", headers: auth })).statusCode);
      expect(codes.filter((c) => c === 200)).toHaveLength(10);
      expect(codes.filter((c) => c === 429)).toHaveLength(6);

      await redis.stop();
      const notReady = await app1.inject({ url: "/api/ready" });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json().checks.redis.ok).toBe(false);
      // Redis down: the limit falls back to each app's own bucket (full), requests are served.
      expect((await app2.inject({ url: "/api/zones", headers: auth })).statusCode).toBe(200);
    } finally {
      await app1.close();
      await app2.close();
      r1.disconnect();
      r2.disconnect();
    }
  });
});
