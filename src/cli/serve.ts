/**
 * `truce serve [--port N] [--host H] [--data DIR] [--scenarios DIR] [--redis URL]`: the monitoring API.
 * SQLite under ./data/ by default, PostgreSQL + PostGIS when DATABASE_URL is set. Loads the
 * zones of the bundled scenarios for sector derivation, and on first start prints an admin token once.
 *
 * Several servers on one PostgreSQL are one service (docs/scale.md): the live feed crosses servers
 * by LISTEN/NOTIFY, or Redis pub/sub with --redis / REDIS_URL (which also shares the rate limit and
 * sends the server's simulations to `truce worker` processes). SIGTERM stops gracefully.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { TruceInputError } from "../errors/index.js";
import type { TierGrants } from "../monitor/release.js";
import { describeDatabase, openStore } from "../monitor/store/open.js";
import type { IncidentStore } from "../monitor/store/store.js";
import { loadMissionZones } from "../monitor/zones.js";
import { connectRedis } from "../queue/connect.js";
import { BOUNDS } from "../scenario/bounds.js";
import { buildApp, drainApp, type PluginEntry } from "../server/app.js";
import { issueToken } from "../server/auth.js";
import { type EventBus, localBus, postgresBus, redisBus } from "../server/bus.js";
import { planPlugin } from "../server/plan/index.js";
import { compressPlugin, webPlugin } from "../server/plan/web.js";
import type { RateLimitOptions } from "../server/rateLimit.js";
import { parseTierGrants } from "../server/tier.js";
import { intFlag, numberFlag } from "./flags.js";

const RATE_BOUND = { max: 1_000_000, unit: "requests", why: "far above what one token should send" };

/** `--rate-limit BURST/PER_SECOND` (e.g. 300/50) or `off`. */
export function parseRateLimit(v: string | undefined): RateLimitOptions | false | undefined {
  if (v === undefined) return undefined;
  if (v === "off") return false;
  const m = /^([^/]+)\/([^/]+)$/.exec(v);
  if (!m)
    throw new TruceInputError({
      path: "--rate-limit",
      problem: `"${v}" is not BURST/PER_SECOND.`,
      fix: "Give requests in a burst and sustained requests per second, e.g. --rate-limit 300/50, or off.",
    });
  return {
    burst: intFlag("--rate-limit (burst)", m[1], RATE_BOUND, 1) as number,
    perSecond: numberFlag("--rate-limit (per second)", m[2], RATE_BOUND, { positive: true }) as number,
  };
}

/** data/scenarios of the package (works from src/ under tsx and from dist/src/ after the build). */
export function bundledScenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = join(dir, "data", "scenarios");
    if (existsSync(cand)) return cand;
    dir = dirname(dir);
  }
  return resolve("data", "scenarios");
}

export interface ServeOptions {
  port: number;
  host: string;
  data: string;
  scenarios?: string;
  /** Release tiers granted above the role's default, by token name (`--grant name=tier`). */
  tierGrants?: TierGrants;
  /** Extra Fastify plugins (the web app and planning API add theirs here). */
  plugins?: PluginEntry[];
  /** redis://… shared by the servers (feed, rate limit, simulation queue). Default: REDIS_URL. */
  redis?: string;
  /** Seconds /api/ready answers 503 before the stop begins, so a load balancer notices first. Default 0. */
  drainSeconds?: number;
  /** Rate limit per token (shared through Redis when configured); false turns it off. Default 300 burst, 50/s. */
  rateLimit?: RateLimitOptions | false;
}

/** Advisory lock key for the first-start token (any fixed 64-bit number; "truce" in ASCII). */
const FIRST_START_LOCK = 0x7472756365;

/**
 * The admin token of a first start, or null when tokens exist. On PostgreSQL under an advisory
 * lock: servers started together on an empty database create one admin token, not one each.
 */
