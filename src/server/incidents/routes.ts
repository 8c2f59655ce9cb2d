/**
 * Incident routes: create (single or batch, idempotent), list with filters and cursor paging,
 * read, edit (a new revision), history, merge and unmerge, and the live feed over SSE.
 * Every incident that leaves goes through `releaseFor` at the request's reader (tier.ts).
 */
import type { FastifyBaseLogger, FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { evaluateAlerts } from "../../monitor/alerts.js";
import { MonitorError } from "../../monitor/errors.js";
import { applyPatch, diff, merge, newIncident, unmerge } from "../../monitor/incident.js";
import { type Reader, releaseFor, releaseHistory } from "../../monitor/release.js";
import { type Incident, type IncidentPatch, incidentInputSchema, incidentPatchSchema } from "../../monitor/schema.js";
import {
  type IncidentFilter,
  type IncidentStore,
  type Page,
  type PreparedCreate,
  payloadHash,
} from "../../monitor/store/store.js";
import { uuidv7 } from "../../monitor/uuid.js";
import { requireRole } from "../auth.js";
import { ApiError, parseWith } from "../errors.js";
import { jsonSchema } from "../openapi.js";
import { streamFor } from "../sse.js";
import { readerOf } from "../tier.js";
import { listQuerySchema, tierQuerySchema, toFilter } from "./query.js";

const MAX_BATCH = 1000;

/** Store pages read at most per list request while refilling a page thinned by release. */
const MAX_PAGE_READS = 20;

/**
 * One page of incidents released for `reader`. Withheld incidents thin a page, so further store
 * pages are read to fill it (at most MAX_PAGE_READS; then a short page with a cursor is returned).
 */
export async function releasedPage(
  store: IncidentStore,
  filter: IncidentFilter,
  opts: { limit: number; cursor?: string },
  reader: Reader,
): Promise<Page> {
  const items: Incident[] = [];
  let cursor = opts.cursor;
  for (let reads = 0; reads < MAX_PAGE_READS; reads++) {
    const page = await store.list(filter, { limit: opts.limit - items.length, cursor });
    for (const inc of page.items) {
      const r = releaseFor(inc, reader);
      if (r) items.push(r);
    }
    cursor = page.nextCursor ?? undefined;
    if (!cursor || items.length >= opts.limit) break;
  }
  return { items, nextCursor: cursor ?? null };
}

const idParams = z.strictObject({ id: z.string().min(1).max(100) });
const notFound = (id: string) => new ApiError("TRUCE_NOT_FOUND", `no incident with id ${id}`, "/params/id");
const mergeBody = z.strictObject({
  duplicateIds: z.array(z.string().min(1)).min(1).max(100).describe("Incidents that report the same event."),
  reason: z.string().min(1).max(2000),
});
const unmergeBody = z.strictObject({ duplicateId: z.string().min(1), reason: z.string().min(1).max(2000) });

const batchBody = z.union([
  incidentInputSchema,
  z.array(incidentInputSchema).max(MAX_BATCH),
  z.strictObject({ incidents: z.array(incidentInputSchema).max(MAX_BATCH) }),
]);

/** Split a body into items, with the JSON pointer base of each, before validating them one by one. */
function bodyItems(body: unknown): { items: unknown[]; base: (i: number) => string; single: boolean } {
  if (Array.isArray(body)) return { items: body, base: (i) => `/${i}`, single: false };
  if (
    body &&
    typeof body === "object" &&
    "incidents" in body &&
    Array.isArray((body as { incidents: unknown }).incidents)
  ) {
    const keys = Object.keys(body);
    if (keys.length !== 1)
      throw new ApiError(
        "TRUCE_BAD_INPUT",
        "a batch object has only the key 'incidents'",
        `/${keys.find((k) => k !== "incidents")}`,
      );
    return { items: (body as { incidents: unknown[] }).incidents, base: (i) => `/incidents/${i}`, single: false };
  }
  return { items: [body], base: () => "", single: true };
}

export const incidentRoutes: FastifyPluginAsync = async (app) => {
  const { store, feed } = app;
  const zones = () => app.zones;

  /** Publish to the live feed (every server's, feed.ts) and test the touched sectors for a rate jump. Never fails the request: the change is committed. */
  async function afterChange(incidents: Incident[], event: string, log: FastifyBaseLogger): Promise<void> {
    feed.incidents(event, incidents);
    const sectors = incidents
      .filter((i) => i.derived.zoneId && i.derived.sectorId)
      .map((i) => ({ zoneId: i.derived.zoneId as string, sectorId: i.derived.sectorId as string }));
    if (sectors.length === 0 || !app.alertOptions) return;
    try {
      const nowMs = app.clock().getTime();
      const latest = Math.min(nowMs, Math.max(...incidents.map((i) => Date.parse(i.occurredAt))));
      const alerts = await evaluateAlerts(store, latest, app.alertOptions, nowMs, sectors);
      for (const a of alerts) feed.alert(a);
    } catch (e) {
      log.error({ err: e }, "alert evaluation failed; the incidents are stored");
    }
  }

  app.post(
    "/api/incidents",
    {
      preHandler: requireRole("reporter"),
      schema: {
        tags: ["incidents"],
        summary:
          "Report incidents: one object, an array, or {incidents: [...]} (up to 1000). Idempotent by idempotencyKey.",
        body: jsonSchema(batchBody),
      },
    },
    async (req, reply) => {
      const { items, base, single } = bodyItems(req.body);
      if (items.length === 0) throw new ApiError("TRUCE_BAD_INPUT", "the batch is empty", "/incidents");
      if (items.length > MAX_BATCH)
        throw new ApiError(
          "TRUCE_BAD_INPUT",
          `a batch holds at most ${MAX_BATCH} incidents; split it`,
          base(MAX_BATCH),
        );
      const now = app.clock();
      const actor = req.actor!;
      const prepared: PreparedCreate[] = items.map((raw, i) => {
        const input = parseWith(incidentInputSchema, raw, base(i));
        return {
          incident: newIncident(input, { id: uuidv7(now.getTime()), now, actor, zones: zones() }),
          payloadHash: payloadHash(raw),
        };
      });
      let results: Awaited<ReturnType<typeof store.create>>;
      try {
        results = await store.create(prepared, actor.name);
      } catch (e) {
        if (e instanceof MonitorError && e.pointer) {
          const m = /^\/(\d+)(\/.*)$/.exec(e.pointer);
          if (m) throw new MonitorError(e.code, e.message, base(Number(m[1])) + m[2]);
        }
        throw e;
      }
      const created = results.filter((r) => r.created).map((r) => r.incident);
      if (created.length > 0) await afterChange(created, "created", req.log);
      const anyCreated = created.length > 0;
      reply.status(anyCreated ? 201 : 200);
      const reader = readerOf(req);
      // A replayed record the reader may not see comes back as its id alone.
      const out = (r: (typeof results)[number]) => ({
        ...(releaseFor(r.incident, reader) ?? { id: r.incident.id }),
        created: r.created,
      });
      if (single) return out(results[0]);
      return { created: created.length, replayed: results.length - created.length, incidents: results.map(out) };
    },
  );

  app.get(
    "/api/incidents",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["incidents"],
        summary: "List incidents, newest first, with filters and cursor paging.",
        querystring: jsonSchema(listQuerySchema),
      },
    },
    async (req) => {
      const q = parseWith(listQuerySchema, req.query, "/query");
      return releasedPage(store, toFilter(q), { limit: q.limit, cursor: q.cursor }, readerOf(req, q.tier));
    },
  );

  app.get(
    "/api/incidents/stream",
    {
      preHandler: requireRole("viewer"),
      config: { allowQueryToken: true },
      schema: {
        tags: ["incidents"],
        summary: "Live feed of created and changed incidents (Server-Sent Events), released at the token's tier.",
        querystring: jsonSchema(tierQuerySchema.extend({ access_token: z.string().optional() })),
      },
    },
    async (req, reply) => {
      const { tier } = parseWith(tierQuerySchema.extend({ access_token: z.string().optional() }), req.query, "/query");
      streamFor("incidents", req, reply, readerOf(req, tier));
    },
  );

  app.get(
    "/api/incidents/:id",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["incidents"],
        summary: "The current version of one incident, released at the token's tier.",
        params: jsonSchema(idParams),
        querystring: jsonSchema(tierQuerySchema),
      },
    },
    async (req) => {
      const { id } = parseWith(idParams, req.params, "/params");
      const { tier } = parseWith(tierQuerySchema, req.query, "/query");
      const reader = readerOf(req, tier);
      const inc = await store.get(id);
      // Withheld answers as absent: a 403 would tell that the incident exists.
      const out = inc && releaseFor(inc, reader);
      if (!out) throw notFound(id);
      return out;
    },
  );

  app.get(
    "/api/incidents/:id/history",
    {
      preHandler: requireRole("viewer"),
      schema: {
        tags: ["incidents"],
        summary: "Every revision of an incident the token may see, oldest first, released at its tier.",
        params: jsonSchema(idParams),
        querystring: jsonSchema(tierQuerySchema),
      },
    },
    async (req) => {
      const { id } = parseWith(idParams, req.params, "/params");
      const { tier } = parseWith(tierQuerySchema, req.query, "/query");
      const revisions = releaseHistory(await store.history(id), readerOf(req, tier));
      if (revisions.length === 0) throw notFound(id);
      return { id, revisions };
    },
  );

  app.patch(
    "/api/incidents/:id",
    {
      preHandler: requireRole("reporter"),
      schema: {
        tags: ["incidents"],
        summary: "Edit fields and/or change the verification status. Creates a revision; `reason` is required.",
        params: jsonSchema(idParams),
        body: jsonSchema(incidentPatchSchema),
      },
    },
    async (req) => {
      const { id } = parseWith(idParams, req.params, "/params");
      const patch = parseWith(incidentPatchSchema, req.body, "") as IncidentPatch;
      const now = app.clock();
      const [next] = await store.revise([id], ([cur]) => {
        const n = applyPatch(cur, patch, { now, actor: req.actor!, zones: zones() });
        const changes = diff(cur, n);
        const action = patch.status !== undefined && patch.status !== cur.status ? "status" : "edit";
        return [{ incident: n, action, reason: patch.reason, actor: req.actor!.name, changes }];
      });
      await afterChange([next], "updated", req.log);
      return releaseFor(next, readerOf(req)) ?? { id: next.id, rev: next.rev };
    },
  );

  app.post(
    "/api/incidents/:id/merge",
    {
      preHandler: requireRole("analyst"),
      schema: {
        tags: ["incidents"],
        summary: "Merge duplicate reports into this incident (keeps all sources; undo with unmerge).",
        params: jsonSchema(idParams),
        body: jsonSchema(mergeBody),
      },
    },
    async (req) => {
      const { id } = parseWith(idParams, req.params, "/params");
      const body = parseWith(mergeBody, req.body, "");
      if (new Set(body.duplicateIds).size !== body.duplicateIds.length)
        throw new ApiError("TRUCE_BAD_INPUT", "duplicateIds repeats an id", "/duplicateIds");
      const now = app.clock();
      const actor = req.actor!;
      const out = await store.revise([id, ...body.duplicateIds], ([primary, ...dups]) => {
        const revs = [];
        let p = primary;
        for (const d of dups) {
          const r = merge(p, d, now);
          p = r.primary;
          revs.push({
            incident: r.dup,
            action: "merged_into" as const,
            reason: body.reason,
            actor: actor.name,
            changes: diff(d, r.dup),
          });
        }
        p = { ...p, rev: primary.rev + 1 };
        revs.unshift({
          incident: p,
          action: "merge" as const,
          reason: body.reason,
          actor: actor.name,
          changes: diff(primary, p),
        });
        return revs;
      });
      await afterChange(out, "updated", req.log);
      return releaseFor(out[0], readerOf(req)) ?? { id: out[0].id, rev: out[0].rev };
    },
  );

  app.post(
    "/api/incidents/:id/unmerge",
    {
      preHandler: requireRole("analyst"),
      schema: {
        tags: ["incidents"],
        summary: "Undo the merge of one duplicate.",
        params: jsonSchema(idParams),
        body: jsonSchema(unmergeBody),
      },
    },
    async (req) => {
      const { id } = parseWith(idParams, req.params, "/params");
      const body = parseWith(unmergeBody, req.body, "");
      const now = app.clock();
      const actor = req.actor!;
      const out = await store.revise([id, body.duplicateId], ([primary, dup]) => {
        const r = unmerge(primary, dup, now);
        return [
          {
            incident: r.primary,
            action: "unmerge",
            reason: body.reason,
            actor: actor.name,
            changes: diff(primary, r.primary),
          },
          { incident: r.dup, action: "unmerged", reason: body.reason, actor: actor.name, changes: diff(dup, r.dup) },
        ];
      });
      await afterChange(out, "updated", req.log);
      return releaseFor(out[0], readerOf(req)) ?? { id: out[0].id, rev: out[0].rev };
    },
  );
};
