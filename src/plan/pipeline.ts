/**
 * The plan pipeline: zone → sizing → generation → patrols → simulation, in that
 * order, with the links between them named in the output. The CLI, the planning
 * API and the report all call a Planner, so the same scenario, options and seed
 * give the same numbers everywhere.
 *
 * Links (docs/architecture.md):
 * - sizing → generation: without `requirements`, generation must find the scenario's
 *   stated force, else the sizing result (deployed troops; committed kept apart).
 * - generation → patrols: teams per sector from the troops generated for that sector.
 * - patrols → simulation: detection follows the patrol plan's line coverage.
 * - sizing ↔ simulation: one set of operational assumptions (src/ops) read by both.
 *
 * Each stage runs once per scenario object and what-if (scenarios are immutable once
 * validated); the cache belongs to the Planner, so a server keeps one for its life.
 * Generation, patrol and simulation code is imported on a stage's first use, so that sizing
 * alone (`truce size`) does not load HiGHS models, the patrol game or the worker pool.
 */
import { isInputError } from "../errors/index.js";
import type { GenerationResult } from "../generation/index.js";
import type { Zone } from "../geo/types.js";
import { type OperationalAssumptions, operationalAssumptions } from "../ops/assumptions.js";
import { patrolSchema } from "../patrol/schema.js";
import type { Scenario } from "../scenario/schema.js";
import type { ReplicationPool, SimResult, SimulateOptions, SweepResult } from "../sim/index.js";
import { resolveSimulationParams } from "../sim/params.js";
import { apportion } from "../sim/spec.js";
import {
  type ProposalInput,
  type ProposalRow,
  proposalFromScenario,
  type SizedProposal,
  type SizingResult,
  sizeProposal,
} from "../sizing/index.js";
import type { SensitivityProgress } from "./sensitivity.js";
import type {
  ForceLink,
  GenerationView,
  PatrolView,
  PlanLinks,
  SensitivityView,
  SimulationLinks,
  SimulationView,
  SizingView,
  Stage,
  TargetCheck,
  WhatIf,
} from "./types.js";
import { generationView, patrolView, planSectorFor, simResultView, sizingView, sweepView } from "./views.js";
import { DEFAULT_WHAT_IF, whatIfKey, whatIfOptions } from "./whatIf.js";

/** Computes the zone; the server injects one that runs off the event loop (a worker). */
export type ZoneFn = (scenario: Scenario, signal?: AbortSignal) => Promise<Zone>;

/**
 * The default zone stage: the synchronous computeZone, wrapped. Imported on first use, so that a
 * planner given a cached zone (the CLI) never loads the buffer code (jsts).
 */
export const computeZoneAsync: ZoneFn = async (scenario) => (await import("../geo/zone.js")).computeZone(scenario);

/** Sizes a proposal; the CLI injects one that reads and fills a disk cache. */
export type SizeFn = (proposal: ProposalInput) => SizedProposal | Promise<SizedProposal>;

export interface PlannerOptions {
  /** The zone stage (default: computeZone in this thread). */
  zone?: ZoneFn;
  /** The sizing of the scenario's proposal (default: sizeProposal, computed here). */
  sizing?: SizeFn;
  /** Solve force generation in a worker thread (the server, so its event loop stays free). */
  generationInWorker?: boolean;
  /** Solve the patrol game in a worker thread (the server: its HiGHS MILP otherwise runs on the event loop). */
  patrolsInWorker?: boolean;
  /** Time limit per generation solve, seconds (default 20). */
  generationTimeLimitS?: number;
}

export interface PlanStages {
  zone: Stage<Zone>;
  sizing: Stage<SizingView>;
  generation: Stage<GenerationView>;
  patrol: Stage<PatrolView>;
  links: PlanLinks;
}

