/** Export (CSV/GeoJSON/KML, tiered), ACLED CSV import and the daily report (released at the token's tier). */
import { Readable } from "node:stream";
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { TIERS } from "../../monitor/release.js";
import { dailyReport, EXPORT_MEDIA, exportIncidents, importAcled } from "../../monitor/service.js";
import { requireRole } from "../auth.js";
import { ApiError, errorBody, parseWith } from "../errors.js";
import { jsonSchema } from "../openapi.js";
import { readerOf } from "../tier.js";
import { filterQuerySchema, tierParam, toFilter } from "./query.js";

const exportQuery = filterQuerySchema.extend({
  format: z.enum(["csv", "geojson", "kml"]).default("csv").describe("csv (ACLED columns first), geojson or kml."),
  tier: z
    .enum(TIERS)
    .default("public")
    .describe(
      "internal (everything; analysts), parties or public (sources removed, locations coarsened, ownForces left out). Default public.",
    ),
});

const importQuery = z.strictObject({
  partial: z
    .enum(["true", "false"])
    .default("false")
    .describe("Store the good rows even if some are bad. Default: all or nothing."),
});

const reportQuery = z.strictObject({
  date: z.iso.date().optional().describe("Report day, YYYY-MM-DD. Default: today (UTC)."),
  cutoff: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM")
    .default("19:30")
    .describe("Cut-off time of day. Default 19:30."),
  utcOffsetH: z.coerce.number().min(-12).max(14).default(0).describe("Local time offset from UTC, hours."),
  zone: z.string().optional().describe("Only this zone (scenario id)."),
  format: z.enum(["md", "html"]).default("md"),
  tier: tierParam,
});

export const exportRoutes: FastifyPluginAsync = async (app) => {
  const { store } = app;

  app.get(
    "/api/incidents/export",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["exports"],
        summary: "Export the filtered incidents; tier internal needs an analyst token.",
        querystring: jsonSchema(exportQuery),
      },
    },
    async (req, reply) => {
      const q = parseWith(exportQuery, req.query, "/query");
      // Files travel: the default is public whatever the token may see, and no record is released as its owner's.
      const reader = { tier: readerOf(req, q.tier).tier };
      const ext = q.format === "geojson" ? "geojson" : q.format;
      reply
        .type(EXPORT_MEDIA[q.format])
        .header("content-disposition", `attachment; filename="incidents-${q.tier}.${ext}"`)
        .header("x-release-tier", q.tier);
      return reply.send(Readable.from(exportIncidents(store, toFilter(q), q.format, q.tier, reader)));
    },
  );

  app.post(
    "/api/incidents/import",
    {
      preHandler: requireRole("analyst"),
      schema: {
        tags: ["exports"],
        summary: "Import ACLED-format CSV (Content-Type: text/csv, up to 1 MB). Reports every bad row.",
        querystring: jsonSchema(importQuery),
      },
    },
    async (req, reply) => {
      const q = parseWith(importQuery, req.query, "/query");
      if (typeof req.body !== "string")
        throw new ApiError(
          "TRUCE_UNSUPPORTED_MEDIA_TYPE",
          "send the CSV with Content-Type: text/csv",
          "/headers/content-type",
        );
      const res = await importAcled(store, req.body, {
        actor: req.actor!,
        zones: app.zones,
        now: app.clock(),
        partial: q.partial === "true",
      });
      if (!res.stored) {
        reply.status(400);
        return errorBody(
          "TRUCE_BAD_INPUT",
          `${res.errors.length} bad row(s); nothing was stored. Fix them or send ?partial=true`,
          { pointer: "/body", ...res },
        );
      }
      reply.status(res.created > 0 ? 201 : 200);
      return res;
    },
  );

  app.get(
    "/api/reports/daily",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["reports"],
        summary: "Daily report in the OSCE SMM style (Markdown or HTML), over what the token's tier may see.",
        querystring: jsonSchema(reportQuery),
      },
    },
    async (req, reply) => {
      const q = parseWith(reportQuery, req.query, "/query");
      // A report travels too: released at the tier, never as any one owner's view.
      const reader = { tier: readerOf(req, q.tier).tier };
      const date = q.date ?? app.clock().toISOString().slice(0, 10);
      const text = await dailyReport(store, {
        date,
        cutoff: q.cutoff,
        utcOffsetH: q.utcOffsetH,
        format: q.format,
        title: `Truce daily report${q.zone ? `: ${q.zone}` : ""}, ${date}`,
        filter: q.zone ? { zoneId: q.zone } : {},
        reader,
      });
      reply.header("x-release-tier", reader.tier);
      reply.type(q.format === "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8");
      return text;
    },
  );
};
