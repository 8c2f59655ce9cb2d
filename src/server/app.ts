/**
 * The Fastify app. `buildApp(options)` wires the shared pieces (store, zones, clock, event hub,
 * error registry, auth, rate limit, body limit, OpenAPI) and registers the route plugins:
 * the built-in ones, then `options.plugins` (the planning API, static web files, ...).
 *
 * Several servers on one database are one service: `app.feed` publishes to this server's streams
 * (`app.hub`) and, through `options.bus`, to the others' (bus.ts); `options.redis` shares the rate
 * limit. `app.draining` (set by `drainApp`) turns `/api/ready` to 503 before a graceful stop.
 *
 * A plugin reads the shared handles as decorators: `app.store`, `app.zones`, `app.hub`, `app.feed`, `app.clock`,
 * `app.tierGrants`, protects routes with `preHandler: requireRole("viewer" | "reporter" | "analyst" | "admin")`
 * (every request is authenticated once, by `installAuth`), and releases incidents for the request's
 * reader (`readerOf(req)` in tier.ts, `releaseFor` in monitor/release.ts) on every read path.
 */
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyServerOptions,
} from "fastify";
import type { Redis } from "ioredis";
import { type AlertOptions, DEFAULT_ALERTS } from "../monitor/alerts.js";
import type { Actor } from "../monitor/incident.js";
import type { MissionZone } from "../monitor/place.js";
import type { Reader, TierGrants } from "../monitor/release.js";
import type { IncidentStore } from "../monitor/store/store.js";
import { adminRoutes } from "./admin.js";
import { installAuth } from "./auth.js";
import { type EventBus, localBus } from "./bus.js";
import { errorServerOptions, installErrorHandler } from "./errors.js";
import { Feed } from "./feed.js";
import { exportRoutes } from "./incidents/exports.js";
import { incidentRoutes } from "./incidents/routes.js";
import { installOpenApi, openApiRoute } from "./openapi.js";
import { opsRoutes } from "./ops.js";
import { DEFAULT_RATE_LIMIT, type Limiter, RateLimiter, type RateLimitOptions, RedisRateLimiter } from "./rateLimit.js";
import { EventHub, type StreamLimits } from "./sse.js";