export interface SimulationRequest {
  replications?: number;
  days?: number;
  seed?: number;
  /** Troops to simulate instead of the plan's force (source "request"). */
  troops?: number;
  /** Force sizes to sweep instead of one simulation. */
  sweepTroops?: readonly number[];
  threads?: number;
  pool?: ReplicationPool;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
  /** The what-if whose generated force and patrols the simulation uses (default: as stated). */
  whatIf?: WhatIf;
}

/** A sensitivity run: a simulation request around one force (no sweep), with progress over all its runs. */
export interface SensitivityRequest extends Omit<SimulationRequest, "sweepTroops" | "onProgress"> {
  onProgress?: (p: SensitivityProgress) => void;
}

export interface PlanSimulation {
  view: SimulationView;
  /** The raw result (one simulation) or sweep, for the CLI's own tables. */
  result?: SimResult;
  sweep?: SweepResult;
  links: SimulationLinks;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const UNAVAILABLE_ZONE = { status: "unavailable", reason: "the zone could not be computed." } as const;
const NOT_REQUESTED = { status: "unavailable", reason: "not requested (lite plan)." } as const;

function ok<T>(value: T): Stage<T> {
  return { status: "ok", value };
}

// The error behind a failed stage, so that an edge can rethrow it whole (a TruceInputError keeps its file and fix).
const causes = new WeakMap<object, unknown>();

async function attempt<T>(f: () => T | Promise<T>): Promise<Stage<T>> {
  try {
    return ok(await f());
  } catch (e) {
    const failed: Stage<T> = { status: "error", message: message(e) };
    causes.set(failed, e);
    return failed;
  }
}

/** A stage's value, or its error thrown as it was raised (for the CLI, which exits on it). */
export function unwrap<T>(stage: Stage<T>): T {
  if (stage.status === "ok") return stage.value;
  if (stage.status === "error") throw causes.get(stage) ?? new Error(stage.message);
  throw new Error(stage.reason);
}

/** A per-scenario, per-key memo: each stage runs once. */
class Memo<T> {
  private readonly map = new WeakMap<Scenario, Map<string, Promise<T>>>();
  forget(s: Scenario, key: string): void {
    this.map.get(s)?.delete(key);
  }

  get(s: Scenario, key: string, f: () => Promise<T>): Promise<T> {
    let m = this.map.get(s);
    if (!m) {
      m = new Map();
      this.map.set(s, m);
    }
    let p = m.get(key);
    if (!p) {
      p = f();
      m.set(key, p);
    }
    return p;
  }
}

export class Planner {
  private readonly zoneFn: ZoneFn;
  private readonly sizeFn: SizeFn;
  private readonly opts: PlannerOptions;
  private readonly zones = new Memo<Stage<Zone>>();
  private readonly ops = new Memo<Stage<OperationalAssumptions>>();
  private readonly sizings = new Memo<
    Stage<{ proposal: ProposalInput; result: SizingResult; row: ProposalRow; view: SizingView }>
  >();
  private readonly generations = new Memo<Stage<GenerationView>>();
  private readonly patrols = new Memo<{ stage: Stage<PatrolView>; link: NonNullable<PlanLinks["patrol"]> }>();

  constructor(opts: PlannerOptions = {}) {
    this.opts = opts;
    this.zoneFn = opts.zone ?? computeZoneAsync;
    this.sizeFn = opts.sizing ?? sizeProposal;
  }

  /** The zone stage. A zone refused for its input is kept as an error (not retried). */
  async zone(scenario: Scenario, signal?: AbortSignal): Promise<Stage<Zone>> {
    const z = await this.zones.get(scenario, "", () => attempt(() => this.zoneFn(scenario, signal)));
    // A cancelled zone, or one that failed for a passing reason (zone workers busy, a worker lost), is not
    // a result: the next caller computes it afresh.
    if (z.status === "error" && (signal?.aborted || !isInputError(causes.get(z)))) this.zones.forget(scenario, "");
    return z;
  }

