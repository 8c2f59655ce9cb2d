/**
 * Several `truce serve` processes on one throwaway PostgreSQL behave as one service (issue 15):
 * an incident posted to one reaches the live feed of the other (over LISTEN/NOTIFY, and over
 * Redis pub/sub when --redis is given), an alert fires once for the pair, the same idempotency
 * key sent to both at once makes one incident, a revoked token's streams end on both, the rate
 * limit is shared through Redis, and after one server is killed with SIGKILL under load every
 * acknowledged incident is present exactly once while the other keeps serving.
 * Real servers, real PostgreSQL, real redis-server. Needs the build (`npm run build`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentInput } from "../../src/monitor/schema.js";
import { openStore } from "../../src/monitor/store/open.js";
import { sampleInput } from "../support/fixtures.js";
import { startPostgres, type TestPostgres } from "../support/postgres.js";
import { type StartedRedis, startRedis } from "../support/redis.js";
import { LINE_SCENARIO, LINE_SECTOR_LATS, type ServerProcess, startServer, stopServer } from "../support/serve.js";
import { openSse, type SseClient } from "../support/sse.js";

type Server = ServerProcess;
const SECTOR_LATS = LINE_SECTOR_LATS;

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

async function post(base: string, token: string, path: string, body: unknown) {
  const r = await fetch(`${base}${path}`, { method: "POST", headers: bearer(token), body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function get(base: string, token: string, path: string) {
  const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

/** An incident in sector `s` (0-3), `minutesAgo` before now (alerts test the hour around it). */
function inSector(s: number, over: Partial<IncidentInput> = {}): IncidentInput {
  return sampleInput({
    lon: 30.05,
    lat: SECTOR_LATS[s],
    occurredAt: new Date(Date.now() - 600_000).toISOString(),
    ...over,
  });
}

interface Pair {
  a: Server;
  b: Server;
  admin: string;
  reporter: string;
  viewer: string;
  dbUrl: string;
}

async function startPair(pg: TestPostgres, dir: string, redis?: string, args?: string[]): Promise<Pair> {
  const dbUrl = await pg.createDatabase();
  const a = await startServer({ dbUrl, dir, redis, args });
  const admin = /truce_[A-Za-z0-9_-]{43}/.exec(a.stderr())?.[0];
  if (!admin) throw new Error(`no admin token printed:\n${a.stderr()}`);
  const b = await startServer({ dbUrl, dir, redis, args });
  const token = async (name: string, role: string) =>
    (await post(a.url, admin, "/api/tokens", { name, role })).json.token as string;
  return { a, b, admin, dbUrl, reporter: await token("reporter-1", "reporter"), viewer: await token("desk", "viewer") };
}

const TRANSPORTS = [
  { feed: "postgres", redis: false },
  { feed: "redis", redis: true },
] as const;