declare module "fastify" {
  interface FastifyInstance {
    store: IncidentStore;
    zones: MissionZone[];
    hub: EventHub<Reader>;
    feed: Feed;
    /** True once a graceful stop began: /api/ready answers 503. */
    draining: boolean;
    /** How long a graceful stop waits for requests and jobs under way, ms. */
    shutdownGraceMs: number;
    clock: () => Date;
    alertOptions: AlertOptions | null;
    tierGrants: TierGrants;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** A plugin to register, with its options (e.g. `{ plugin: fastifyStatic, options: { root } }`). */
// biome-ignore lint/suspicious/noExplicitAny: each plugin carries its own option type
type AnyPlugin = FastifyPluginAsync<any>;
export type PluginEntry = AnyPlugin | { plugin: AnyPlugin; options?: Record<string, unknown> };

export interface AppOptions {
  store: IncidentStore;
  /** Zones for deriving sector and side (from the bundled scenarios). Default none. */
  zones?: MissionZone[];
  /** Extra plugins, registered after the built-in routes, in order. */
  plugins?: PluginEntry[];
  /** Rate limit per token id (or address before authentication); false to turn off. Default 300 burst, 50/s. */
  rateLimit?: RateLimitOptions | false;
  /** Release tiers above the role's default, by token name (viewers and reporters read `parties` otherwise). */
  tierGrants?: TierGrants;
  /** SSE limits: streams per token and in total, unsent bytes per stream, token re-check interval. */
  streams?: Partial<StreamLimits>;
  /** Alert test settings; null turns alerts off. */
  alerts?: AlertOptions | null;
  /** Cross-server events (bus.ts). Default: this process only. The caller closes it after the app. */
  bus?: EventBus;
  /**
   * Redis shared by the servers, when configured: the rate limit is kept there and /api/ready checks it.
   * Give a fail-fast client (enableOfflineQueue: false). The caller closes it.
   */
  redis?: Redis | null;
  /** How long `app.close()` waits for requests and planning jobs under way before cutting them, ms. Default 30 s. */
  shutdownGraceMs?: number;
  /** Clock (tests). Default: the system clock. */
  now?: () => Date;
  /** Fastify logger option. Default false. */
  logger?: FastifyServerOptions["logger"];
}

/** Largest request body: 1 MB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: true,
    ajv: { customOptions: { strict: false } },
    ...errorServerOptions,
  });
  // Handlers validate with zod (errors carry a JSON pointer); route JSON Schemas only document the API.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.decorate("store", options.store);
  app.decorate("zones", options.zones ?? []);
  app.decorate("hub", new EventHub<Reader>(options.streams));
  app.decorate("feed", new Feed(app.hub, options.bus ?? localBus(), options.store, app.log));
  app.decorate("draining", false);
  app.decorate("shutdownGraceMs", options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
  const busy = trackRequests(app);
  app.decorate("clock", options.now ?? (() => new Date()));
  app.decorate("alertOptions", options.alerts === undefined ? DEFAULT_ALERTS : options.alerts);
  app.decorate("tierGrants", options.tierGrants ?? {});
  app.decorateRequest("actor", null);
  installErrorHandler(app);
  installAuth(app, limiter(options, app));
  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string" }, (_req, body, done) => done(null, body));
  await installOpenApi(app);
  openApiRoute(app);
  await app.register(adminRoutes);
  await app.register(opsRoutes, { redis: options.redis ?? null });
  await app.register(incidentRoutes);
  await app.register(exportRoutes);
  for (const entry of options.plugins ?? []) {
    if (typeof entry === "function") await app.register(entry);
    else await app.register(entry.plugin, entry.options ?? {});
  }
  // Graceful stop (app.close()): Fastify answers new requests 503; streams end with an end event;
  // handlers under way finish (bounded), as do planning jobs (their plugin's preClose); then the sockets close.
  app.addHook("preClose", async () => {
    drainApp(app);
    await busy.idle(app.shutdownGraceMs);
  });
  app.addHook("onClose", async () => {
    app.hub.closeAll();
    await app.feed.close();
  });
  return app;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

/** Replies whose handler has not answered yet (streams that took over their reply do not count). */
function trackRequests(app: FastifyInstance): { idle(timeoutMs: number): Promise<void> } {
  const open = new Set<FastifyReply>();
  const waiters = new Set<() => void>();
  const pending = () => {
    let n = 0;
    for (const r of open) if (!r.sent) n++;
    return n;
  };
  const check = () => {
    if (pending() === 0) for (const w of [...waiters]) w();
  };
  app.addHook("onRequest", async (_req, reply) => {
    open.add(reply);
    // A response emits close once finished or aborted.
    reply.raw.once("close", () => {
      open.delete(reply);
      check();
    });
  });
  return {
    async idle(timeoutMs) {
      if (pending() === 0) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
      });
    },
  };
}

function limiter(options: AppOptions, app: FastifyInstance): Limiter | null {
  if (options.rateLimit === false) return null;
  const opts = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (!options.redis) return new RateLimiter(opts);
  const shared = new RedisRateLimiter(options.redis, opts);
  shared.onRedisError = (e) =>
    app.log.error({ err: e }, "Redis does not answer: rate limits are per server until it does");
  return shared;
}

/**
 * Begin a graceful stop: /api/ready answers 503 (load balancers stop sending), and every SSE
 * stream ends with `event: end` `{reason: "shutdown"}` so its client reconnects to another server.
 * Requests are still served. `app.close()` does this too, then waits for work under way.
 */
export function drainApp(app: FastifyInstance): void {
  app.draining = true;
  app.hub.closeAll();
}