  /** The operational assumptions shared by sizing and the simulator (src/ops). */
  operations(scenario: Scenario): Promise<Stage<OperationalAssumptions>> {
    return this.ops.get(scenario, "", async () => {
      const zone = await this.zone(scenario);
      if (zone.status !== "ok") return UNAVAILABLE_ZONE;
      return attempt(() => {
        const p = resolveSimulationParams(scenario.simulation);
        return operationalAssumptions({
          incidents: p.incidents,
          sectors: zone.value.sectors.length,
          qrfShare: p.response.qrfShare,
          restMin: p.response.restMin,
          responseTimeTargetMin: scenario.mandate.responseTimeTargetMin,
          statedIncidentsPerDay: scenario.mandate.incidentsPerDay,
        });
      });
    });
  }

  private sized(scenario: Scenario) {
    return this.sizings.get(scenario, "", async () => {
      const zone = await this.zone(scenario);
      if (zone.status !== "ok") return zone;
      const ops = await this.operations(scenario);
      return attempt(async () => {
        const p = proposalFromScenario(scenario, zone.value);
        const proposal = { ...p, inputs: { ...p.inputs, operations: ops.status === "ok" ? ops.value : undefined } };
        // row: the stated force against the recommendation, as `truce size` prints it (the web's Compare view shows it).
        const { result, row } = await this.sizeFn(proposal);
        const stated =
          row.stated.troops != null
            ? { troops: row.stated.troops, statedVsRecommended: row.statedVsRecommended, bestMatch: row.bestMatch }
            : undefined;
        return { proposal, result, row, view: { ...sizingView(result), ...(stated ? { stated } : {}) } };
      });
    });
  }

  /**
   * The sizing stage's full result, the proposal it sized (inputs with the shared assumptions) and
   * its compareProposals row (the stated force against the recommendation), for `truce size`.
   */
  async sizingResult(
    scenario: Scenario,
  ): Promise<Stage<{ proposal: ProposalInput; result: SizingResult; row: ProposalRow }>> {
    const s = await this.sized(scenario);
    return s.status === "ok" ? ok({ proposal: s.value.proposal, result: s.value.result, row: s.value.row }) : s;
  }

  /** Deployed troops sizing recommends (rounded), when sizing ran. */
  async sizedTroops(scenario: Scenario): Promise<number | undefined> {
    const s = await this.sized(scenario);
    return s.status === "ok" ? Math.round(s.value.result.recommended.troops) : undefined;
  }

  /** The sizing stage, reading the shared operational assumptions. */
  async sizing(scenario: Scenario): Promise<Stage<SizingView>> {
    const s = await this.sized(scenario);
    return s.status === "ok" ? ok(s.value.view) : s;
  }

  /** sizing → generation: the troops generation must find, and where that number came from. */
  async requiredForce(scenario: Scenario): Promise<ForceLink> {
    const sizing = await this.sizing(scenario);
    const rec = sizing.status === "ok" ? sizing.value.recommended : undefined;
    const rotation = rec?.rotationMultiplier;
    const committed = (troops: number) => (rotation ? troops * rotation : undefined);
    if (scenario.requirements?.totalTroops !== undefined) {
      const t = scenario.requirements.totalTroops;
      return link(t, "scenario", committed(t), rotation, `${fmt(t)} troops from the scenario's requirements`);
    }
    if (scenario.force?.troops !== undefined) {
      const t = scenario.force.troops;
      return link(t, "scenario", committed(t), rotation, `${fmt(t)} troops from the scenario's force`);
    }
    if (rec) {
      const t = Math.round(rec.troops);
      return link(
        t,
        "sizing",
        rec.committed,
        rotation,
        `${fmt(t)} deployed troops from sizing (${rec.method ?? "recommended"}); ${fmt(rec.committed)} committed with rotation`,
      );
    }
    return link(undefined, "scenario", undefined, undefined, "no force: the scenario states none and sizing failed");
  }

