/**
 * Monitoring-store benchmark: SQLite and PostgreSQL + PostGIS side by side, in one run.
 *
 * 1. HTTP ingest: incidents POSTed over loopback in batches (and one by one), through the real
 *    app (validation, zone derivation on the bundled Ukraine GCSP zone, revisions, alerts).
 * 2. Bulk import: ACLED CSV through `importAcled` (parse, validate, derive, store).
 * 3. Query latency: bbox + time-range queries (first page of 100, newest first) over N synthetic
 *    incidents (default 2.5 million, ACLED scale), p50/p95 wall and the median CPU time per query
 *    (wall time on a shared machine is mostly waiting for a core; CPU time is the work). Anchor:
 *    the issue's p95 < 50 ms on SQLite. On SQLite also the plan before issue 16 (every row in the
 *    box looked up and sorted), for comparison.
 * 4. `GET /api/stats` (all incidents, and 90 days) and `GET /api/reports/daily` over HTTP at N.
 *
 * Seeded data (mulberry32), a warm-up before timing. Run: npx tsx bench/monitor.ts
 * Sizes: BENCH_N (stored incidents for queries), BENCH_HTTP_N (HTTP ingest), BENCH_CSV_N (CSV rows).
 * BENCH_PARTS=queries skips the ingest benches (1, 2). BENCH_KEEP=DIR keeps the SQLite query
 * database in DIR and reuses it when it already holds the same N synthetic incidents (the load is
 * the slow part); PostgreSQL is always loaded afresh. BENCH_STORES=sqlite (or postgresql) runs one store.
 * Both stores are durable: SQLite WAL with synchronous=FULL, PostgreSQL with fsync and synchronous_commit on.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import type { MissionZone } from "../src/monitor/place.js";
import { importAcled } from "../src/monitor/service.js";
import { openStore } from "../src/monitor/store/open.js";
import type { IncidentStore, PreparedCreate } from "../src/monitor/store/store.js";
import { loadMissionZone } from "../src/monitor/zones.js";
import { buildApp } from "../src/server/app.js";
import { issueToken } from "../src/server/auth.js";
import { acledCsv, SPAN_MS, T0 } from "../test/support/acled.js";
import { storedIncident } from "../test/support/fixtures.js";
import { mulberry32 } from "../test/support/mulberry32.js";
import { startPostgres } from "../test/support/postgres.js";

const N = Number(process.env.BENCH_N ?? 2_500_000);
const HTTP_N = Number(process.env.BENCH_HTTP_N ?? 20_000);
const CSV_N = Number(process.env.BENCH_CSV_N ?? 20_000);
const QUERIES = 300;
const PARTS = new Set((process.env.BENCH_PARTS ?? "ingest,queries").split(","));
/** BENCH_STORES=sqlite or postgresql runs one store only (e.g. the kept SQLite database again, warm). */
const STORES = new Set((process.env.BENCH_STORES ?? "sqlite,postgresql").toLowerCase().split(","));
const KEEP = process.env.BENCH_KEEP;

const TYPES = [
  ["Explosions/Remote violence", "Shelling/artillery/missile attack"],
  ["Battles", "Armed clash"],
  ["Explosions/Remote violence", "Air/drone strike"],
  ["Strategic developments", "Other"],
  ["Riots", "Mob violence"],
] as const;

/** A point near the line of contact: a random vertex neighbourhood, ±60 km. */
function nearLine(zone: MissionZone, r: () => number): [number, number] {
  const coords = zone.zone.line.coordinates.flat();
  const v = coords[Math.floor(r() * coords.length)];
  return [v[0] + (r() - 0.5) * 1.6, v[1] + (r() - 0.5) * 1.1];
}

/**
 * A synthetic stored incident. For the 2.5 M load the place is derived by a cheap rule (sector by
 * longitude band) instead of the geodesic derivation, which the HTTP and CSV benches time.
 */
