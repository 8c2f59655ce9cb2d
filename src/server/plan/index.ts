/**
 * The planning API as a Fastify plugin (mounted under /api/plan). Reading the bundled scenarios
 * is open; everything else needs a token with role `planner` (analysts and admins may too):
 *
 *   GET    /scenarios                     bundled scenarios, and the uploads the token may see      open
 *   POST   /scenarios  {file, text, shared?}  validate and keep an upload (400 with the CLI's message)  planner
 *   GET    /scenarios/:id                 the validated scenario (defaults applied)         open if bundled
 *   GET    /scenarios/:id/zone            the zone as GeoJSON                               open if bundled
 *   GET    /scenarios/:id/plan?veto=on|off&backstop=on|off[&lite=1]   zone, sizing, generation, patrols  open if bundled
 *   POST   /scenarios/:id/simulations     start a simulation job (worker threads)                     planner
 *   POST   /scenarios/:id/sensitivities   start a sensitivity job: the simulation tornado              planner
 *   POST   /scenarios/:id/reports         build the mission-plan report (a job)                       planner
 *   GET    /jobs/:id                      job state                                                   planner
 *   GET    /jobs/:id/events               progress and result over Server-Sent Events (?access_token=)  planner
 *   DELETE /jobs/:id                      cancel                                                      planner
 *   GET    /jobs/:id/report.html          the finished report (self-contained HTML; ?access_token=)   planner
 *   GET    /missions                      data/missions.csv as JSON, with the KFOR timeline and proposal markers  open
 *
 * An upload is private to the token name that sent it (another token gets 404, as for a missing
 * id) unless it was sent with `shared: true`; a job is always private to who started it. Running
 * jobs are capped per token and in total (429 TRUCE_BUSY). Errors come from the one registry
 * (../errors.ts). Every stage that can take long runs off the event loop: generation and patrols
 * on worker threads, simulations on the replication pool, the zone on its own worker (with a time
 * limit). Zones and plans are computed a few at a time (`maxZoneWorkers`, `planSlots`); the rest
 * wait their turn, and only past a full queue get 429 TRUCE_BUSY.
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { isInputError, type TruceInputError } from "../../errors/index.js";
import type { Zone } from "../../geo/types.js";
import { computeZoneInWorker, ZONE_TIME_LIMIT_MS } from "../../geo/worker-client.js";
import { loadPlaces } from "../../geodata/places.js";
import { roleAtLeast } from "../../monitor/incident.js";
import { DEFAULT_WHAT_IF, Planner, proposalMarkers, unwrap, type WhatIf, type ZoneFn } from "../../plan/index.js";
import { zoneFeatures } from "../../report/features.js";
import { buildReportData, renderReportHtml } from "../../report/index.js";
import { kforTimeline, type MissionRow } from "../../report/missions.js";
import { buildPlanView } from "../../report/plan.js";
import { parseMissions } from "../../sizing/missions.js";
import { requireRole } from "../auth.js";
import { ApiError } from "../errors.js";
import { JobManager, type JobOwner, TooManyJobs } from "./jobs.js";
import { bundledScenariosDir, missionsCsvPath } from "./paths.js";
import { ScenarioRegistry } from "./scenarios.js";
import { parseSensitivityRequest, parseSimulationRequest, SimulationRunner } from "./simulate.js";
import { Slots } from "./slots.js";

export interface PlanPluginOptions {
  /** Folder of bundled scenarios (default: data/scenarios in the repository). */
  scenariosDir?: string;
  /** data/missions.csv (default: the repository's). */
  missionsCsv?: string;
  /** Most jobs (simulations, sweeps, reports) running at once (default 2: this is CPU-bound work). */
  maxJobs?: number;
  /** Most jobs running at once for one token (default 1). */
  maxJobsPerToken?: number;
  /** Plans (and zones) computed at once; more wait their turn (default 2: CPU-bound work on worker threads). */
  planSlots?: number;
  /** Plan requests that may wait for a slot before more are refused with TRUCE_BUSY (default 64). */
  planQueue?: number;
  /** Worker threads shared by simulation jobs (default: up to 2). */
  simulationThreads?: number;
  /** The zone stage (default: the zone worker thread below, with its time limit, cap and queue). */
  computeZone?: ZoneFn;
  /** Longest a zone may take on its worker thread before it is refused, ms (default 30 s). */
  zoneTimeLimitMs?: number;
  /** Most zone worker threads at once; further new zones wait their turn (default 2). */
  maxZoneWorkers?: number;
  /** Time limit of each force-generation solve, s (default: the pipeline's, 20 s). */
  generationTimeLimitS?: number;
  /** New zones that may wait for a zone worker before more are refused with TRUCE_BUSY (default 64). */
  zoneQueue?: number;
}