  /** The force-generation stage (a MIP on HiGHS) for a what-if. */
  generation(scenario: Scenario, w: WhatIf = DEFAULT_WHAT_IF): Promise<Stage<GenerationView>> {
    return this.generations.get(scenario, whatIfKey(scenario, w), async () => {
      if (!scenario.contributors || scenario.contributors.length === 0) {
        return {
          status: "unavailable",
          reason: "the scenario lists no contributors (add `contributors:` to generate a force).",
        };
      }
      const zone = await this.zone(scenario);
      const required = await this.requiredForce(scenario);
      // With requirements the scenario's own rules apply; otherwise require the linked force.
      const requireTroops = scenario.requirements ? undefined : required.troops;
      const options = {
        ...whatIfOptions(scenario, w),
        requireTroops,
        rotationMultiplier: required.rotationMultiplier,
        // Without requirements.sectors, generation fills the zone's sectors (by length of line).
        zoneSectors:
          zone.status === "ok" ? zone.value.sectors.map((s) => ({ id: s.id, lengthKm: s.lengthKm })) : undefined,
        timeLimitS: this.opts.generationTimeLimitS ?? 20,
      };
      return attempt(async () => {
        const { generateForce, generateForceInWorker } = await import("../generation/index.js");
        const r: GenerationResult = this.opts.generationInWorker
          ? await generateForceInWorker(scenario, options)
          : await generateForce(scenario, options);
        return generationView(r, zone.status === "ok" ? zone.value : undefined, required.troops);
      });
    });
  }

  /** The force patrols and the simulation work with: generated when generation found one, else stated, else sized. */
  async deployedForce(
    scenario: Scenario,
    w: WhatIf = DEFAULT_WHAT_IF,
  ): Promise<ForceLink & { bySector?: GenerationView["bySector"] }> {
    const g = await this.generation(scenario, w);
    const required = await this.requiredForce(scenario);
    if (g.status === "ok" && g.value.feasible && g.value.totalTroops > 0) {
      const t = g.value.totalTroops;
      return {
        ...link(
          t,
          "generation",
          required.rotationMultiplier ? t * required.rotationMultiplier : undefined,
          required.rotationMultiplier,
          `${fmt(t)} troops from force generation (${g.value.status})`,
        ),
        bySector: g.value.bySector,
      };
    }
    const why =
      g.status === "ok"
        ? " (generation found no feasible force under these rules)"
        : g.status === "error"
          ? " (generation failed)"
          : "";
    if (scenario.force?.troops !== undefined) {
      const t = scenario.force.troops;
      return link(
        t,
        "scenario",
        required.rotationMultiplier ? t * required.rotationMultiplier : undefined,
        required.rotationMultiplier,
        `${fmt(t)} troops from the scenario's force${why}`,
      );
    }
    // No stated force: the sized one (or none, said so).
    return { ...required, note: `${required.note}${why}` };
  }

  /**
   * generation → patrols: the force patrol teams come from and, when it is not the scenario's
   * own (which the patrol stage derives teams from itself), teams per zone sector.
   */
  async patrolLink(scenario: Scenario, w: WhatIf = DEFAULT_WHAT_IF): Promise<NonNullable<PlanLinks["patrol"]>> {
    const zone = unwrap(await this.zone(scenario));
    const { bySector, ...force } = await this.deployedForce(scenario, w);
    const teamsBySector =
      force.troopsSource === "scenario" ? undefined : teamsFromForce(scenario, zone, force.troops ?? 0, bySector);
    return { ...force, teamsBySector };
  }

