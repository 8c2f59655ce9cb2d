/**
 * `planPatrols(scenario, zone, options)`: the patrol stage. Builds the game from the
 * scenario, solves it (ORIGAMI for one-target schedules, the ERASER MILP for routes),
 * compares it with the uniform and value-proportional plans, and optionally samples
 * daily schedules. Pure apart from the HiGHS solve (WebAssembly, in process).
 */
import { TruceInputError } from "../errors/index.js";
import type { Zone } from "../geo/types.js";
import type { Scenario } from "../scenario/schema.js";
import { type BaselinePlan, proportionalPlan, uniformPlan } from "./baselines.js";
import { induceEraser, solveEraser } from "./eraser.js";
import type { SecurityGame } from "./game.js";
import { induceBestResponse, type SolveResult, solveOrigami, spendSpareTeams } from "./origami.js";
import { type RobustValue, robustWorstCase } from "./robust.js";
import { type Assignment, sampleSchedules } from "./sample.js";
import { patrolSchema } from "./schema.js";
import { buildPatrolGame, type PatrolTarget, type SectorTeams } from "./targets.js";

export interface PatrolOptions {
  /** Days of schedules to sample (0 = none; default 0). */
  days?: number;
  /** Seed for the schedules (default: patrol.seed from the scenario). */
  seed?: number;
  /** Force a solver (default: patrol.solver from the scenario). */
  solver?: "auto" | "origami" | "eraser";
  /**
   * Teams per sector per shift from another stage (the plan pipeline: from the units generated
   * for each sector). Used only where the scenario's patrol section states no teams; capped at
   * what fits without two teams on the same ground.
   */
  teamsBySector?: Record<string, number>;
}

export interface SectorCoverage extends SectorTeams {
  /** Expected teams out on schedules per shift (the rest are in reserve). */
  teamsDeployed: number;
  /** Length-weighted coverage of the sector's line: the expected share of its km under patrol in a shift. */
  lineCoverage: number;
  /** Mean coverage of its sites (NaN if none). */
  siteCoverage: number;
  /** Lowest coverage of any of its targets. */
  minCoverage: number;
}

export interface PlanSummary {
  /** The defender's equilibrium (SSE) utility: the attacker best-responds, ties in the force's favour. */
  defenderUtility: number;
  /** The deployed coverage's utility against the attacker's exact best response (SSE minus the inducement cost). */
  defenderDeployed?: number;
  /** The deployed coverage's utility if the attacker breaks any remaining ties against the force. */
  defenderWorstCase: number;
  attackerBestResponse: { target: string; attackerUtility: number };
}

export interface PatrolPlan {
  solver: SolveResult["solver"];
  game: SecurityGame;
  targets: PatrolTarget[];
  /** Coverage probability per target (index order of `targets`). */
  coverage: Float64Array;
  /** Expected teams per schedule, per sector (the game's pools). */
  schedules: Float64Array[];
  sectors: SectorCoverage[];
  result: SolveResult;
  summary: PlanSummary;
  baselines: { uniform: BaselinePlan; proportional: BaselinePlan };
  shiftsPerDay: number;
  seed: number;
  /** Sampled assignments (when options.days > 0). */
  assignments?: Assignment[];
  /** The force's worst case when the attacker's payoffs are known only to ± payoffUncertainty. */
  robustness: { payoffUncertainty: number; plan: RobustValue; uniform: RobustValue; proportional: RobustValue };
  assumptions: string[];
  solveTimeMs: number;
}

function summarize(
  g: SecurityGame,
  r: { target: number; attackerUtility: number; defenderUtility: number; defenderWorstCase: number },
): PlanSummary {
  return {
    defenderUtility: r.defenderUtility,
    defenderWorstCase: r.defenderWorstCase,
    attackerBestResponse: { target: g.targets[r.target], attackerUtility: r.attackerUtility },
  };
}

