/**
 * Simulation jobs for the planner: the simulation stage (src/sim) run on a shared
 * pool of worker threads, so the server's event loop stays free; progress and
 * cancellation go through the job's context.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { TruceInputError } from "../../errors/index.js";
import { logSteps, patrolOf, zoneOf } from "../../report/plan.js";
import { simResultView, sweepView } from "../../report/simulationView.js";
import type { SimulationView } from "../../report/types.js";
import { BOUNDS, boundedInt, boundedNumber } from "../../scenario/bounds.js";
import type { Scenario } from "../../scenario/schema.js";
import { createPool, type ReplicationPool, simulate, sweep } from "../../sim/index.js";
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
});
export type SimulationRequest = z.input<typeof simulationRequestSchema>;

/** Parse a request body; a bad field is a TruceInputError naming it. */
export function parseSimulationRequest(body: unknown): z.output<typeof simulationRequestSchema> {
  const r = simulationRequestSchema.safeParse(body ?? {});
  if (r.success) {
    if (r.data.sweep && r.data.sweep.to <= r.data.sweep.from) {
      throw new TruceInputError({
        path: "sweep.to",
        problem: `${r.data.sweep.to} is not above sweep.from (${r.data.sweep.from}).`,
        fix: "Give a range from low to high troops.",
      });
    }
    return r.data;
  }
  const issue = r.error.issues[0];
  throw new TruceInputError({
    path: issue.path.map(String).join(".") || "(body)",
    problem: issue.message,
    fix: "Send {replications, days, seed, troops?, sweep?: {from, to, steps}}.",
  });
}

export { simResultView, sweepView };

/** One replication pool for the server's simulation jobs, made on first use. */
export class SimulationRunner {
  private pool: ReplicationPool | undefined;
  private readonly threads: number;

  constructor(threads = Math.max(1, Math.min(2, availableParallelism()))) {
    this.threads = threads;
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
    const zone = zoneOf(scenario);
    if (zone.status !== "ok") throw new Error(zone.status === "error" ? zone.message : zone.reason);
    const patrol = await patrolOf(scenario);
    const common = {
      coverageBySector: patrol.status === "ok" ? patrol.value.simCoverage : undefined,
      replications: req.replications,
      days: req.days,
      seed: req.seed,
      pool: this.getPool(),
      signal: ctx.signal,
      onProgress: (p: { done: number; total: number }) => ctx.progress(p.done, p.total),
    };
    if (req.sweep) {
      const troops = logSteps(req.sweep.from, req.sweep.to, req.sweep.steps);
      return sweepView(await sweep(scenario, zone.value, { ...common, troops }));
    }
    return simResultView(await simulate(scenario, zone.value, { ...common, troops: req.troops }));
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    await p?.destroy();
  }
}
