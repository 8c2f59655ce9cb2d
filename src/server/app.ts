/**
 * The Fastify app. `buildApp(options)` wires the shared pieces (store, zones, clock, event hub,
 * error registry, auth, rate limit, body limit, OpenAPI) and registers the route plugins:
 * the built-in ones, then `options.plugins` (the planning API, static web files, ...).
 *
 * A plugin reads the shared handles as decorators: `app.store`, `app.zones`, `app.hub`, `app.clock`,
 * and protects routes with `preHandler: requireRole("viewer" | "reporter" | "analyst" | "admin")`.
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from "fastify";
import { type AlertOptions, DEFAULT_ALERTS } from "../monitor/alerts.js";
import type { Actor } from "../monitor/incident.js";
import type { MissionZone } from "../monitor/place.js";
import type { IncidentStore } from "../monitor/store/store.js";
import { adminRoutes } from "./admin.js";
import { installErrorHandler } from "./errors.js";
import { exportRoutes } from "./incidents/exports.js";
import { incidentRoutes } from "./incidents/routes.js";
import { installOpenApi, openApiRoute } from "./openapi.js";
import { DEFAULT_RATE_LIMIT, installRateLimit, type RateLimitOptions } from "./rateLimit.js";
import { EventHub } from "./sse.js";

declare module "fastify" {
  interface FastifyInstance {
    store: IncidentStore;
    zones: MissionZone[];
    hub: EventHub;
    clock: () => Date;
    alertOptions: AlertOptions | null;
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
  /** Rate limit per token or address; false to turn off. Default 300 burst, 50/s. */
  rateLimit?: RateLimitOptions | false;
  /** Alert test settings; null turns alerts off. */
  alerts?: AlertOptions | null;
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
  });
  // Handlers validate with zod (errors carry a JSON pointer); route JSON Schemas only document the API.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.decorate("store", options.store);
  app.decorate("zones", options.zones ?? []);
  app.decorate("hub", new EventHub());
  app.decorate("clock", options.now ?? (() => new Date()));
  app.decorate("alertOptions", options.alerts === undefined ? DEFAULT_ALERTS : options.alerts);
  app.decorateRequest("actor", null);
  installErrorHandler(app);
  if (options.rateLimit !== false) installRateLimit(app, options.rateLimit ?? DEFAULT_RATE_LIMIT);
  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string" }, (_req, body, done) => done(null, body));
  await installOpenApi(app);
  openApiRoute(app);
  await app.register(adminRoutes);
  await app.register(incidentRoutes);
  await app.register(exportRoutes);
  for (const entry of options.plugins ?? []) {
    if (typeof entry === "function") await app.register(entry);
    else await app.register(entry.plugin, entry.options ?? {});
  }
  app.addHook("onClose", async () => app.hub.closeAll());
  return app;
}
