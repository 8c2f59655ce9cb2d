/**
 * The planning API as a Fastify plugin (mounted under /api/plan):
 *
 *   GET    /scenarios                     bundled and uploaded scenarios
 *   POST   /scenarios  {file, text}       validate and keep an upload (400 with the CLI's message)
 *   GET    /scenarios/:id                 the validated scenario (defaults applied)
 *   GET    /scenarios/:id/zone            the zone as GeoJSON
 *   GET    /scenarios/:id/plan?veto=on|off&backstop=on|off[&lite=1]   zone, sizing, generation, patrols
 *   POST   /scenarios/:id/simulations     start a simulation job (worker threads)
 *   GET    /jobs/:id                      job state
 *   GET    /jobs/:id/events               progress and result over Server-Sent Events
 *   DELETE /jobs/:id                      cancel
 *   POST   /scenarios/:id/reports         build the mission-plan report (a job)
 *   GET    /jobs/:id/report.html          the finished report (self-contained HTML)
 *   GET    /missions                      data/missions.csv as JSON, with the KFOR timeline and proposal markers
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import { isInputError } from "../../errors/index.js";
import type { Zone } from "../../geo/types.js";
import { computeZoneInWorker, ZONE_TIME_LIMIT_MS } from "../../geo/worker-client.js";
import { DEFAULT_WHAT_IF, Planner, proposalMarkers, type WhatIf, type ZoneFn } from "../../plan/index.js";
import { zoneFeatures } from "../../report/features.js";
import { buildReportData, renderReportHtml } from "../../report/index.js";
import { kforTimeline, type MissionRow } from "../../report/missions.js";
import { buildPlanView } from "../../report/plan.js";
import { parseMissions } from "../../sizing/missions.js";
import { Slots, SlotsFull } from "../../util/slots.js";
import { JobManager, TooManyJobs } from "./jobs.js";
import { bundledScenariosDir, missionsCsvPath } from "./paths.js";
import { ScenarioRegistry } from "./scenarios.js";
import { parseSimulationRequest, SimulationRunner } from "./simulate.js";

export interface PlanPluginOptions {
  /** Folder of bundled scenarios (default: data/scenarios in the repository). */
  scenariosDir?: string;
  /** data/missions.csv (default: the repository's). */
  missionsCsv?: string;
  /** Most simulation jobs running at once (default 2: this is CPU-bound work). */
  maxJobs?: number;
  /** Worker threads shared by simulation jobs (default: up to 2). */
  simulationThreads?: number;
  /** The zone stage (default: the zone worker thread, with its time limit and cap). */
  computeZone?: ZoneFn;
  /** Longest a zone may take on its worker thread before it is refused, ms (default 30 s). */
  zoneTimeLimitMs?: number;
  /** Most zone worker threads at once; further new zones wait their turn (default 2). */
  maxZoneWorkers?: number;
  /** Most new zones waiting for a worker; beyond it a request gets 429 (default 32). */
  maxZonesWaiting?: number;
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, detail?: unknown) {
  return reply.code(status).send({ error: { code, message, detail } });
}

/** OpenAPI description of a route (buildApp documents routes from their schemas; handlers validate). */
const doc = (summary: string) => ({ schema: { tags: ["plan"], summary } });

function onOff(v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return !(v === "off" || v === "false" || v === "0");
}