  private patrolWith(scenario: Scenario, w: WhatIf) {
    return this.patrols.get(scenario, whatIfKey(scenario, w), async () => {
      const zone = await this.zone(scenario);
      if (zone.status !== "ok") {
        const { bySector: _b, ...force } = await this.deployedForce(scenario, w);
        return { stage: zone as Stage<PatrolView>, link: force };
      }
      const link = await this.patrolLink(scenario, w);
      const { planPatrols, planPatrolsInWorker } = await import("../patrol/index.js");
      const solve = this.opts.patrolsInWorker ? planPatrolsInWorker : planPatrols;
      const stage = await attempt(async () =>
        patrolView(await solve(scenario, zone.value, { teamsBySector: link.teamsBySector })),
      );
      return { stage, link };
    });
  }

  async patrol(scenario: Scenario, w: WhatIf = DEFAULT_WHAT_IF): Promise<Stage<PatrolView>> {
    return (await this.patrolWith(scenario, w)).stage;
  }

  /** Every stage but the simulation, with the links between them. */
  async plan(scenario: Scenario, w: WhatIf = DEFAULT_WHAT_IF, opts: { lite?: boolean } = {}): Promise<PlanStages> {
    const zone = await this.zone(scenario);
    const sizing = await this.sizing(scenario);
    const ops = await this.operations(scenario);
    const links: PlanLinks = { operations: ops.status === "ok" ? opsView(ops.value) : undefined };
    if (opts.lite) return { zone, sizing, generation: NOT_REQUESTED, patrol: NOT_REQUESTED, links };
    const generation = await this.generation(scenario, w);
    links.generation = await this.requiredForce(scenario);
    const patrol = await this.patrolWith(scenario, w);
    links.patrol = patrol.link;
    links.simulation = await this.simulationLinks(scenario, w);
    return { zone, sizing, generation, patrol: patrol.stage, links };
  }

  /** patrols → simulation: which troops the simulator gets and where detection comes from. */
  async simulationLinks(scenario: Scenario, w: WhatIf = DEFAULT_WHAT_IF, troops?: number): Promise<SimulationLinks> {
    const patrol = await this.patrolWith(scenario, w);
    const detectionSource = patrol.stage.status === "ok" ? "patrols" : "observers";
    const stated = (scenario.simulation as { troops?: number } | undefined)?.troops;
    if (troops !== undefined)
      return {
        ...link(troops, "request", undefined, undefined, `${fmt(troops)} troops as requested`),
        detectionSource,
      };
    if (stated !== undefined)
      return {
        ...link(stated, "scenario", undefined, undefined, `${fmt(stated)} troops from simulation.troops`),
        detectionSource,
      };
    const { teamsBySector: _t, ...force } = patrol.link;
    return { ...force, detectionSource };
  }

  /**
   * The simulation stage: Monte Carlo replications of the plan (or a sweep over force
   * sizes), with the patrol plan's coverage, the linked force and the shared assumptions.
   */
  async simulate(scenario: Scenario, req: SimulationRequest = {}): Promise<PlanSimulation> {
    const { zone, links, ops: opsValue, common } = await this.simulationInputs(scenario, req);
    const sizing = await this.sized(scenario);
    const { simulate, sweep } = await import("../sim/simulate.js");
    if (req.sweepTroops) {
      const sw = await sweep(scenario, zone, { ...common, troops: req.sweepTroops });
      const view: SimulationView = { ...sweepView(sw), links };
      // When the sweep holds the sized force, check it against the target sizing promised.
      const sized = sizing.status === "ok" ? Math.round(sizing.value.result.recommended.troops) : undefined;
      const point = sw.points.find((p) => p.troops === sized);
      if (sizing.status === "ok" && point && sized !== undefined)
        view.check = targetCheck(point.kpis, sized, "sizing", sizing.value.result, opsValue);
      return { view, sweep: sw, links };
    }
    const r = await simulate(scenario, zone, { ...common, troops: links.troops });
    const view: SimulationView = { ...simResultView(r), links };
    if (sizing.status === "ok")
      view.check = targetCheck(r.kpis, r.troops, links.troopsSource, sizing.value.result, opsValue);
    return { view, result: r, links };
  }