async function firstStartToken(store: IncidentStore): Promise<string | null> {
  const create = async () =>
    (await store.tokenCount()) === 0 ? (await issueToken(store, "admin", "admin")).token : null;
  if (store.dialect !== "postgres") return create();
  return store.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${FIRST_START_LOCK})`.execute(conn);
    try {
      return await create();
    } finally {
      await sql`SELECT pg_advisory_unlock(${FIRST_START_LOCK})`.execute(conn);
    }
  });
}

/** A Redis client that fails fast while Redis is away (a request must not wait for it). */
async function failFastRedis(url: string): Promise<Redis> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  r.on("error", () => {}); // ioredis reconnects; /api/ready reports the outage
  await r.connect();
  return r;
}

interface Shared {
  bus: EventBus;
  redis: Redis | null;
  close(): Promise<void>;
}

/** The cross-server bus and the shared Redis: Redis when given, else NOTIFY on PostgreSQL, else this process alone. */
async function sharedServices(redisUrl: string | undefined, dialect: string): Promise<Shared> {
  if (redisUrl) {
    await connectRedis(redisUrl, "--redis"); // one clear message for a wrong URL or a Redis that is down
    const redis = await failFastRedis(redisUrl);
    const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
    subscriber.on("error", () => {});
    const bus = await redisBus(subscriber, redis);
    return {
      bus,
      redis,
      close: async () => {
        await bus.close();
        redis.disconnect();
      },
    };
  }
  const url = process.env.DATABASE_URL;
  const bus = dialect === "postgres" && url ? await postgresBus(url) : localBus();
  return { bus, redis: null, close: () => bus.close() };
}

/** Plugins other parts of Truce add to `truce serve` (planning API, static web). */
export const servePlugins: PluginEntry[] = [
  compressPlugin,
  { plugin: planPlugin, options: { prefix: "/api/plan" } },
  webPlugin,
];

export async function serve(opts: ServeOptions): Promise<{ close: () => Promise<void>; url: string }> {
  const scenariosDir = opts.scenarios ?? bundledScenariosDir();
  const zones = loadMissionZones(scenariosDir, (file, e) =>
    process.stderr.write(`warning: zone of ${file} not loaded: ${e instanceof Error ? e.message : String(e)}\n`),
  );
  const store = await openStore({ dataDir: opts.data });
  const token = await firstStartToken(store);
  if (token) {
    process.stderr.write(
      `\nFirst start: created an admin token. It is shown only this once; keep it safe:\n\n  ${token}\n\n` +
        `Use it as: curl -H "Authorization: Bearer ${token}" http://${opts.host}:${opts.port}/api/tokens\n\n`,
    );
  }
  const redisUrl = opts.redis ?? (process.env.REDIS_URL || undefined);
  // The server's simulation jobs read REDIS_URL (server/plan/simulate.ts): --redis sets it for them.
  if (redisUrl) process.env.REDIS_URL = redisUrl;
  const shared = await sharedServices(redisUrl, store.dialect);
  const app = await buildApp({
    store,
    zones,
    bus: shared.bus,
    redis: shared.redis,
    rateLimit: opts.rateLimit,
    plugins: [...servePlugins, ...(opts.plugins ?? [])],
    tierGrants: opts.tierGrants,
    logger: process.env.TRUCE_LOG ? { level: process.env.TRUCE_LOG } : false,
  });
  const url = await app.listen({ port: opts.port, host: opts.host });
  process.stderr.write(
    `truce serve: ${url} · database ${store.dialect} (${describeDatabase({ dataDir: opts.data })}) · feed ${shared.bus.kind} · zones: ${zones.map((z) => z.id).join(", ") || "none"}\n` +
      `API description: ${url}/api/openapi.json\n`,
  );
  // The parent (tests, supervisors) may wait for this line on stdout.
  process.stdout.write(`listening ${url}\n`);
  return {
    url,
    // Graceful: not ready, streams ended with an end event, (a notice period,) requests and jobs under way finished, then the connections.
    close: async () => {
      drainApp(app);
      const notice = (opts.drainSeconds ?? 0) * 1000;
      if (notice > 0) await new Promise((r) => setTimeout(r, notice));
      await app.close();
      await shared.close();
      await store.close();
    },
  };
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the incident monitoring API (SQLite in ./data by default; PostgreSQL when DATABASE_URL is set).")
    .option("--port <n>", "TCP port", "8080")
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .option("--data <dir>", "folder for the SQLite database", "data")
    .option("--scenarios <dir>", "scenario folder whose zones are loaded (default: the bundled data/scenarios)")
    .option(
      "--redis <url>",
      "Redis shared by several servers: live feed, rate limits, simulation queue (default: REDIS_URL)",
    )
    .option("--rate-limit <burst/perSecond>", "requests per token: burst and sustained rate, or off", "300/50")
    .option(
      "--drain-seconds <n>",
      "on SIGTERM, seconds /api/ready answers 503 while requests are still served (let the load balancer notice)",
      "0",
    )
    .option(
      "--grant <name=tier>",
      "let the named token read at a higher release tier than its role's (repeatable), e.g. partner-desk=internal",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(
      async (o: {
        port: string;
        host: string;
        data: string;
        scenarios?: string;
        grant: string[];
        redis?: string;
        rateLimit: string;
        drainSeconds: string;
      }) => {
        const port = intFlag("--port", o.port, BOUNDS.port) as number;
        const tierGrants = parseTierGrants(o.grant);
        const rateLimit = parseRateLimit(o.rateLimit);
        const drainSeconds = intFlag("--drain-seconds", o.drainSeconds, { max: 3600, unit: "s", why: "an hour" });
        const s = await serve({
          port,
          host: o.host,
          data: o.data,
          scenarios: o.scenarios,
          tierGrants,
          redis: o.redis,
          rateLimit,
          drainSeconds,
        });
        await new Promise<void>((done) => {
          const stop = () => {
            s.close().then(done, done);
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
      },
    );
}