function synthetic(i: number, r: () => number): PreparedCreate {
  // ACLED-like spread: Ukraine and neighbours, 5 years; 60% near a diagonal "front" band.
  const front = r() < 0.6;
  const lon = front ? 34 + r() * 6 : 22 + r() * 18;
  const lat = front ? 46.5 + (lon - 34) * 0.4 + (r() - 0.5) * 0.8 : 44 + r() * 8;
  const [eventType, subEventType] = TYPES[Math.floor(r() * TYPES.length)];
  const at = new Date(T0 + Math.floor(r() * SPAN_MS)).toISOString();
  const sector = `S${String(1 + Math.floor((lon - 22) / 1.5)).padStart(2, "0")}`;
  return storedIncident({
    idMs: T0 + i,
    occurredAt: at,
    lon,
    lat,
    eventType,
    subEventType,
    idempotencyKey: `syn-${i}`,
    createdBy: "bench",
    description: "synthetic",
    zoneId: "synthetic",
    sectorId: sector,
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function post(url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function httpIngest(
  store: IncidentStore,
  zone: MissionZone,
  n: number,
  batch: number,
  clients: number,
): Promise<number> {
  const { token } = await issueToken(store, `bench-${batch}-${Date.now()}`, "reporter");
  const app = await buildApp({ store, zones: [zone], rateLimit: false });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const r = mulberry32(batch);
  const bodies: string[] = [];
  for (let i = 0; i < n; i += batch) {
    const items = [];
    for (let k = i; k < Math.min(n, i + batch); k++) {
      const [lon, lat] = nearLine(zone, r);
      items.push({
        idempotencyKey: `http-${batch}-${k}-${Date.now()}`,
        occurredAt: new Date(T0 + Math.floor(r() * SPAN_MS)).toISOString(),
        lon,
        lat,
        eventType: "Explosions/Remote violence",
        subEventType: "Shelling/artillery/missile attack",
        violation: { kind: "fire", weaponClass: "artillery_ge100mm", explosions: 1 + Math.floor(r() * 20) },
        sources: [{ type: "patrol", grade: "B2", name: "bench" }],
        description: "benchmark incident",
      });
    }
    bodies.push(JSON.stringify(batch === 1 ? items[0] : { incidents: items }));
  }
  // warm-up
  await post(`${base}/api/incidents`, token, bodies[0]);
  let next = 1;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++];
        const s = await post(`${base}/api/incidents`, token, b);
        if (s !== 201 && s !== 200) throw new Error(`HTTP ${s}`);
      }
    }),
  );
  const dt = (performance.now() - t0) / 1000;
  await app.close();
  return ((bodies.length - 1) * batch) / dt;
}

function acledCsvNear(n: number, zone: MissionZone, seed: number): string {
  return acledCsv(n, seed, (r) => nearLine(zone, r));
}

async function ingestBenches(
  name: string,
  open: () => Promise<IncidentStore>,
  zone: MissionZone,
  out: Record<string, string>,
): Promise<void> {
  const s = await open();
  process.stderr.write(`${name}: HTTP ingest ...\n`);
  out["HTTP batches of 500, 4 clients (incidents/s)"] = (await httpIngest(s, zone, HTTP_N, 500, 4)).toFixed(0);
  out["HTTP one per request, 8 clients (incidents/s)"] = (
    await httpIngest(s, zone, Math.min(2000, HTTP_N), 1, 8)
  ).toFixed(0);
  process.stderr.write(`${name}: ACLED CSV import ...\n`);
  await importAcled(s, acledCsvNear(500, zone, 1), { actor: { name: "bench", role: "analyst" }, zones: [zone] }); // warm-up
  const csv = acledCsvNear(CSV_N, zone, 2);
  const t0 = performance.now();
  const imp = await importAcled(s, csv, { actor: { name: "bench", role: "analyst" }, zones: [zone] });
  if (imp.created !== CSV_N) throw new Error(`imported ${imp.created} of ${CSV_N}`);
  out["ACLED CSV import (rows/s)"] = (CSV_N / ((performance.now() - t0) / 1000)).toFixed(0);
  await s.close();
}

/** Wall-time percentiles and the median CPU time of `runs` timed runs after 20 warm-ups. */
async function timeQueries(run: (k: number) => Promise<number>, runs = QUERIES): Promise<string> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let rows = 0;
  for (let k = 0; k < runs + 20; k++) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    const n = await run(k);
    const c = process.cpuUsage(c0);
    if (k >= 20) {
      walls.push(performance.now() - t);
      cpus.push((c.user + c.system) / 1000);
      rows += n;
    }
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return `${pct(walls, 50).toFixed(1)} / ${pct(walls, 95).toFixed(1)} / ${pct(cpus, 50).toFixed(1)} (${(rows / runs).toFixed(0)})`;
}

const QUERY_KINDS = [
  ["small: 0.5° × 0.5°, 30 days", 0.5, 0.5, 30],
  ["large: 2° × 2°, 90 days", 2, 2, 90],
] as const;