  /**
   * The simulation's sensitivity: a tornado over its behavioural assumptions (golden time, force
   * ladder, containment, detection, escalation), each moved down and up with the same seed, force
   * and replications as the base run. The one entry point for `truce simulate --sensitivity`, the
   * planning API's sensitivity jobs and the report. Runs `SensitivityView.runs` simulations;
   * progress counts replications over all of them, and the signal cancels it.
   */
  async sensitivity(scenario: Scenario, req: SensitivityRequest = {}): Promise<SensitivityView> {
    const { zone, links, common } = await this.simulationInputs(scenario, { ...req, onProgress: undefined });
    // Only the simulation section changes from run to run: the earlier stages (zone, patrol coverage,
    // linked force, shared assumptions) are the base run's, read once.
    const [{ simulate }, { simulationTornado }] = await Promise.all([
      import("../sim/simulate.js"),
      import("./sensitivity.js"),
    ]);
    return simulationTornado(
      scenario.simulation,
      (section, onProgress) =>
        simulate({ ...scenario, simulation: section }, zone, { ...common, troops: links.troops, onProgress }),
      { links, whatIf: req.whatIf ?? DEFAULT_WHAT_IF, signal: req.signal, onProgress: req.onProgress },
    );
  }

  private async simulationInputs(scenario: Scenario, req: SimulationRequest): Promise<SimulationInputs> {
    const zone = unwrap(await this.zone(scenario, req.signal));
    const w = req.whatIf ?? DEFAULT_WHAT_IF;
    const patrol = await this.patrol(scenario, w);
    const links = await this.simulationLinks(scenario, w, req.troops);
    const ops = await this.operations(scenario);
    const opsValue = ops.status === "ok" ? ops.value : undefined;
    const common = {
      coverageBySector: patrol.status === "ok" ? patrol.value.simCoverage : undefined,
      operations: opsValue,
      replications: req.replications,
      days: req.days,
      seed: req.seed,
      threads: req.threads,
      pool: req.pool,
      signal: req.signal,
      onProgress: req.onProgress,
    };
    return { zone, links, ops: opsValue, common };
  }
}

/** The inputs every simulation of a scenario reads from the earlier stages. */
interface SimulationInputs {
  zone: Zone;
  links: SimulationLinks;
  ops: OperationalAssumptions | undefined;
  common: Omit<SimulateOptions, "troops">;
}

function link(
  troops: number | undefined,
  troopsSource: ForceLink["troopsSource"],
  committedTroops: number | undefined,
  rotationMultiplier: number | undefined,
  note: string,
): ForceLink {
  return { troops, troopsSource, committedTroops, rotationMultiplier, note };
}

function opsView(o: OperationalAssumptions) {
  return {
    incidentsNeedingUnitPerDay: o.incidentsNeedingUnitPerDay,
    serviceTimeH: o.serviceTimeH,
    qrfShare: o.qrfShare,
    responseTimeTargetMin: o.responseTimeTargetMin,
    basis: o.basis,
    notes: o.notes,
  };
}

/**
 * Patrol teams per zone sector from a force: troops per sector (the generated units
 * standing there, else spread by length) plus the scenario's police and monitors spread
 * by length, × patrolShare / teamSize / shiftsPerDay (the patrol section's own rule).
 */
export function teamsFromForce(
  scenario: Scenario,
  zone: Zone,
  troops: number,
  bySector?: ReadonlyArray<{ sector: string; troops: number }>,
): Record<string, number> {
  const cfg = scenario.patrol ?? patrolSchema.parse({});
  const lengths = zone.sectors.map((s) => s.lengthKm);
  const civilians = (scenario.force?.police ?? 0) + (scenario.force?.civilianMonitors ?? 0);
  const troopsBySector = new Float64Array(zone.sectors.length);
  const placed = bySector?.filter((s) => s.troops > 0) ?? [];
  if (placed.length > 0) {
    const mapping = planSectorFor(
      placed.map((s) => s.sector),
      zone,
    );
    // A plan sector standing over several zone sectors splits its troops among them by length.
    const km = new Map<string, number>();
    zone.sectors.forEach((zs) => {
      const ps = mapping.get(zs.id);
      if (ps) km.set(ps, (km.get(ps) ?? 0) + zs.lengthKm);
    });
    const t = new Map(placed.map((s) => [s.sector, s.troops]));
    zone.sectors.forEach((zs, i) => {
      const ps = mapping.get(zs.id);
      if (ps) troopsBySector[i] = ((t.get(ps) ?? 0) * zs.lengthKm) / Math.max(km.get(ps) ?? 1, 1e-9);
    });
  } else {
    const spread = apportion(Math.round(troops), lengths);
    spread.forEach((x, i) => {
      troopsBySector[i] = x;
    });
  }
  const civ = apportion(Math.round(civilians), lengths);
  const people = zone.sectors.map((_, i) => troopsBySector[i] + civ[i]);
  const sum = people.reduce((a, b) => a + b, 0);
  const total = Math.floor((sum * cfg.patrolShare) / cfg.teamSize / cfg.shiftsPerDay);
  const teams = apportion(total, people);
  return Object.fromEntries(zone.sectors.map((s, i) => [s.id, teams[i]]));
}

/**
 * sizing ↔ simulation: does the simulated force reach incidents in time as often as
 * sizing promised (its Erlang-C service level)? One sentence with the numbers.
 */
export function targetCheck(
  kpis: Record<string, { mean: number; ci95: [number, number] }>,
  troops: number,
  troopsSource: TargetCheck["troopsSource"],
  sizing: SizingResult,
  ops: OperationalAssumptions | undefined,
): TargetCheck {
  const kpi = kpis.metInTimeShare;
  const detected = kpis.detectedShare?.mean;
  const task = sizing.estimates.find((e) => e.method === "task");
  const target = task?.assumptions.serviceLevel?.value ?? 0.9;
  const meets = kpi.ci95[1] >= target;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const sized = Math.round(sizing.recommended.troops);
  const whose =
    troopsSource === "sizing"
      ? "the sized force of"
      : troopsSource === "generation"
        ? "the generated force of"
        : "a force of";
  const context = ops
    ? ` with ${ops.incidentsNeedingUnitPerDay.toFixed(1)} incidents a day needing a unit and a ${Math.round(ops.responseTimeTargetMin)}-minute target`
    : "";
  // The one assumption the two models still hold apart: sizing's queue sets its own QRF share.
  const qrf =
    task &&
    ops &&
    task.troops > 0 &&
    task.detail.qrfTroops !== undefined &&
    Math.abs(task.detail.qrfTroops / task.troops - ops.qrfShare) > 0.005
      ? ` Sizing puts ${pct(task.detail.qrfTroops / task.troops)} of its force in quick-reaction teams; the simulator puts ${pct(ops.qrfShare)} (simulation.response.qrfShare).`
      : "";
  const head = `The simulator finds ${whose} ${fmt(troops)} troops reaches ${meets ? "" : "only "}${pct(kpi.mean)} of incidents in time (95% CI ${pct(kpi.ci95[0])}–${pct(kpi.ci95[1])}${detected !== undefined ? `; ${pct(detected)} are detected at all` : ""})`;
  const sentence = meets
    ? `${head}, consistent with the ${pct(target)} sizing aims for${context}; sizing recommends ${fmt(sized)} deployed.${qrf}`
    : `${head}, short of the ${pct(target)} sizing aims for${context}; sizing recommends ${fmt(sized)} deployed. ${troopsSource === "sizing" ? "The sized force misses the target." : "This force misses the target."}${qrf}`;
  return {
    troops,
    troopsSource,
    metInTimeShare: kpi.mean,
    metInTimeCi95: kpi.ci95,
    targetShare: target,
    meets,
    sentence,
  };
}
