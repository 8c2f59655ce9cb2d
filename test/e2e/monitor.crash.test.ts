/**
 * Crash test on loopback, on both databases: concurrent submitters post incidents to a real
 * `truce serve` process, which is killed with SIGKILL mid-stream. After a restart every
 * acknowledged incident is present exactly once, and resubmitting everything (acknowledged or
 * not) creates no duplicates. Needs the build (`npm test` builds first).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/monitor/store/open.js";
import { sampleInput } from "../support/fixtures.js";
import { startServer } from "../support/serve.js";
import { DIALECTS, type StoreFactory, storeFactory } from "../support/stores.js";

/** A small scenario, so the server starts fast (the bundled zones take seconds to compute). */
const SCENARIO = `name: Crash-test line
contactLine: { type: LineString, coordinates: [[30, 47], [30, 48], [30, 49]] }
zone: { widthKm: 20, sectors: 2, withdrawalLines: [{ name: "Artillery of 100 mm and more", km: 50 }] }
parties: [{ id: WEST, name: West, side: left }, { id: EAST, name: East, side: right }]
mandate: { posture: monitor }
`;

function post(url: string, token: string, body: unknown): Promise<{ status: number; json: { id?: string } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = httpRequest(
      `${url}/api/incidents`,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
      (res) => {
        let s = "";
        res.on("data", (c) => {
          s += c;
        });
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(s) });
          } catch (e) {
            reject(e);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

function getJson(
  url: string,
  token: string,
): Promise<{ items: Array<{ id: string; idempotencyKey: string }>; nextCursor: string | null }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let s = "";
      res.on("data", (c) => {
        s += c;
      });
      res.on("end", () => resolve(JSON.parse(s)));
    })
      .on("error", reject)
      .end();
  });
}

describe.each(DIALECTS)("kill -9 mid-stream on %s", (dialect) => {
  let factory: StoreFactory;
  let dir: string;
  beforeAll(async () => {
    factory = await storeFactory(dialect);
    dir = mkdtempSync(join(tmpdir(), "truce-crash-"));
    mkdirSync(join(dir, "scenarios"));
    writeFileSync(join(dir, "scenarios", "meridian.yaml"), SCENARIO);
  });
  afterAll(async () => {
    await factory?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every acknowledged incident exactly once", { timeout: 150_000 }, async () => {
    const dbUrl = await factory.newUrl();
    const first = await startServer({ dbUrl, dir });
    const token = /truce_[A-Za-z0-9_-]{43}/.exec(first.stderr())?.[0];
    expect(token, "first start prints an admin token").toBeDefined();

    const acked = new Map<string, string>(); // key -> id
    const attempted = new Set<string>();
    let killed = false;
    let seenZone: string | null = null;
    const WORKERS = 8;
    const KILL_AFTER = 120;
    const MAX_PER_WORKER = 400; // bound: the kill always comes first
    const worker = async (w: number) => {
      for (let i = 0; i < MAX_PER_WORKER && !killed; i++) {
        const key = `crash-${w}-${i}`;
        attempted.add(key);
        try {
          const r = await post(
            first.url,
            token!,
            sampleInput({ idempotencyKey: key, occurredAt: "2025-02-01T10:00:00Z" }),
          );
          if (r.status === 201 || r.status === 200) {
            acked.set(key, r.json.id!);
            seenZone = (r.json as { derived?: { zoneId?: string } }).derived?.zoneId ?? null;
          } else throw new Error(`unexpected status ${r.status}`);
        } catch (e) {
          if (killed) return;
          throw e;
        }
        if (acked.size >= KILL_AFTER && !killed) {
          killed = true;
          first.proc.kill("SIGKILL");
        }
      }
    };
    const exited = new Promise((r) => first.proc.once("exit", r));
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await exited;
    expect(killed).toBe(true);
    expect(attempted.size).toBeGreaterThan(acked.size); // requests were in flight at the kill
    expect(seenZone).toBe("meridian");

    const second = await startServer({ dbUrl, dir });
    expect(second.stderr()).not.toMatch(/First start/); // the admin token is printed once only
    const seen = new Map<string, string[]>();
    let cursor: string | null = null;
    do {
      const page = await getJson(`${second.url}/api/incidents?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, token!);
      for (const i of page.items) seen.set(i.idempotencyKey, [...(seen.get(i.idempotencyKey) ?? []), i.id]);
      cursor = page.nextCursor;
    } while (cursor);
    for (const [key, id] of acked) expect(seen.get(key), key).toEqual([id]);
    for (const ids of seen.values()) expect(ids.length).toBe(1);

    // Clients retry everything they sent: nothing is duplicated, the lost ones are created now.
    for (const key of attempted) {
      const r = await post(
        second.url,
        token!,
        sampleInput({ idempotencyKey: key, occurredAt: "2025-02-01T10:00:00Z" }),
      );
      expect(r.status).toBe(seen.has(key) ? 200 : 201);
      if (acked.has(key)) expect(r.json.id).toBe(acked.get(key));
    }
    const stopped = new Promise((r) => second.proc.once("exit", r));
    second.proc.kill("SIGTERM");
    await stopped;
    const store = await openStore({ databaseUrl: dbUrl });
    try {
      expect(await store.count({ includeMerged: true })).toBe(attempted.size);
      expect(await store.checkProjection()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