/** Per-sector coverage figures for a coverage vector (used for the plan and for the simulator). */
export function sectorCoverage(
  targets: PatrolTarget[],
  sectors: SectorTeams[],
  coverage: ArrayLike<number>,
  schedules: Float64Array[],
): SectorCoverage[] {
  return sectors.map((s, p) => {
    let km = 0;
    let covKm = 0;
    let siteSum = 0;
    let sites = 0;
    let min = 1;
    targets.forEach((t, i) => {
      if (t.sectorId !== s.sectorId) return;
      min = Math.min(min, coverage[i]);
      if (t.kind === "segment") {
        km += t.lengthKm ?? 0;
        covKm += (t.lengthKm ?? 0) * coverage[i];
      } else {
        siteSum += coverage[i];
        sites++;
      }
    });
    const deployed = (schedules[p] ?? new Float64Array()).reduce((a, b) => a + b, 0);
    return {
      ...s,
      teamsDeployed: deployed,
      lineCoverage: km > 0 ? covKm / km : 0,
      siteCoverage: sites > 0 ? siteSum / sites : Number.NaN,
      minCoverage: min,
    };
  });
}

/**
 * Plan randomised patrols for a scenario.
 * @param scenario a validated scenario (loadScenarioFile)
 * @param zone computeZone(scenario)
 * @example const plan = await planPatrols(scenario, computeZone(scenario), { days: 7 });
 *          plan.summary.defenderUtility > plan.baselines.uniform.defenderUtility
 */
export async function planPatrols(scenario: Scenario, zone: Zone, options: PatrolOptions = {}): Promise<PatrolPlan> {
  const linked =
    options.teamsBySector && scenario.patrol?.teams === undefined && scenario.patrol?.teamsPerSector === undefined;
  // Linked teams replace the derivation from the scenario's force: build with none, then set them.
  const built = linked
    ? buildPatrolGame(
        { ...scenario, patrol: { ...(scenario.patrol ?? patrolSchema.parse({})), teamsPerSector: 0 } },
        zone,
      )
    : buildPatrolGame(scenario, zone);
  const { game, targets, config } = built;
  const assumptions = [...built.assumptions];
  if (linked && options.teamsBySector) {
    game.pools.forEach((pool, s) => {
      const want = Math.max(0, Math.floor(options.teamsBySector?.[pool.id] ?? 0));
      const teams = Math.min(want, built.sectors[s].maxTeams);
      if (teams < want)
        assumptions.push(
          `${pool.id}: ${want} teams from the plan capped at ${teams}, the most that fit without two on the same ground.`,
        );
      pool.teams = teams;
      built.sectors[s].teams = teams;
    });
  }
  const solverChoice = options.solver ?? config.solver;
  const singleton = game.pools.every((p) => p.schedules.every((s) => s.length === 1));
  let result: SolveResult;
  let equilibrium: SolveResult;
  if (solverChoice === "origami" || (solverChoice === "auto" && singleton)) {
    if (!singleton) {
      throw new TruceInputError({
        path: "patrol.solver",
        problem: `ORIGAMI needs one-target schedules, but patrol.routeSegments is ${config.routeSegments}.`,
        fix: "Set patrol.solver to auto or eraser, or routeSegments to 1.",
      });
    }
    equilibrium = solveOrigami(game);
    const spent = spendSpareTeams(game, equilibrium);
    // Induce the favourable tie-break only where ties could still cost the force something.
    const tol = 1e-9 * Math.max(1, Math.abs(spent.defenderUtility));
    result =
      spent.defenderWorstCase < spent.defenderUtility - tol
        ? induceBestResponse(game, spent, config.inducementMargin)
        : spent;
  } else {
    const r = await solveEraser(game, { timeLimitS: config.timeLimitS });
    if (r.status !== "optimal")
      assumptions.push(`ERASER stopped at the time limit (${config.timeLimitS} s); the plan is the best found.`);
    equilibrium = r;
    const tol = 1e-9 * Math.max(1, Math.abs(r.defenderUtility));
    result =
      r.defenderWorstCase < r.defenderUtility - tol
        ? await induceEraser(game, r, config.inducementMargin, config.timeLimitS)
        : r;
  }
  const seed = options.seed ?? config.seed;
  const days = options.days ?? 0;
  const baselines = { uniform: uniformPlan(game), proportional: proportionalPlan(game) };
  const assignments =
    days > 0 ? sampleSchedules(game, result.schedules, { days, shiftsPerDay: config.shiftsPerDay, seed }) : undefined;
  return {
    solver: result.solver,
    game,
    targets,
    coverage: result.coverage,
    schedules: result.schedules,
    sectors: sectorCoverage(targets, built.sectors, result.coverage, result.schedules),
    result,
    summary: {
      ...summarize(game, result),
      defenderUtility: equilibrium.defenderUtility,
      defenderDeployed: result.defenderUtility,
    },
    baselines,
    robustness: {
      payoffUncertainty: config.payoffUncertainty,
      plan: robustWorstCase(game, result.coverage, config.payoffUncertainty),
      uniform: robustWorstCase(game, baselines.uniform.coverage, config.payoffUncertainty),
      proportional: robustWorstCase(game, baselines.proportional.coverage, config.payoffUncertainty),
    },
    shiftsPerDay: config.shiftsPerDay,
    seed,
    assignments,
    assumptions,
    solveTimeMs: result.timeMs,
  };
}