/** The same seeded boxes and ranges for every store and plan. */
function queryBoxes(degLon: number, degLat: number, days: number) {
  const qr = mulberry32(777);
  return Array.from({ length: QUERIES + 20 }, () => {
    const w = 30 + qr() * 8;
    const so = 45 + qr() * 5;
    const from = T0 + Math.floor(qr() * (SPAN_MS - days * 86_400_000));
    return {
      bbox: [w, so, w + degLon, so + degLat] as [number, number, number, number],
      from,
      to: from + days * 86_400_000,
    };
  });
}

async function queryBenches(name: string, q: IncidentStore, out: Record<string, string>): Promise<void> {
  for (const [label, degLon, degLat, days] of QUERY_KINDS) {
    const boxes = queryBoxes(degLon, degLat, days);
    out[`query ${label}: p50 / p95 wall, p50 CPU ms (mean rows)`] = await timeQueries(async (k) => {
      const b = boxes[k];
      const page = await q.list(
        { bbox: b.bbox, from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString() },
        { limit: 100 },
      );
      return page.items.length;
    });
  }
  if (name !== "SQLite") return;
  // The plan before issue 16: every R*Tree match looked up, then all of them sorted (100 runs).
  for (const [label, degLon, degLat, days] of QUERY_KINDS) {
    const boxes = queryBoxes(degLon, degLat, days);
    const key = `query ${label}: p50 / p95 wall, p50 CPU ms (mean rows)`;
    out[`${key.replace("query", "before:")}`] = await timeQueries(async (k) => {
      const { bbox, from, to } = boxes[k];
      const [w, s, e, n] = bbox;
      const d0 = from / 86_400_000 - 1;
      const d1 = to / 86_400_000 + 1;
      const rows = await sql<{ data: string }>`SELECT data, occurred_ms, seq FROM incidents
          WHERE merged_into IS NULL AND occurred_ms >= ${from} AND occurred_ms < ${to}
            AND seq IN (SELECT id FROM incidents_rtree WHERE max_lon >= ${w} AND min_lon <= ${e}
              AND max_lat >= ${s} AND min_lat <= ${n} AND max_day >= ${d0} AND min_day <= ${d1})
            AND lon >= ${w} AND lon <= ${e} AND lat >= ${s} AND lat <= ${n}
          ORDER BY occurred_ms DESC, seq DESC LIMIT 101`.execute(q.db);
      for (const r of rows.rows.slice(0, 100)) JSON.parse(r.data);
      return Math.min(100, rows.rows.length);
    }, 100); // 100 runs: the old plan is slow at 2.5 M
  }
}