export const planPlugin: FastifyPluginAsync<PlanPluginOptions> = async (app: FastifyInstance, opts) => {
  const registry = new ScenarioRegistry(opts.scenariosDir ?? bundledScenariosDir());
  const jobs = new JobManager({ maxRunning: opts.maxJobs ?? 2 });
  // One pipeline for the server's life: its cache keeps each scenario's stages.
  // The zone comes from the worker below (its cache and cap), unless the app injects its own.
  const planner = new Planner({ zone: opts.computeZone ?? ((s) => zoneInWorker(s)), generationInWorker: true });
  const sims = new SimulationRunner(planner, opts.simulationThreads);
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

  // Zones are built on a worker thread (issue 18: a zigzag upload froze the event loop), once per scenario;
  // a refusal (too slow, too many vertices) is kept too, so repeating the request costs nothing.
  const zones = new WeakMap<object, Promise<Zone>>();
  // Each zone worker may take a core for up to the time limit: cap how many run at once. A burst (the
  // Compare view plans five scenarios at once) waits its turn; a flood beyond the queue gets 429.
  const zoneSlots = new Slots(opts.maxZoneWorkers ?? 2, opts.maxZonesWaiting ?? 32);
  const zoneInWorker = (scenario: Parameters<typeof computeZoneInWorker>[0]) => {
    let z = zones.get(scenario);
    if (!z) {
      const slot = zoneSlots.acquire(); // throws SlotsFull when the queue is full
      z = slot.then((release) =>
        computeZoneInWorker(scenario, { timeLimitMs: opts.zoneTimeLimitMs ?? ZONE_TIME_LIMIT_MS }).finally(release),
      );
      zones.set(scenario, z);
      z.catch((e) => {
        if (!isInputError(e)) zones.delete(scenario);
      });
    }
    return z;
  };
  /** The zone from the worker, or undefined after sending a 400 (the zone is refused). */
  const zoneOrRefuse = async (scenario: Parameters<typeof computeZoneInWorker>[0], reply: FastifyReply) => {
    try {
      return await zoneInWorker(scenario);
    } catch (e) {
      if (e instanceof SlotsFull) {
        void sendError(reply, 429, "TRUCE_BUSY", e.message);
        return undefined;
      }
      if (isInputError(e)) {
        void sendError(reply, 400, e.code, e.message, e.detail);
        return undefined;
      }
      throw e;
    }
  };

  const find = (id: string, reply: FastifyReply) => {
    const s = registry.get(id);
    if (!s) {
      void sendError(reply, 404, "TRUCE_NOT_FOUND", `no scenario "${id}"; GET /api/plan/scenarios lists them.`);
      return undefined;
    }
    return s;
  };

  app.get("/scenarios", doc("Bundled and uploaded scenarios."), async () => ({ scenarios: registry.list() }));

  app.post<{ Body: { file?: unknown; text?: unknown } | undefined }>(
    "/scenarios",
    doc("Validate and keep an uploaded scenario: {file, text}. 400 with the CLI's message."),
    async (req, reply) => {
      const body = req.body;
      if (
        !body ||
        typeof body !== "object" ||
        typeof body.text !== "string" ||
        (body.file !== undefined && typeof body.file !== "string")
      ) {
        return sendError(
          reply,
          400,
          "TRUCE_BAD_INPUT",
          'send JSON {"file": "name.yaml", "text": "<the scenario text>"}.',
        );
      }
      try {
        const { entry } = registry.upload((body.file as string | undefined) ?? "upload.yaml", body.text);
        return reply.code(201).send({ scenario: entry });
      } catch (e) {
        if (isInputError(e)) return sendError(reply, 400, e.code, e.message, e.detail);
        throw e;
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    "/scenarios/:id",
    doc("One scenario, validated, with defaults applied."),
    async (req, reply) => {
      const s = find(req.params.id, reply);
      if (!s) return reply;
      return { scenario: s.entry, data: s.scenario };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/scenarios/:id/zone",
    doc("The zone as GeoJSON: line, zone, sectors, posts, withdrawal lines."),
    async (req, reply) => {
      const s = find(req.params.id, reply);
      if (!s) return reply;
      const zone = await zoneOrRefuse(s.scenario, reply);
      if (!zone) return reply;
      return zoneFeatures(zone);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { veto?: string; backstop?: string; lite?: string } }>(
    "/scenarios/:id/plan",
    doc("The plan: zone, sizing, force generation (what-if: veto, backstop), patrols; lite=1 for zone and sizing."),
    async (req, reply) => {
      const s = find(req.params.id, reply);
      if (!s) return reply;
      // A zone too slow to build is refused here (400), or deferred when the zone workers are busy (429).
      if (!(await zoneOrRefuse(s.scenario, reply))) return reply;
      const whatIf: WhatIf = {
        veto: onOff(req.query.veto, DEFAULT_WHAT_IF.veto),
        backstop:
          req.query.backstop === undefined || req.query.backstop === "default"
            ? undefined
            : onOff(req.query.backstop, true),
      };
      return buildPlanView(planner, s.entry.id, s.entry.file, s.scenario, whatIf, {
        lite: onOff(req.query.lite, false),
      });
    },
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    "/scenarios/:id/simulations",
    doc("Start a simulation or a sweep (a job): {replications, days, seed, troops?, sweep?}."),
    async (req, reply) => {
      const s = find(req.params.id, reply);
      if (!s) return reply;
      if (!(await zoneOrRefuse(s.scenario, reply))) return reply;
      try {
        const body = parseSimulationRequest(req.body);
        const job = jobs.start(body.sweep ? "sweep" : "simulation", (ctx) => sims.run(s.scenario, body, ctx));
        return reply.code(202).send({ job });
      } catch (e) {
        if (e instanceof TooManyJobs) return sendError(reply, 429, "TRUCE_BUSY", e.message);
        if (isInputError(e)) return sendError(reply, 400, e.code, e.message, e.detail);
        throw e;
      }
    },
  );

  // Finished reports by job id (a few, newest kept).
  const reports = new Map<string, string>();
  app.post<{ Params: { id: string }; Body: unknown }>(
    "/scenarios/:id/reports",
    doc("Build the mission-plan report (a job)."),
    async (req, reply) => {
      const s = find(req.params.id, reply);
      if (!s) return reply;
      if (!(await zoneOrRefuse(s.scenario, reply))) return reply;
      try {
        const body = parseSimulationRequest(req.body);
        const job = jobs.start("report", async (ctx) => {
          const data = await buildReportData(
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
              signal: ctx.signal,
              onProgress: (message, step, steps) => ctx.progress(step, steps, message),
              planner,
            },
          );
          const html = renderReportHtml(data);
          reports.set(ctx.id, html);
          while (reports.size > 8) reports.delete(reports.keys().next().value as string);
          return { href: `/api/plan/jobs/${ctx.id}/report.html`, bytes: Buffer.byteLength(html) };
        });
        return reply.code(202).send({ job });
      } catch (e) {
        if (e instanceof TooManyJobs) return sendError(reply, 429, "TRUCE_BUSY", e.message);
        if (isInputError(e)) return sendError(reply, 400, e.code, e.message, e.detail);
        throw e;
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    "/jobs/:id/report.html",
    doc("A finished report: one self-contained HTML file."),
    async (req, reply) => {
      const html = reports.get(req.params.id);
      if (!html) return sendError(reply, 404, "TRUCE_NOT_FOUND", `no finished report for job "${req.params.id}".`);
      return reply
        .type("text/html; charset=utf-8")
        .header("content-disposition", `inline; filename="mission-plan.html"`)
        .send(html);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/jobs/:id",
    doc("A job's state, and its result when done."),
    async (req, reply) => {
      const j = jobs.get(req.params.id);
      if (!j) return sendError(reply, 404, "TRUCE_NOT_FOUND", `no job "${req.params.id}".`);
      return { job: j, result: j.status === "done" ? jobs.result(j.id) : undefined };
    },
  );

  app.delete<{ Params: { id: string } }>("/jobs/:id", doc("Cancel a job."), async (req, reply) => {
    if (!jobs.cancel(req.params.id)) return sendError(reply, 404, "TRUCE_NOT_FOUND", `no job "${req.params.id}".`);
    return { job: jobs.get(req.params.id) };
  });

  app.get<{ Params: { id: string } }>(
    "/jobs/:id/events",
    doc("A job's progress and result as Server-Sent Events."),
    (req, reply) => {
      if (!jobs.get(req.params.id)) {
        void sendError(reply, 404, "TRUCE_NOT_FOUND", `no job "${req.params.id}".`);
        return;
      }
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
    doc("data/missions.csv as JSON, with the KFOR timeline and the proposals to mark."),
    async () => {
      const rows = loadMissions();
      return { missions: rows, kfor: kforTimeline(rows), proposals: proposalMarkers(rows) };
    },
  );
};
