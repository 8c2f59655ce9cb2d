/**
 * Reliability on loopback, bounded in count and time, on both databases: a retry storm, fuzzed
 * JSON and CSV inputs, the role × endpoint authorisation matrix (monitoring and planning API), and SSE alerts.
 * (The kill -9 crash test is in monitor.crash.test.ts.)
 */
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destination } from "../../src/geo/geodesic.js";
import { type Role, roleAtLeast } from "../../src/monitor/incident.js";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import { planPlugin } from "../../src/server/plan/index.js";
import { type TestApp, testApp } from "../support/app.js";
import { sampleInput } from "../support/fixtures.js";
import { DIALECTS, type StoreFactory, storeFactory } from "../support/stores.js";

function httpJson(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      url,
      { method, headers: { ...headers, ...(data ? { "content-type": "application/json" } : {}) } },
      (res) => {
        let s = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          s += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: s ? JSON.parse(s) : null }));
      },
    );
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Open an SSE stream and collect its events. */
function sse(url: string): {
  events: Array<{ event: string; data: unknown }>;
  close: () => void;
  ready: Promise<void>;
} {
  const events: Array<{ event: string; data: unknown }> = [];
  let buf = "";
  let close = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
          i = buf.indexOf("\n\n");
        }
        resolve();
      });
    });
    req.on("error", reject);
    req.end();
    close = () => req.destroy();
  });
  return { events, close: () => close(), ready };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DIALECTS)("reliability on %s", (dialect) => {
  let factory: StoreFactory;
  let store: IncidentStore;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    factory = await storeFactory(dialect);
    store = await factory.open();
    t = await testApp(store, {
      now: () => new Date("2025-06-10T12:00:00Z"),
      // The planning API too, so the matrix covers /api/plan; caps high enough for every allowed role's job.
      plugins: [{ plugin: planPlugin, options: { prefix: "/api/plan", maxJobs: 8, maxJobsPerToken: 4 } }],
    });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await t?.app.close();
    await store?.close();
    await factory?.cleanup();
  });

  it("retry storm: the same batch sent 5 times at once yields no duplicates", async () => {
    const batch = Array.from({ length: 100 }, (_, i) =>
      sampleInput({ idempotencyKey: `storm-${dialect}-${i}`, occurredAt: "2025-01-05T10:00:00Z" }),
    );
    const before = await store.count({ includeMerged: true });
    const res = await Promise.all(
      Array.from({ length: 5 }, () =>
        httpJson(`${base}/api/incidents`, "POST", t.auth("reporter"), { incidents: batch }),
      ),
    );
    for (const r of res) expect([200, 201]).toContain(r.status);
    const ids = res.map((r) => (r.json as { incidents: Array<{ id: string }> }).incidents.map((i) => i.id).join(","));
    expect(new Set(ids).size).toBe(1); // every sender got the same records
    expect(await store.count({ includeMerged: true })).toBe(before + 100);
    const created = res.reduce((s, r) => s + (r.json as { created: number }).created, 0);
    expect(created).toBe(100);
    expect(await store.checkProjection()).toEqual([]);
  });

  it("fuzz (JSON): nothing crashes, and a rejected request stores nothing", async () => {
    const valid = sampleInput();
    const keys = Object.keys(valid);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // a field replaced by anything
          fc
            .record({ k: fc.constantFrom(...keys), v: fc.anything() })
            .map(({ k, v }) => ({ ...sampleInput({ idempotencyKey: `fz-${dialect}-${n++}` }), [k]: v })),
          // a field removed
          fc.constantFrom(...keys).map((k) => {
            const o: Record<string, unknown> = { ...sampleInput({ idempotencyKey: `fz-${dialect}-${n++}` }) };
            delete o[k];
            return o;
          }),
          // a batch with one broken item
          fc.anything().map((junk) => ({ incidents: [sampleInput({ idempotencyKey: `fz-${dialect}-${n++}` }), junk] })),
          // anything at all
          fc.anything(),
        ),
        async (body) => {
          const before = await store.count({ includeMerged: true });
          const r = await t.app.inject({
            method: "POST",
            url: "/api/incidents",
            headers: { ...t.auth("reporter"), "content-type": "application/json" },
            payload: JSON.stringify(body) ?? "null",
          });
          expect([200, 201, 400, 409]).toContain(r.statusCode);
          const after = await store.count({ includeMerged: true });
          if (r.statusCode >= 400) {
            expect(after).toBe(before);
            expect(r.json().error.code).toMatch(/^TRUCE_(BAD_INPUT|IDEMPOTENCY_KEY_REUSED)$/);
          } else if (r.statusCode === 201) expect(after).toBeGreaterThan(before);
        },
      ),
      { numRuns: dialect === "sqlite" ? 200 : 100, seed: 42 },
    );
    // Raw bytes that are not JSON at all.
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
        const r = await t.app.inject({
          method: "POST",
          url: "/api/incidents",
          headers: { ...t.auth("reporter"), "content-type": "application/json" },
          payload: raw,
        });
        expect(r.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 43 },
    );
  });

  it("fuzz (CSV): imports never crash and are all or nothing", async () => {
    const head =
      "event_id_cnty,event_date,time_precision,event_type,sub_event_type,latitude,longitude,geo_precision,notes,fatalities";
    const good = (i: number) =>
      `FZ${dialect}${i},2025-02-0${1 + (i % 9)},1,Battles,Armed clash,48.${i % 10},30.0${i % 10},1,ok,0`;
    let k = 0;
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom("", '"', '""', ",", "\n", "48.5", "-1", "Battles", "2025-13-40", "1e999"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 11 }), { maxLength: 4 }),
        fc.boolean(),
        async (junk, withGood) => {
          const rows = [head, ...(withGood ? [good(k++), good(k++)] : []), ...junk.map((r) => r.join(","))];
          const before = await store.count({ includeMerged: true });
          const r = await t.app.inject({
            method: "POST",
            url: "/api/incidents/import",
            headers: { ...t.auth("analyst"), "content-type": "text/csv" },
            payload: rows.join("\n"),
          });
          expect([200, 201, 400]).toContain(r.statusCode);
          const after = await store.count({ includeMerged: true });
          if (r.statusCode === 400) {
            expect(after).toBe(before);
            expect(r.json().error.detail.errors.length).toBeGreaterThan(0);
          } else expect(after - before).toBe(r.json().created);
        },
      ),
      { numRuns: dialect === "sqlite" ? 150 : 80, seed: 44 },
    );
  });

  it("authorisation: every role × every endpoint", async () => {
    const id = (
      await t.app.inject({ method: "POST", url: "/api/incidents", headers: t.auth("reporter"), payload: sampleInput() })
    ).json().id;
    const dup = (
      await t.app.inject({ method: "POST", url: "/api/incidents", headers: t.auth("reporter"), payload: sampleInput() })
    ).json().id;
    const csv =
      "event_id_cnty,event_date,event_type,sub_event_type,latitude,longitude\nAUTH1,2025-01-01,Riots,Mob violence,48.1,30.01\n";
    // The planning API: a planner's small upload and a job on it (other roles get 404 for both: they are private).
    const scenarioText =
      "name: Matrix line\ncontactLine:\n  type: LineString\n  coordinates: [[37.0, 47.5], [37.6, 48.0], [38.2, 48.6]]\nzone:\n  widthKm: 10\n  sectors: 3\nmandate:\n  posture: monitor\n";
    const up = await t.app.inject({
      method: "POST",
      url: "/api/plan/scenarios",
      headers: t.auth("planner"),
      payload: { file: "matrix.yaml", text: scenarioText },
    });
    expect(up.statusCode).toBe(201);
    const sid = up.json().scenario.id as string;
    const started = await t.app.inject({
      method: "POST",
      url: `/api/plan/scenarios/${sid}/simulations`,
      headers: t.auth("planner"),
      payload: { replications: 1, days: 1, seed: 1 },
    });
    expect(started.statusCode).toBe(202);
    const job = started.json().job.id as string;
    const small = { replications: 1, days: 1, seed: 1 };
    type Ep = {
      method: string;
      url: string;
      min: Role | null;
      body?: unknown;
      type?: string;
      path: string;
      /** A stream: check the status line over real HTTP. */
      sse?: boolean;
    };
    const plan = "/api/plan";
    const planEps: Ep[] = [
      { method: "GET", url: `${plan}/scenarios`, path: `${plan}/scenarios`, min: null },
      {
        method: "POST",
        url: `${plan}/scenarios`,
        path: `${plan}/scenarios`,
        min: "planner",
        body: { file: "matrix.yaml", text: scenarioText },
      },
      { method: "GET", url: `${plan}/scenarios/kosovo-2025`, path: `${plan}/scenarios/{id}`, min: null },
      { method: "GET", url: `${plan}/scenarios/${sid}`, path: `${plan}/scenarios/{id}`, min: "planner" },
      { method: "GET", url: `${plan}/scenarios/kosovo-2025/zone`, path: `${plan}/scenarios/{id}/zone`, min: null },
      { method: "GET", url: `${plan}/scenarios/${sid}/zone`, path: `${plan}/scenarios/{id}/zone`, min: "planner" },
      {
        method: "GET",
        url: `${plan}/scenarios/kosovo-2025/plan?lite=1`,
        path: `${plan}/scenarios/{id}/plan`,
        min: null,
      },
      {
        method: "GET",
        url: `${plan}/scenarios/${sid}/plan?lite=1`,
        path: `${plan}/scenarios/{id}/plan`,
        min: "planner",
      },
      {
        method: "POST",
        url: `${plan}/scenarios/${sid}/simulations`,
        path: `${plan}/scenarios/{id}/simulations`,
        min: "planner",
        body: small,
      },
      {
        method: "POST",
        url: `${plan}/scenarios/kosovo-2025/simulations`,
        path: `${plan}/scenarios/{id}/simulations`,
        min: "planner",
        body: { replications: 0 },
      },
      {
        method: "POST",
        url: `${plan}/scenarios/${sid}/sensitivities`,
        path: `${plan}/scenarios/{id}/sensitivities`,
        min: "planner",
        body: small,
      },
      {
        method: "POST",
        url: `${plan}/scenarios/${sid}/reports`,
        path: `${plan}/scenarios/{id}/reports`,
        min: "planner",
        body: small,
      },
      { method: "GET", url: `${plan}/jobs/${job}`, path: `${plan}/jobs/{id}`, min: "planner" },
      { method: "GET", url: `${plan}/jobs/${job}/events`, path: `${plan}/jobs/{id}/events`, min: "planner", sse: true },
      { method: "GET", url: `${plan}/jobs/${job}/report.html`, path: `${plan}/jobs/{id}/report.html`, min: "planner" },
      { method: "DELETE", url: `${plan}/jobs/${job}`, path: `${plan}/jobs/{id}`, min: "planner" },
      { method: "GET", url: `${plan}/missions`, path: `${plan}/missions`, min: null },
    ];
    const eps: Ep[] = [
      { method: "GET", url: "/api/health", path: "/api/health", min: null },
      { method: "GET", url: "/api/ready", path: "/api/ready", min: null },
      { method: "GET", url: "/api/openapi.json", path: "/api/openapi.json", min: null },
      { method: "GET", url: "/api/me", path: "/api/me", min: "viewer" },
      { method: "GET", url: "/api/zones", path: "/api/zones", min: "viewer" },
      { method: "GET", url: "/api/incidents", path: "/api/incidents", min: "viewer" },
      { method: "GET", url: `/api/incidents/${id}`, path: "/api/incidents/{id}", min: "viewer" },
      { method: "GET", url: `/api/incidents/${id}/history`, path: "/api/incidents/{id}/history", min: "viewer" },
      { method: "GET", url: "/api/stats", path: "/api/stats", min: "viewer" },
      { method: "GET", url: "/api/alerts", path: "/api/alerts", min: "viewer" },
      { method: "GET", url: "/api/reports/daily?date=2025-01-05", path: "/api/reports/daily", min: "viewer" },
      { method: "GET", url: "/api/incidents/export?tier=public", path: "/api/incidents/export", min: "viewer" },
      { method: "GET", url: "/api/incidents/export?tier=internal", path: "/api/incidents/export", min: "analyst" },
      {
        method: "POST",
        url: "/api/incidents",
        path: "/api/incidents",
        min: "reporter",
        body: sampleInput({ idempotencyKey: "authz-matrix-1" }),
      },
      {
        method: "PATCH",
        url: `/api/incidents/${id}`,
        path: "/api/incidents/{id}",
        min: "reporter",
        body: { description: "x", reason: "authz" },
      },
      {
        method: "POST",
        url: `/api/incidents/${id}/merge`,
        path: "/api/incidents/{id}/merge",
        min: "analyst",
        body: { duplicateIds: [dup], reason: "authz" },
      },
      {
        method: "POST",
        url: `/api/incidents/${id}/unmerge`,
        path: "/api/incidents/{id}/unmerge",
        min: "analyst",
        body: { duplicateId: dup, reason: "authz" },
      },
      {
        method: "POST",
        url: "/api/incidents/import",
        path: "/api/incidents/import",
        min: "analyst",
        body: csv,
        type: "text/csv",
      },
      {
        method: "POST",
        url: "/api/tokens",
        path: "/api/tokens",
        min: "admin",
        body: { name: "made-by-matrix", role: "viewer" },
      },
      { method: "GET", url: "/api/tokens", path: "/api/tokens", min: "admin" },
      { method: "DELETE", url: "/api/tokens/nonexistent", path: "/api/tokens/{id}", min: "admin" },
      { method: "GET", url: "/api/incidents/stream", path: "/api/incidents/stream", min: "viewer", sse: true },
      { method: "GET", url: "/api/alerts/stream", path: "/api/alerts/stream", min: "viewer", sse: true },
      ...planEps,
    ];
    // The matrix covers every route in the OpenAPI description.
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const covered = new Set(eps.map((e) => `${e.method} ${e.path}`));
    for (const d of documented) expect(covered, `authorisation matrix lacks ${d}`).toContain(d);

    const roles: Array<Role | null> = [null, "viewer", "reporter", "planner", "analyst", "admin"];
    let runs = 0;
    for (const ep of eps) {
      for (const role of roles) {
        const allowed = ep.min === null || (role !== null && roleAtLeast(role, ep.min));
        const headers: Record<string, string> = role ? t.auth(role) : {};
        let status: number;
        if (ep.sse) {
          // Streams stay open: check the status line over real HTTP, then hang up.
          status = await new Promise<number>((resolve, reject) => {
            const req = httpRequest(`${base}${ep.url}`, { headers }, (res) => {
              resolve(res.statusCode ?? 0);
              req.destroy();
            });
            req.on("error", reject);
            req.end();
          });
        } else {
          const payload =
            ep.body === undefined ? undefined : typeof ep.body === "string" ? ep.body : JSON.stringify(ep.body);
          const r = await t.app.inject({
            method: ep.method as "GET",
            url: ep.url,
            headers: { ...headers, ...(payload ? { "content-type": ep.type ?? "application/json" } : {}) },
            payload,
          });
          status = r.statusCode;
        }
        runs++;
        const label = `${role ?? "anonymous"} ${ep.method} ${ep.url} -> ${status}`;
        if (allowed) expect([401, 403], label).not.toContain(status);
        else expect(status, label).toBe(role === null ? 401 : 403);
        expect(status, label).toBeLessThan(500);
      }
    }
    expect(runs).toBe(eps.length * roles.length);
  });

  it("streams the live feed and raises an alert when a sector's rate jumps", async () => {
    const feed = sse(`${base}/api/incidents/stream?access_token=${t.tokens.viewer}`);
    const alerts = sse(`${base}/api/alerts/stream?access_token=${t.tokens.viewer}`);
    await Promise.all([feed.ready, alerts.ready]);
    // A quiet sector S02 (north half), then 6 incidents within an hour: p = (6/174)^6 ≈ 1.7e-9.
    const at = destination([30, 48.6], 90, 3);
    const burst = Array.from({ length: 6 }, (_, i) =>
      sampleInput({ lon: at[0], lat: at[1], occurredAt: `2025-06-10T11:${10 + i}:00Z` }),
    );
    const r = await httpJson(`${base}/api/incidents`, "POST", t.auth("reporter"), burst);
    expect(r.status).toBe(201);
    await until(() => alerts.events.length > 0 && feed.events.length >= 6);
    const a = alerts.events[0].data as { sectorId: string; recent: number; pValue: number; windowEnd: string };
    expect(a).toMatchObject({ sectorId: "S02", recent: 6, windowEnd: "2025-06-10T12:00:00.000Z" });
    expect(a.pValue).toBeCloseTo((6 / 174) ** 6, 15);
    expect(feed.events.filter((e) => e.event === "created").length).toBe(6);
    // The same window does not alert twice.
    await httpJson(
      `${base}/api/incidents`,
      "POST",
      t.auth("reporter"),
      sampleInput({ lon: at[0], lat: at[1], occurredAt: "2025-06-10T11:30:00Z" }),
    );
    await new Promise((res) => setTimeout(res, 200));
    expect(alerts.events.length).toBe(1);
    feed.close();
    alerts.close();
  });
});