describe.each(TRANSPORTS)("two servers on one PostgreSQL, feed over $feed", ({ feed, redis: withRedis }) => {
  let pg: TestPostgres;
  let redis: StartedRedis | undefined;
  let dir: string;
  let pair: Pair;
  beforeAll(async () => {
    pg = await startPostgres();
    if (withRedis) redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), "truce-two-"));
    mkdirSync(join(dir, "scenarios"));
    writeFileSync(join(dir, "scenarios", "line.yaml"), LINE_SCENARIO);
    pair = await startPair(pg, dir, redis?.url);
  }, 180_000);
  afterAll(async () => {
    await stopServer(pair?.a);
    await stopServer(pair?.b);
    await redis?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says which feed it uses and is ready on both", async () => {
    expect(pair.a.stderr()).toContain(`feed ${feed}`);
    for (const s of [pair.a, pair.b]) {
      const r = await fetch(`${s.url}/api/ready`);
      const body = (await r.json()) as { ready: boolean; feed: string; checks: Record<string, { ok: boolean }> };
      expect(r.status).toBe(200);
      expect(body.feed).toBe(feed);
      expect(Object.keys(body.checks).sort()).toEqual(withRedis ? ["database", "feed", "redis"] : ["database", "feed"]);
      expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
    }
  });

  it("puts an incident posted to one server on the live feed of the other, both ways, large ones too", async () => {
    const { a, b, reporter, viewer } = pair;
    const onB = await openSse(`${b.url}/api/incidents/stream`, { authorization: `Bearer ${viewer}` });
    const onA = await openSse(`${a.url}/api/incidents/stream`, { authorization: `Bearer ${viewer}` });
    try {
      const toA = await post(a.url, reporter, "/api/incidents", inSector(3, { description: "posted to A" }));
      expect(toA.status).toBe(201);
      const seenOnB = await onB.waitFor((e) => e.event === "created" && JSON.parse(e.data).id === toA.json.id);
      expect(JSON.parse(seenOnB.data).description).toBe("posted to A");

      // 5,000 Cyrillic characters, 10,000 UTF-8 bytes: past PostgreSQL's NOTIFY limit of 8,000 bytes,
      // so over NOTIFY it travels by id and A reads it back.
      const long = "ж".repeat(5000);
      const toB = await post(b.url, reporter, "/api/incidents", inSector(3, { description: long }));
      expect(toB.status).toBe(201);
      const seenOnA = await onA.waitFor((e) => e.event === "created" && JSON.parse(e.data).id === toB.json.id);
      expect(JSON.parse(seenOnA.data).description).toBe(long);
      // Each server delivers an event once: B's own stream has each incident once.
      await onB.waitFor((e) => JSON.parse(e.data).id === toB.json.id);
      const ids = onB.events().map((e) => JSON.parse(e.data).id);
      expect(ids.filter((id) => id === toA.json.id)).toHaveLength(1);
      expect(ids.filter((id) => id === toB.json.id)).toHaveLength(1);
    } finally {
      onA.close();
      onB.close();
    }
  });

  it("fires an alert once for both servers when both see the surge at once", async () => {
    const { a, b, reporter, viewer } = pair;
    const streams: SseClient[] = [];
    for (const s of [a, b])
      streams.push(await openSse(`${s.url}/api/alerts/stream`, { authorization: `Bearer ${viewer}` }));
    try {
      // Sector 0: three incidents to each server at the same moment; each server tests the sector.
      const occurredAt = new Date(Math.floor((Date.now() - 600_000) / 60_000) * 60_000).toISOString();
      const batch = () => ({ incidents: [0, 1, 2].map(() => inSector(0, { occurredAt })) });
      const [ra, rb] = await Promise.all([
        post(a.url, reporter, "/api/incidents", batch()),
        post(b.url, reporter, "/api/incidents", batch()),
      ]);
      expect([ra.status, rb.status]).toEqual([201, 201]);
      const sectorOf = (r: { json: Record<string, unknown> }) =>
        (r.json.incidents as Array<{ derived: { sectorId: string } }>)[0].derived.sectorId;
      const surged = sectorOf(ra);
      // Sentinels, one alert per server in other sectors: each server's messages arrive in order,
      // so once both sentinels are on a stream, a second alert for the surge would be there too.
      const [sa, sb] = await Promise.all([
        post(a.url, reporter, "/api/incidents", { incidents: [0, 1, 2].map(() => inSector(1, { occurredAt })) }),
        post(b.url, reporter, "/api/incidents", { incidents: [0, 1, 2].map(() => inSector(2, { occurredAt })) }),
      ]);
      const sentinels = [sectorOf(sa), sectorOf(sb)];
      expect(new Set([surged, ...sentinels]).size).toBe(3);
      for (const s of streams) {
        for (const sector of sentinels)
          await s.waitFor((e) => e.event === "alert" && JSON.parse(e.data).sectorId === sector);
        await s.waitFor((e) => e.event === "alert" && JSON.parse(e.data).sectorId === surged);
        const alerts = s
          .events()
          .filter((e) => e.event === "alert")
          .map((e) => JSON.parse(e.data).sectorId);
        expect(alerts.filter((x) => x === surged)).toHaveLength(1);
        expect(alerts.sort()).toEqual([surged, ...sentinels].sort());
      }
      const stored = (await get(b.url, viewer, "/api/alerts")).json.alerts as Array<{ sectorId: string }>;
      expect(stored.filter((x) => x.sectorId === surged)).toHaveLength(1);
    } finally {
      for (const s of streams) s.close();
    }
  });

  it("makes one incident of the same idempotency key sent to both servers at once", async () => {
    const { a, b, reporter, admin } = pair;
    for (let round = 0; round < 10; round++) {
      const input = inSector(3, { idempotencyKey: `both-${feed}-${round}` });
      const [ra, rb] = await Promise.all([
        post(a.url, reporter, "/api/incidents", input),
        post(b.url, reporter, "/api/incidents", input),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([200, 201]);
      expect(ra.json.id).toBe(rb.json.id);
      expect([ra.json.created, rb.json.created].sort()).toEqual([false, true]);
    }
    // Viewers read at the parties tier, which withholds keys: list as the admin (internal).
    const listed = (await get(a.url, admin, "/api/incidents?limit=1000")).json.items as Array<{
      idempotencyKey: string;
    }>;
    for (let round = 0; round < 10; round++)
      expect(listed.filter((i) => i.idempotencyKey === `both-${feed}-${round}`)).toHaveLength(1);
  });

  it("ends a revoked token's streams on the other server too", async () => {
    const { a, b, admin } = pair;
    const made = await post(a.url, admin, "/api/tokens", { name: `wall-${feed}`, role: "viewer" });
    const s = await openSse(`${b.url}/api/incidents/stream`, { authorization: `Bearer ${made.json.token}` });
    const del = await fetch(`${a.url}/api/tokens/${made.json.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(del.status).toBe(200);
    await s.ended; // well before the 30 s token re-check
    expect(s.text()).toContain('event: end\ndata: {"reason":"revoked"}');
  });

  it("creates one admin token when two servers start at once on an empty database", async () => {
    const dbUrl = await pg.createDatabase();
    const both = await Promise.all([
      startServer({ dbUrl, dir, redis: redis?.url }),
      startServer({ dbUrl, dir, redis: redis?.url }),
    ]);
    try {
      expect(both.filter((s) => s.stderr().includes("First start"))).toHaveLength(1);
    } finally {
      await Promise.all(both.map(stopServer));
    }
    const store = await openStore({ databaseUrl: dbUrl, migrate: false });
    try {
      expect(await store.tokenCount()).toBe(1);
    } finally {
      await store.close();
    }
  });

  // Per transport, the tests that only make sense there (defined, not skipped, where they apply).
  if (withRedis)
    it("shares one token's rate limit between the servers through Redis", async () => {
      const { admin, dbUrl } = pair;
      // A pair with a small limit on the same database: burst 30, 0.2/s, so refills during the test are few.
      const a = await startServer({ dbUrl, dir, redis: redis?.url, args: ["--rate-limit", "30/0.2"] });
      const b = await startServer({ dbUrl, dir, redis: redis?.url, args: ["--rate-limit", "30/0.2"] });
      try {
        const t0 = performance.now();
        const hit = (s: Server) => fetch(`${s.url}/api/zones`, { headers: { authorization: `Bearer ${admin}` } });
        const codes: number[] = [];
        for (let i = 0; i < 25; i++) codes.push(...(await Promise.all([hit(a), hit(b)])).map((r) => r.status));
        const elapsedS = (performance.now() - t0) / 1000;
        const ok = codes.filter((c) => c === 200).length;
        // 50 requests against one bucket of 30: each server alone would have let all 50 through.
        expect(ok).toBeGreaterThanOrEqual(30);
        expect(ok).toBeLessThanOrEqual(30 + Math.ceil(elapsedS * 0.2));
        expect(codes.filter((c) => c === 429).length).toBe(50 - ok);
      } finally {
        await Promise.all([stopServer(a), stopServer(b)]);
      }
    });

  if (!withRedis)
    it("keeps every acknowledged incident exactly once when one server is killed under load; the other serves on", {
      timeout: 120_000,
    }, async () => {
      const { a, b, reporter, viewer, dbUrl } = pair;
      const feedOnB = await openSse(`${b.url}/api/incidents/stream`, { authorization: `Bearer ${viewer}` });
      const acked = new Map<string, string>(); // key -> id
      const attempted = new Map<string, IncidentInput>(); // key -> what was sent (a retry sends the same)
      let killed = false;
      const KILL_AFTER = 120;
      const submit = async (w: number) => {
        for (let i = 0; i < 400 && !killed; i++) {
          const key = `crash-${w}-${i}`;
          const input = inSector(w % 4, { idempotencyKey: key });
          attempted.set(key, input);
          // Alternate servers: the kill lands while both take writes.
          const target = i % 2 === 0 ? a : b;
          try {
            const r = await post(target.url, reporter, "/api/incidents", input);
            if (r.status !== 201 && r.status !== 200) throw new Error(`unexpected status ${r.status}`);
            acked.set(key, r.json.id as string);
          } catch (e) {
            if (killed && target === a) return; // A is gone mid-request: this one may or may not be stored
            throw e;
          }
          if (acked.size >= KILL_AFTER && !killed) {
            killed = true;
            a.proc.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => submit(w)));
      await a.exited;
      expect(killed).toBe(true);

      // B serves on: ready, takes a write, and its live feed still runs.
      expect((await fetch(`${b.url}/api/ready`)).status).toBe(200);
      const after = await post(b.url, reporter, "/api/incidents", inSector(3, { idempotencyKey: "after-the-kill" }));
      expect(after.status).toBe(201);
      await feedOnB.waitFor((e) => e.event === "created" && JSON.parse(e.data).id === after.json.id);
      feedOnB.close();

      const byKey = new Map<string, string[]>();
      const store = await openStore({ databaseUrl: dbUrl, migrate: false });
      try {
        for await (const inc of store.all({ includeMerged: true }))
          if (inc.idempotencyKey?.startsWith("crash-"))
            byKey.set(inc.idempotencyKey, [...(byKey.get(inc.idempotencyKey) ?? []), inc.id]);
        for (const [key, id] of acked) expect(byKey.get(key), key).toEqual([id]);
        for (const ids of byKey.values()) expect(ids).toHaveLength(1);
        expect(await store.checkProjection()).toEqual([]);
      } finally {
        await store.close();
      }
      // Clients retry what was not acknowledged, on the survivor: nothing doubles.
      for (const [key, input] of attempted) {
        const r = await post(b.url, reporter, "/api/incidents", input);
        expect(r.status, key).toBe(byKey.has(key) ? 200 : 201);
        if (acked.has(key)) expect(r.json.id).toBe(acked.get(key));
      }
    });
});
