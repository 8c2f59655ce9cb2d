/** Token administration, zones, stats (released at the token's tier), alerts and health. */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { ROLES } from "../monitor/incident.js";
import { issueToken, requireRole } from "./auth.js";
import { ApiError, parseWith } from "./errors.js";
import { statsQuerySchema, tierQuerySchema, toFilter } from "./incidents/query.js";
import { releasedStatsPerSectorDay } from "./incidents/stats.js";
import { jsonSchema } from "./openapi.js";
import { streamFor } from "./sse.js";
import { readerOf } from "./tier.js";

const tokenBody = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\w.@-]+$/, "use letters, digits, '.', '@', '_' or '-'")
    .describe("Who holds the token; kept in the audit trail."),
  role: z
    .enum(ROLES)
    .describe(
      "viewer (read), reporter (create, edit own), planner (read; the planning API: uploads, plans, jobs, reports), analyst (verify, edit, merge, export internal), admin (tokens).",
    ),
});

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { store } = app;

  app.get(
    "/api/health",
    { schema: { tags: ["meta"], summary: "Liveness and which database is in use.", security: [] } },
    async () => ({
      ok: true,
      database: store.dialect,
      zones: app.zones.map((z) => z.id),
    }),
  );

  app.post(
    "/api/tokens",
    {
      preHandler: requireRole("admin"),
      schema: {
        tags: ["tokens"],
        summary: "Create an API token. The secret is shown once.",
        body: jsonSchema(tokenBody),
      },
    },
    async (req, reply) => {
      const body = parseWith(tokenBody, req.body, "");
      const t = await issueToken(store, body.name, body.role, app.clock().getTime());
      reply.status(201);
      return { id: t.id, name: body.name, role: body.role, token: t.token };
    },
  );

  app.get(
    "/api/tokens",
    { preHandler: requireRole("admin"), schema: { tags: ["tokens"], summary: "List tokens (never their secrets)." } },
    async () => ({
      tokens: await store.listTokens(),
    }),
  );

  app.delete(
    "/api/tokens/:id",
    { preHandler: requireRole("admin"), schema: { tags: ["tokens"], summary: "Revoke a token." } },
    async (req) => {
      const { id } = parseWith(z.strictObject({ id: z.string().min(1).max(100) }), req.params, "/params");
      if (!(await store.revokeToken(id, app.clock().getTime())))
        throw new ApiError("TRUCE_NOT_FOUND", `no active token with id ${id}`, "/params/id");
      // Its open streams end now, on every server, not at their next token re-check.
      const streamsEnded = app.feed.tokenRevoked(id);
      return { revoked: id, streamsEnded };
    },
  );

  app.get(
    "/api/me",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["tokens"],
        summary: "Who this token is: its name, role and the most it may read (release tier).",
      },
    },
    async (req) => {
      const actor = req.actor as { name: string; role: string };
      return { name: actor.name, role: actor.role, tier: readerOf(req).tier };
    },
  );

  app.get(
    "/api/zones",
    {
      preHandler: requireRole("viewer"),
      schema: { tags: ["meta"], summary: "Zones known to the server, with sectors." },
    },
    async () => ({
      zones: app.zones.map((m) => ({
        id: m.id,
        parties: m.parties ?? {},
        lengthKm: m.zone.lengthKm,
        areaKm2: m.zone.areaKm2,
        bbox: m.zone.bbox,
        sectors: m.zone.sectors.map((s) => ({
          id: s.id,
          startKm: s.startKm,
          endKm: s.endKm,
          lengthKm: s.lengthKm,
          areaKm2: s.areaKm2,
        })),
        withdrawalLines: m.zone.withdrawalLines.map((w) => ({ name: w.name, km: w.km })),
      })),
    }),
  );

  app.get(
    "/api/stats",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["incidents"],
        summary: "Incidents per sector per UTC day (only those the token's tier may see are counted).",
        querystring: jsonSchema(statsQuerySchema),
      },
    },
    async (req) => {
      const q = parseWith(statsQuerySchema, req.query, "/query");
      const reader = readerOf(req, q.tier);
      const filter = toFilter(q);
      // Below internal, withheld incidents must not be counted: count released ones.
      const perSectorDay =
        reader.tier === "internal"
          ? await store.statsPerSectorDay(filter)
          : await releasedStatsPerSectorDay(store.all(filter, 500), reader);
      return { tier: reader.tier, perSectorDay };
    },
  );

  app.get(
    "/api/alerts",
    {
      preHandler: requireRole("viewer"),
      schema: { tags: ["alerts"], summary: "Recent rate-jump alerts, newest first." },
    },
    async () => ({
      test: app.alertOptions,
      alerts: await store.listAlerts(),
    }),
  );

  app.get(
    "/api/alerts/stream",
    {
      preHandler: requireRole("viewer"),
      config: { allowQueryToken: true },
      schema: { tags: ["alerts"], summary: "Alerts as they fire (Server-Sent Events)." },
    },
    async (req, reply) => {
      const { tier } = parseWith(tierQuerySchema.extend({ access_token: z.string().optional() }), req.query, "/query");
      streamFor("alerts", req, reply, readerOf(req, tier));
    },
  );
};