/** The plan as the `truce patrol --json` document. */
export function planToJson(plan: PatrolPlan) {
  const base = (b: BaselinePlan) => ({
    ...summarize(plan.game, b),
    margin: plan.summary.defenderUtility - b.defenderUtility,
    marginWorstCase: plan.summary.defenderWorstCase - b.defenderWorstCase,
  });
  return {
    solver: plan.solver,
    targets: plan.targets.length,
    coverage: plan.targets.map((t, i) => ({
      target: t.id,
      probability: plan.coverage[i],
      kind: t.kind,
      type: t.type,
      name: t.name,
      sector: t.sectorId,
      lon: t.lon,
      lat: t.lat,
      travelTimeH: t.travelTimeH,
      inReach: t.inReach,
    })),
    attackerBestResponse: plan.summary.attackerBestResponse,
    defenderUtility: plan.summary.defenderUtility,
    defenderDeployed: plan.summary.defenderDeployed,
    defenderWorstCase: plan.summary.defenderWorstCase,
    baselines: { uniform: base(plan.baselines.uniform), proportional: base(plan.baselines.proportional) },
    robustness: plan.robustness,
    sectors: plan.sectors.map((s) => ({ ...s, siteCoverage: Number.isNaN(s.siteCoverage) ? null : s.siteCoverage })),
    shiftsPerDay: plan.shiftsPerDay,
    seed: plan.seed,
    assumptions: plan.assumptions,
    ...(plan.assignments ? { schedule: scheduleRows(plan) } : {}),
  };
}

export interface ScheduleRow {
  day: number;
  shift: number;
  sector: string;
  team: number;
  kind: "route" | "site" | "reserve";
  schedule: string;
  targets: string[];
}

/** Sampled assignments as flat rows (for tables, CSV and JSON). */
export function scheduleRows(plan: PatrolPlan): ScheduleRow[] {
  return (plan.assignments ?? []).map((a) => {
    const pool = plan.game.pools[a.pool];
    if (a.schedule < 0) {
      return {
        day: a.day,
        shift: a.shift,
        sector: pool.id,
        team: a.team,
        kind: "reserve",
        schedule: "reserve",
        targets: [],
      };
    }
    const s = pool.schedules[a.schedule];
    const site = s.length === 1 && plan.targets[s[0]].kind === "site";
    return {
      day: a.day,
      shift: a.shift,
      sector: pool.id,
      team: a.team,
      kind: site ? "site" : "route",
      schedule: pool.scheduleIds?.[a.schedule] ?? `${pool.id}#${a.schedule}`,
      targets: s.map((t) => plan.targets[t].id),
    };
  });
}

/**
 * Per-sector input for the operations simulator (`coverageBySector` in src/sim): the chance
 * that a random incident is under a patrol's eyes. The simulator places incidents uniformly
 * along each sector's line, so this is the length-weighted coverage of the sector's segments
 * (not the coverage of the attacker's best target, which `simCoverageBySector` gives).
 */
export function lineCoverageBySector(plan: PatrolPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of plan.sectors) out[s.sectorId] = Math.min(1, Math.max(0, s.lineCoverage));
  return out;
}
