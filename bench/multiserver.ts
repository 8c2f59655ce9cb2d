/**
 * Two `truce serve` processes on one throwaway PostgreSQL (issue 15): how long an incident posted
 * to server A takes to appear on a live feed (SSE) held by server B, over PostgreSQL NOTIFY and
 * over Redis pub/sub, against the anchor, the same feed on A itself; and the acknowledged creates
 * per second with 8 clients spread over both servers.
 *
 *   npm run build && npx tsx bench/multiserver.ts [--n 300]
 * Sequential posts (one at a time) after a warm-up of 20; min, median, p95 and mean ± sd in ms. Run it
 * on an idle machine: under load the absolute times measure the scheduler, the per-incident hop less so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres } from "../test/support/postgres.js";
import { startRedis } from "../test/support/redis.js";
import { LINE_SCENARIO, LINE_SECTOR_LATS, startServer, stopServer } from "../test/support/serve.js";
import { openSse, type SseClient } from "../test/support/sse.js";

const nArg = process.argv.indexOf("--n");
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 300;
const WARMUP = 20;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, s.length - 1));
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `min ${s[0].toFixed(2)}  median ${q(0.5).toFixed(2)}  p95 ${q(0.95).toFixed(2)}  mean ${mean.toFixed(2)} ± ${sd.toFixed(2)} ms`;
}

let seq = 0;
const incident = () => ({
  idempotencyKey: `bench-${process.pid}-${seq++}`,
  occurredAt: "2025-03-14T06:30:00Z",
  lon: 30.05,
  lat: LINE_SECTOR_LATS[seq % 4],
  eventType: "Explosions/Remote violence",
  subEventType: "Shelling/artillery/missile attack",
  violation: { kind: "fire", weaponClass: "artillery_ge100mm", explosions: 1 },
  sources: [{ type: "patrol", grade: "B2", name: "Patrol 7" }],
  description: "bench",
});

async function post(base: string, token: string, body: unknown = incident()): Promise<string> {
  const r = await fetch(`${base}/api/incidents`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`POST answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { id: string }).id;
}

/**
 * Post N incidents one by one to A; for each, the time from sending it to its event on A's own
 * feed (the anchor) and on B's feed, measured on the same incident, so the difference is the
 * cross-server hop whatever the machine's load.
 */
async function latencies(to: string, token: string, onA: SseClient, onB: SseClient, n: number) {
  const own: number[] = [];
  const other: number[] = [];
  const hop: number[] = [];
  for (let i = 0; i < n; i++) {
    // Wait on the key (in the event at the internal tier) from before the post: the time is the event's arrival.
    const body = incident();
    const t0 = performance.now();
    const seen = (feed: SseClient) =>
      feed
        .waitFor((e) => e.event === "created" && e.data.includes(`"${body.idempotencyKey}"`))
        .then(() => performance.now() - t0);
    const [a, b] = await Promise.all([seen(onA), seen(onB), post(to, token, body)]);
    own.push(a);
    other.push(b);
    hop.push(b - a);
  }
  return { own, other, hop };
}

const pg = await startPostgres();
const redis = await startRedis();
const dir = mkdtempSync(join(tmpdir(), "truce-bench-two-"));
mkdirSync(join(dir, "scenarios"));
writeFileSync(join(dir, "scenarios", "line.yaml"), LINE_SCENARIO);
try {
  for (const transport of ["postgres", "redis"] as const) {
    const dbUrl = await pg.createDatabase();
    const args = ["--rate-limit", "off"];
    const withRedis = transport === "redis" ? redis.url : undefined;
    const a = await startServer({ dbUrl, dir, redis: withRedis, args });
    const admin = /truce_[A-Za-z0-9_-]{43}/.exec(a.stderr())?.[0] as string;
    const b = await startServer({ dbUrl, dir, redis: withRedis, args });
    try {
      const auth = { authorization: `Bearer ${admin}` };
      const onA = await openSse(`${a.url}/api/incidents/stream`, auth);
      const onB = await openSse(`${b.url}/api/incidents/stream`, auth);
      await latencies(a.url, admin, onA, onB, WARMUP);
      const r = await latencies(a.url, admin, onA, onB, N);
      console.log(`feed over ${transport}, ${N} incidents posted to A one at a time (post to event):`);
      console.log(`  anchor, A's own feed:    ${stats(r.own)}`);
      console.log(`  B's feed (other server): ${stats(r.other)}`);
      console.log(`  hop, B minus A per incident: ${stats(r.hop)}`);
      // Throughput: 8 clients, alternating servers, 100 creates each.
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 100; i++) await post(i % 2 === w % 2 ? a.url : b.url, admin);
        }),
      );
      const s = (performance.now() - t0) / 1000;
      console.log(`  8 clients over both servers: ${(800 / s).toFixed(0)} acknowledged creates/s`);
      onA.close();
      onB.close();
    } finally {
      await Promise.all([stopServer(a), stopServer(b)]);
    }
  }
} finally {
  await redis.stop();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