/** OpenAPI description of a route (buildApp documents routes from their schemas; handlers validate). */
const doc = (summary: string, open = false) => ({
  schema: { tags: ["plan"], summary, ...(open ? { security: [] } : {}) },
});

function onOff(v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return !(v === "off" || v === "false" || v === "0");
}

/** A TruceInputError as the registry's 400, pointing at `pointer` and keeping where in the file and the fix. */
function badInput(e: TruceInputError, pointer: string): ApiError {
  const { problem: _problem, ...where } = e.detail;
  return new ApiError("TRUCE_BAD_INPUT", e.message, pointer, undefined, where);
}

/** A request-body field's pointer from an input error's dotted path (`sweep.to` → `/body/sweep/to`). */
const bodyPointer = (e: TruceInputError) =>
  e.detail.path && e.detail.path !== "(body)" ? `/body/${e.detail.path.replace(/\./g, "/")}` : "/body";

const planner = requireRole("planner");

/** Open job event streams allowed per token and in all. */
export const JOB_STREAMS_PER_TOKEN = 8;
export const JOB_STREAMS_TOTAL = 200;

export const planPlugin: FastifyPluginAsync<PlanPluginOptions> = async (app: FastifyInstance, opts) => {
  const registry = new ScenarioRegistry(opts.scenariosDir ?? bundledScenariosDir());
  const jobs = new JobManager({ maxRunning: opts.maxJobs ?? 2, maxPerToken: opts.maxJobsPerToken ?? 1 });
  // Zones are built on a worker thread (issue 18: a zigzag upload froze the event loop), a few at a time:
  // each may hold a core until its time limit. A refusal (too slow, too many vertices) is kept by the
  // Planner's cache, so repeating the request costs nothing; a busy queue is not.
  const zoneSlots = new Slots(opts.maxZoneWorkers ?? 2, opts.zoneQueue ?? 64, "zones");
  const zoneInWorker: ZoneFn = (scenario, signal) =>
    zoneSlots.run(() =>
      computeZoneInWorker(scenario, { signal, timeLimitMs: opts.zoneTimeLimitMs ?? ZONE_TIME_LIMIT_MS }),
    );
  // One pipeline for the server's life: its cache keeps each scenario's stages.
  const pipeline = new Planner({
    zone: opts.computeZone ?? zoneInWorker,
    generationInWorker: true,
    patrolsInWorker: true,
    generationTimeLimitS: opts.generationTimeLimitS,
  });
  const sims = new SimulationRunner(pipeline, opts.simulationThreads);
  const slots = new Slots(opts.planSlots ?? 2, opts.planQueue ?? 64);
  let missions: MissionRow[] | undefined;
  const loadMissions = () =>
    (missions ??= parseMissions("data/missions.csv", readFileSync(opts.missionsCsv ?? missionsCsvPath(), "utf8")));
  // Graceful stop: running jobs may finish (their event streams still deliver), then the rest are cancelled.
  app.addHook("preClose", async () => {
    await jobs.drain(app.shutdownGraceMs ?? 30_000);
  });
  app.addHook("onClose", async () => {
    jobs.close();
    await sims.close();
  });

  /** The token name behind a request that passed `planner` (set by the auth hook). */
  const ownerName = (req: FastifyRequest): string => (req.actor as { name: string }).name;
  const jobOwner = (req: FastifyRequest): JobOwner => ({
    tokenId: (req.token as { id: string }).id,
    name: ownerName(req),
  });

  const notFound = (id: string) =>
    new ApiError("TRUCE_NOT_FOUND", `no scenario "${id}"; GET /api/plan/scenarios lists them.`, "/params/id");

  /** A scenario the request may use: bundled ones for anyone, uploads only with a planner token that may see them. */
  const readable = async (req: FastifyRequest, reply: FastifyReply, id: string) => {
    if (!registry.isBundled(id)) await planner(req, reply);
    const s = registry.get(id, req.actor?.name);
    if (!s) throw notFound(id);
    return s;
  };
  /** A scenario a planner (already checked by the route's preHandler) may plan. */
  const plannable = (req: FastifyRequest, id: string) => {
    const s = registry.get(id, ownerName(req));
    if (!s) throw notFound(id);
    return s;
  };
  const ownJob = (req: FastifyRequest, id: string) => {
    if (!jobs.ownedBy(id, ownerName(req)))
      throw new ApiError("TRUCE_NOT_FOUND", `no job "${id}" started with this token's name.`, "/params/id");
  };
  const startJob = (req: FastifyRequest, kind: string, work: Parameters<JobManager["start"]>[1]) => {
    try {
      return jobs.start(kind, work, jobOwner(req));
    } catch (e) {
      if (e instanceof TooManyJobs) throw new ApiError("TRUCE_BUSY", e.message);
      throw e;
    }
  };
  /** The scenario's zone, or its refusal as the error it was (400 for the input, 429 when the zone queue is full). */
  const zoneOf = async (scenario: Parameters<ZoneFn>[0]): Promise<Zone> => {
    try {
      return unwrap(await pipeline.zone(scenario));
    } catch (e) {
      if (isInputError(e)) throw badInput(e, "/params/id");
      throw e;
    }
  };
  /** A request body parsed by `parse`, its first bad field as the registry's 400 pointing at it. */
  const parsedBody = <T>(parse: (body: unknown) => T, body: unknown): T => {
    try {
      return parse(body);
    } catch (e) {
      if (isInputError(e)) throw badInput(e, bodyPointer(e));
      throw e;
    }
  };
  const simulationBody = (body: unknown) => parsedBody(parseSimulationRequest, body);
  const sensitivityBody = (body: unknown) => parsedBody(parseSensitivityRequest, body);

  app.get(
    "/scenarios",
    doc("Bundled scenarios, and the uploads this token may see (its own and shared ones).", true),
    async (req) => {
      // A missing or bad token here is no error: it sees the bundled scenarios only.
      const canPlan = req.actor !== null && roleAtLeast(req.actor.role, "planner");
      return { scenarios: registry.list(canPlan ? req.actor?.name : undefined) };
    },
  );

  app.post<{ Body: { file?: unknown; text?: unknown; shared?: unknown } | undefined }>(
    "/scenarios",
    {
      preHandler: planner,
      ...doc(
        "Validate and keep an uploaded scenario: {file, text, shared?}. Private to this token's name unless `shared: true`. 400 with the CLI's message.",
      ),
    },
    async (req, reply) => {
      const body = req.body;
      const shape = 'send JSON {"file": "name.yaml", "text": "<the scenario text>", "shared": false}.';
      if (!body || typeof body !== "object") throw new ApiError("TRUCE_BAD_INPUT", shape, "/body");
      if (typeof body.text !== "string") throw new ApiError("TRUCE_BAD_INPUT", shape, "/body/text");
      if (body.file !== undefined && typeof body.file !== "string")
        throw new ApiError("TRUCE_BAD_INPUT", shape, "/body/file");
      if (body.shared !== undefined && typeof body.shared !== "boolean")
        throw new ApiError("TRUCE_BAD_INPUT", "shared must be true or false.", "/body/shared");
      try {
        const { entry } = registry.upload(
          (body.file as string | undefined) ?? "upload.yaml",
          body.text,
          ownerName(req),
          body.shared === true,
        );
        return reply.code(201).send({ scenario: entry });
      } catch (e) {
        if (isInputError(e)) throw badInput(e, "/body/text");
        throw e;
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    "/scenarios/:id",
    doc("One scenario, validated, with defaults applied (uploads: planner token).", true),
    async (req, reply) => {
      const s = await readable(req, reply, req.params.id);
      return { scenario: s.entry, data: s.scenario };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/scenarios/:id/zone",
    doc("The zone as GeoJSON: line, zone, sectors, posts, withdrawal lines (uploads: planner token).", true),
    async (req, reply) => {
      const s = await readable(req, reply, req.params.id);
      return zoneFeatures(await zoneOf(s.scenario));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { veto?: string; backstop?: string; lite?: string } }>(
    "/scenarios/:id/plan",
    doc(
      "The plan: zone, sizing, force generation (what-if: veto, backstop), patrols; lite=1 for zone and sizing (uploads: planner token).",
      true,
    ),
    async (req, reply) => {
      const s = await readable(req, reply, req.params.id);
      const whatIf: WhatIf = {
        veto: onOff(req.query.veto, DEFAULT_WHAT_IF.veto),
        backstop:
          req.query.backstop === undefined || req.query.backstop === "default"
            ? undefined
            : onOff(req.query.backstop, true),
      };
      // A zone too slow to build is refused here (400), as is one that finds the zone queue full (429).
      await zoneOf(s.scenario);
      const lite = onOff(req.query.lite, false);
      return slots.run(() =>
        buildPlanView(pipeline, s.entry.id, s.entry.file, s.scenario, whatIf, { lite, places: loadPlaces() }),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    "/scenarios/:id/simulations",
    {
      preHandler: planner,
      ...doc("Start a simulation or a sweep (a job): {replications, days, seed, troops?, sweep?}."),
    },
    async (req, reply) => {
      const s = plannable(req, req.params.id);
      const body = simulationBody(req.body);
      await zoneOf(s.scenario);
      const job = startJob(req, body.sweep ? "sweep" : "simulation", (ctx) => sims.run(s.scenario, body, ctx));
      return reply.code(202).send({ job });
    },
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    "/scenarios/:id/sensitivities",
    {
      preHandler: planner,
      ...doc(
        "Start a sensitivity job: the simulation tornado over its behavioural assumptions (11 simulations): {replications, days, seed, troops?, whatIf?: {veto, backstop?}}.",
      ),
    },
    async (req, reply) => {
      const s = plannable(req, req.params.id);
      const body = sensitivityBody(req.body);
      await zoneOf(s.scenario);
      const job = startJob(req, "sensitivity", (ctx) => sims.sensitivity(s.scenario, body, ctx));
      return reply.code(202).send({ job });
    },
  );

  // Finished reports by job id (a few, newest kept).
  const reports = new Map<string, string>();
  app.post<{ Params: { id: string }; Body: unknown }>(
    "/scenarios/:id/reports",
    { preHandler: planner, ...doc("Build the mission-plan report (a job).") },
    async (req, reply) => {
      const s = plannable(req, req.params.id);
      const body = simulationBody(req.body);
      await zoneOf(s.scenario);
      const job = startJob(req, "report", async (ctx) => {
        // On the simulation jobs' pool: the shared worker threads, or the Redis queue's workers.
        const data = await sims.withPool(ctx, (pool) =>
          buildReportData(
            s.entry.id,
            s.entry.file,
            s.scenario,
            readFileSync(opts.missionsCsv ?? missionsCsvPath(), "utf8"),
            {
              replications: body.replications ?? 40,
              sweepReplications: Math.max(3, Math.round((body.replications ?? 40) / 5)),
              days: body.days,
              seed: body.seed,
              threads: 2,
              pool,
              signal: ctx.signal,
              onProgress: (message, step, steps) => ctx.progress(step, steps, message),
              planner: pipeline,
              whatIf: body.whatIf,
            },
          ),
        );
        const html = renderReportHtml(data);
        reports.set(ctx.id, html);
        while (reports.size > 8) reports.delete(reports.keys().next().value as string);
        return { href: `/api/plan/jobs/${ctx.id}/report.html`, bytes: Buffer.byteLength(html) };
      });
      return reply.code(202).send({ job });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/jobs/:id/report.html",
    {
      preHandler: planner,
      // A link (a new tab, a download) cannot send headers: the token may come as ?access_token=.
      config: { allowQueryToken: true },
      ...doc("A finished report: one self-contained HTML file."),
    },
    async (req, reply) => {
      ownJob(req, req.params.id);
      const html = reports.get(req.params.id);
      if (!html) throw new ApiError("TRUCE_NOT_FOUND", `no finished report for job "${req.params.id}".`, "/params/id");
      return reply
        .type("text/html; charset=utf-8")
        .header("content-disposition", `inline; filename="mission-plan.html"`)
        .send(html);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/jobs/:id",
    { preHandler: planner, ...doc("A job's state, and its result when done.") },
    async (req) => {
      ownJob(req, req.params.id);
      const j = jobs.get(req.params.id);
      return { job: j, result: j?.status === "done" ? jobs.result(req.params.id) : undefined };
    },
  );

  app.delete<{ Params: { id: string } }>("/jobs/:id", { preHandler: planner, ...doc("Cancel a job.") }, async (req) => {
    ownJob(req, req.params.id);
    jobs.cancel(req.params.id);
    return { job: jobs.get(req.params.id) };
  });

  // Open job streams per token id: capped like the monitoring streams (they end when their job does).
  const openStreams = new Map<string, number>();
  const admitStream = (tokenId: string) => {
    let total = 0;
    for (const n of openStreams.values()) total += n;
    if (total >= JOB_STREAMS_TOTAL)
      throw new ApiError("TRUCE_BUSY", `the server has ${total} open job streams, its limit; retry later`);
    if ((openStreams.get(tokenId) ?? 0) >= JOB_STREAMS_PER_TOKEN)
      throw new ApiError(
        "TRUCE_BUSY",
        `this token has ${JOB_STREAMS_PER_TOKEN} open job streams, its limit; close one (one per job is enough)`,
      );
  };

  app.get<{ Params: { id: string } }>(
    "/jobs/:id/events",
    {
      preHandler: planner,
      // EventSource cannot set headers: the token may come as ?access_token=.
      config: { allowQueryToken: true },
      ...doc("A job's progress and result as Server-Sent Events."),
    },
    (req, reply) => {
      ownJob(req, req.params.id);
      const tokenId = jobOwner(req).tokenId;
      admitStream(tokenId);
      openStreams.set(tokenId, (openStreams.get(tokenId) ?? 0) + 1);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      let closed = false;
      const end = () => {
        if (closed) return;
        closed = true;
        const n = (openStreams.get(tokenId) ?? 1) - 1;
        if (n > 0) openStreams.set(tokenId, n);
        else openStreams.delete(tokenId);
        clearInterval(ping);
        unsubscribe?.();
        res.end();
      };
      const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
      const unsubscribe = jobs.subscribe(req.params.id, (e) => {
        if (closed) return;
        res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data ?? null)}\n\n`);
        if (e.event !== "progress") setImmediate(end);
      });
      req.raw.on("close", end);
    },
  );

  app.get(
    "/missions",
    doc("data/missions.csv as JSON, with the KFOR timeline and the proposals to mark.", true),
    async () => {
      const rows = loadMissions();
      return { missions: rows, kfor: kforTimeline(rows), proposals: proposalMarkers(rows) };
    },
  );
};
