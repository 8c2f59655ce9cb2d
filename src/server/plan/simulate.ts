/**
 * Simulation jobs for the planner: the simulation stage (src/sim), and its sensitivity
 * tornado, run on a shared pool of worker threads, so the server's event loop stays
 * free; progress and cancellation go through the job's context.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { TruceInputError } from "../../errors/index.js";
import {
  type Planner,
  type SensitivityView,
  type SimulationView,
  simResultView,
  sweepView,
  troopSweep,
} from "../../plan/index.js";
import { createQueuePool } from "../../queue/index.js";
import { BOUNDS, boundedInt, boundedNumber } from "../../scenario/bounds.js";
import type { Scenario } from "../../scenario/schema.js";
import { createPool, type ReplicationPool } from "../../sim/index.js";
import type { JobContext } from "./jobs.js";

export const simulationRequestSchema = z.strictObject({
  replications: boundedInt(BOUNDS.apiReplications)
    .min(1)
    .optional()
    .describe("Replications (default: the scenario's, else 200)."),
  days: boundedNumber(BOUNDS.days).positive().optional().describe("Days simulated per replication."),
  seed: boundedInt(BOUNDS.seed).optional(),
  troops: boundedInt(BOUNDS.troops)
    .positive()
    .optional()
    .describe("Troops to simulate instead of the scenario's force."),
  sweep: z
    .strictObject({
      from: boundedInt(BOUNDS.troops).positive(),
      to: boundedInt(BOUNDS.troops).positive(),
      steps: boundedInt(BOUNDS.apiSweepSteps).min(2).default(8),
    })
    .optional()
    .describe("KPI-versus-troops sweep: `steps` force sizes spaced evenly on a log scale from `from` to `to`."),
  whatIf: z
    .strictObject({
      veto: z.boolean().default(true).describe("The parties' vetoes on contributors apply (default true)."),
      backstop: z.boolean().optional().describe("Backstops present or absent (default: as the scenario states)."),
    })
    .optional()
    .describe(
      "The plan's what-if toggles: they choose the generated force and patrols the simulation reads (default: as stated).",
    ),
});
export type SimulationRequest = z.input<typeof simulationRequestSchema>;

/**
 * A sensitivity job: the simulation tornado around one force (no sweep), with the plan's what-if
 * toggles (they choose the generated force and patrols the simulation reads). Same bounds as a
 * simulation; it runs `runs` (11) simulations of `replications` each.
 */
export const sensitivityRequestSchema = simulationRequestSchema.omit({ sweep: true });
export type SensitivityRequest = z.input<typeof sensitivityRequestSchema>;

/** Parse a body against `schema`; the first bad field is a TruceInputError naming it, with `fix`. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown, fix: string): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new TruceInputError({ path: issue.path.map(String).join(".") || "(body)", problem: issue.message, fix });
}

/** Parse a request body; a bad field is a TruceInputError naming it. */
export function parseSimulationRequest(body: unknown): z.output<typeof simulationRequestSchema> {
  const data = parseBody(
    simulationRequestSchema,
    body,
    "Send {replications, days, seed, troops?, sweep?: {from, to, steps}, whatIf?: {veto, backstop?}}.",
  );
  if (data.sweep && data.sweep.to <= data.sweep.from) {
    throw new TruceInputError({
      path: "sweep.to",
      problem: `${data.sweep.to} is not above sweep.from (${data.sweep.from}).`,
      fix: "Give a range from low to high troops.",
    });
  }
  return data;
}

/** Parse a sensitivity request body; a bad field is a TruceInputError naming it. */
export function parseSensitivityRequest(body: unknown): z.output<typeof sensitivityRequestSchema> {
  return parseBody(
    sensitivityRequestSchema,
    body,
    "Send {replications, days, seed, troops?, whatIf?: {veto, backstop?}} (a sensitivity runs around one force: no sweep).",
  );
}

export { simResultView, sweepView };

/**
 * One replication pool for the server's simulation jobs, made on first use; with a Redis URL
 * (default: REDIS_URL) each job's replications go to the `truce worker` fleet instead, through a
 * queue pool of its own (one run id per job: cancelling one job drops only its chunks).
 */
export class SimulationRunner {
  private pool: ReplicationPool | undefined;
  private readonly threads: number;
  private readonly planner: Planner;
  private readonly redisUrl: string | undefined;

  constructor(
    planner: Planner,
    threads = Math.max(1, Math.min(2, availableParallelism())),
    redisUrl = process.env.REDIS_URL || undefined,
  ) {
    this.planner = planner;
    this.threads = threads;
    this.redisUrl = redisUrl;
  }

  private getPool(): ReplicationPool | undefined {
    if (this.threads <= 1) return undefined;
    this.pool ??= createPool(this.threads);
    return this.pool;
  }

  async run(
    scenario: Scenario,
    req: z.output<typeof simulationRequestSchema>,
    ctx: JobContext,
  ): Promise<SimulationView> {
    return this.withPool(ctx, (pool) => this.simulate(scenario, req, ctx, pool));
  }

  /** The simulation tornado (`Planner.sensitivity`) on the same pool; progress over all its runs. */
  async sensitivity(
    scenario: Scenario,
    req: z.output<typeof sensitivityRequestSchema>,
    ctx: JobContext,
  ): Promise<SensitivityView> {
    return this.withPool(ctx, (pool) =>
      // The pipeline's tornado: the same call as `truce simulate --sensitivity` and the report.
      this.planner.sensitivity(scenario, {
        replications: req.replications,
        days: req.days,
        seed: req.seed,
        troops: req.troops,
        whatIf: req.whatIf,
        pool,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p.done, p.total, p.message),
      }),
    );
  }

  /**
   * Run `work` on this job's pool: the job's own queue pool with a Redis URL, else the shared
   * worker threads. Simulation, sensitivity and report jobs all go through here.
   */
  async withPool<T>(ctx: JobContext, work: (pool: ReplicationPool | undefined) => Promise<T>): Promise<T> {
    const queued = this.redisUrl ? await createQueuePool(this.redisUrl, { runId: ctx.id }) : undefined;
    try {
      return await work(queued ?? this.getPool());
    } finally {
      await queued?.destroy();
    }
  }

  private async simulate(
    scenario: Scenario,
    req: z.output<typeof simulationRequestSchema>,
    ctx: JobContext,
    pool: ReplicationPool | undefined,
  ): Promise<SimulationView> {
    // The pipeline's simulation stage: the same call as `truce simulate` and the report.
    const r = await this.planner.simulate(scenario, {
      replications: req.replications,
      days: req.days,
      seed: req.seed,
      troops: req.troops,
      whatIf: req.whatIf,
      sweepTroops: req.sweep ? troopSweep(req.sweep) : undefined,
      pool,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p.done, p.total),
    });
    return r.view;
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    await p?.destroy();
  }
}