function get(url: string, token: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => {
        bytes += d.length;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** `GET /api/stats` and the daily report over loopback HTTP: min and max wall of 5 runs after a warm-up. */
async function statsBenches(
  store: IncidentStore,
  zone: MissionZone,
  out: Record<string, string>,
  suffix = "",
): Promise<void> {
  const { token } = await issueToken(store, `bench-stats-${Date.now()}`, "analyst");
  const app = await buildApp({ store, zones: [zone], rateLimit: false });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const last = new Date(T0 + SPAN_MS - 86_400_000);
  const from90 = new Date(last.getTime() - 90 * 86_400_000).toISOString();
  const routes: Array<[string, string]> = [
    ["GET /api/stats, all incidents (ms, min / max of 5)", "/api/stats?tier=internal"],
    ["GET /api/stats, last 90 days (ms, min / max of 5)", `/api/stats?tier=internal&from=${from90}`],
    [
      "GET /api/reports/daily, Markdown (ms, min / max of 5)",
      `/api/reports/daily?tier=internal&date=${last.toISOString().slice(0, 10)}`,
    ],
  ];
  try {
    for (const [label, path] of routes) {
      const times: number[] = [];
      for (let k = 0; k < 6; k++) {
        const t = performance.now();
        const res = await get(`${base}${path}`, token);
        if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
        if (k > 0) times.push(performance.now() - t);
      }
      out[label + suffix] = `${Math.min(...times).toFixed(0)} / ${Math.max(...times).toFixed(0)}`;
    }
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const zone = loadMissionZone(join(import.meta.dirname, "..", "data", "scenarios", "ukraine-gcsp.yaml"));
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-"));
  process.stderr.write("starting a throwaway PostgreSQL (durable: fsync on) ...\n");
  const pg = await startPostgres({
    durable: true,
    settings: { shared_buffers: "512MB", max_wal_size: "4GB", work_mem: "32MB" },
  });
  const stores: Array<[string, () => Promise<IncidentStore>, (() => Promise<IncidentStore>) | undefined]> = [
    [
      "SQLite",
      () => openStore({ databaseUrl: `sqlite:${join(dir, `s${Date.now()}.db`)}` }),
      KEEP
        ? () => {
            mkdirSync(KEEP, { recursive: true });
            return openStore({ databaseUrl: `sqlite:${join(KEEP, `monitor-bench-${N}.db`)}` });
          }
        : undefined,
    ],
    ["PostgreSQL", async () => openStore({ databaseUrl: await pg.createDatabase(`b${Date.now()}`) }), undefined],
  ];
  const results: Record<string, Record<string, string>> = { SQLite: {}, PostgreSQL: {} };
  try {
    for (const [name, open, openKept] of stores) {
      if (!STORES.has(name.toLowerCase())) continue;
      if (PARTS.has("ingest")) await ingestBenches(name, open, zone, results[name]);
      if (!PARTS.has("queries")) continue;

      // Bulk load for the query benchmark (or the kept SQLite database, when it holds exactly N).
      const kept = openKept && existsSync(join(KEEP as string, `monitor-bench-${N}.db`));
      const q = await (openKept ?? open)();
      if (kept && (await q.count({ includeMerged: true })) === N) {
        process.stderr.write(`${name}: reusing the kept ${N.toLocaleString("en-US")} incidents\n`);
        results[name]["bulk load, store API (incidents/s)"] = "(kept)";
      } else {
        if (kept) throw new Error(`${KEEP}: the kept database does not hold ${N} incidents; remove it`);
        process.stderr.write(`${name}: loading ${N.toLocaleString("en-US")} synthetic incidents ...\n`);
        const r = mulberry32(12345);
        const t0 = performance.now();
        const CHUNK = 5000;
        for (let i = 0; i < N; i += CHUNK) {
          const part: PreparedCreate[] = [];
          for (let k = i; k < Math.min(N, i + CHUNK); k++) part.push(synthetic(k, r));
          await q.bulkCreate(part, "bench");
          if ((i / CHUNK) % 50 === 0)
            process.stderr.write(
              `  ${i.toLocaleString("en-US")} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
            );
        }
        results[name]["bulk load, store API (incidents/s)"] = (N / ((performance.now() - t0) / 1000)).toFixed(0);
      }
      await sql`ANALYZE`.execute(q.db);
      process.stderr.write(`${name}: queries ...\n`);
      await queryBenches(name, q, results[name]);
      process.stderr.write(`${name}: stats and daily report over HTTP ...\n`);
      await statsBenches(q, zone, results[name]);
      if (name === "PostgreSQL") {
        // Right after a bulk load PostgreSQL's visibility map is unset, so an index-only plan still visits
        // every heap page. Autovacuum sets it (migration 004 has it run after each 1% of inserts); measure
        // the steady state too, after the VACUUM it would run.
        process.stderr.write(`${name}: VACUUM, then stats and daily report again ...\n`);
        const t = performance.now();
        await sql`VACUUM (ANALYZE) incidents`.execute(q.db);
        results[name]["VACUUM (ANALYZE) incidents after the load (s)"] = ((performance.now() - t) / 1000).toFixed(1);
        await statsBenches(q, zone, results[name], ", after VACUUM");
      }
      await q.close();
      process.stderr.write(`${name}: ${JSON.stringify(results[name])}\n`);
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const keys = [...new Set([...Object.keys(results.SQLite), ...Object.keys(results.PostgreSQL)])];
  const w = Math.max(...keys.map((k) => k.length));
  process.stdout.write(
    `\nMonitoring store, ${N.toLocaleString("en-US")} incidents for queries (${new Date().toISOString().slice(0, 10)})\n\n`,
  );
  process.stdout.write(`${"".padEnd(w)}  ${"SQLite".padStart(20)}  ${"PostgreSQL".padStart(20)}\n`);
  for (const k of keys)
    process.stdout.write(
      `${k.padEnd(w)}  ${(results.SQLite[k] ?? "—").padStart(20)}  ${(results.PostgreSQL[k] ?? "—").padStart(20)}\n`,
    );
  process.stdout.write(
    `\nAnchor (issue 16): SQLite p95 < 50 ms for both bbox + time queries; stats and the daily report under 1 s.\n` +
      `Machine: ${availableParallelism()} cores, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" / ")} at the end (wall times include waiting for a core).\n`,
  );
}

await main();
