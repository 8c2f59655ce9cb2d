/**
 * Force generation: who provides which units where, under the parties' vetoes,
 * the contributors' conditions and the mission's policy, and, when no force
 * fits, why not.
 */
import type { Highs } from "highs";
import { loadHighs, type SolveOptions, type SolveProgress } from "../solver/highs.js";
import { checkPlan, shortfalls } from "./check.js";
import { assumptions, explainText, fmt, summarise } from "./explain.js";
import { type BuiltModel, buildModel, type ConstraintGroup, type Objective } from "./model.js";
import { buildProblem, nationCapacity, type Problem, vetoTargets, type WhatIf } from "./problem.js";
import type {
  Allocation,
  Binding,
  Exclusion,
  GenerationResult,
  Infeasibility,
  NationTotal,
  SectorTotal,
  Unmet,
} from "./result.js";
import type { GenerationInput } from "./schema.js";
import { solveModel } from "./solve.js";

export interface GenerateOptions extends WhatIf {
  /** What to optimise. Default "cost". */
  objective?: Objective;
  /** Wall-clock limit per solve, seconds. Default 30. */
  timeLimitS?: number;
  /** Relative MIP gap. Default 1e-4. */
  mipRelGap?: number;
  /** Explain infeasibility (extra solves). Default true. */
  explain?: boolean;
  onProgress?: (p: GenerationProgress) => void;
}

export interface GenerationProgress extends SolveProgress {
  phase: "plan" | "largest force" | "relaxation";
}

/** Generate a force for a scenario (validated, with contributors resolved). Loads HiGHS on first use. */
export async function generateForce(input: GenerationInput, options: GenerateOptions = {}): Promise<GenerationResult> {
  return generateForceWith(await loadHighs(), input, options);
}

/** The synchronous core, given a loaded HiGHS runtime. */
export function generateForceWith(
  highs: Highs,
  input: GenerationInput,
  options: GenerateOptions = {},
): GenerationResult {
  const problem = buildProblem(input, options);
  const objective = options.objective ?? "cost";
  const timeLimitS = options.timeLimitS ?? 30;
  const mipRelGap = options.mipRelGap ?? 1e-4;
  const solveOpts = (phase: GenerationProgress["phase"]): SolveOptions => ({
    timeLimitS,
    mipRelGap,
    onProgress: options.onProgress ? (p) => options.onProgress?.({ ...p, phase }) : undefined,
  });
  const model = buildModel(problem, objective, "plan");
  const out = solveModel(highs, model, solveOpts("plan"));
  const whatIf: WhatIf = {
    withoutVeto: options.withoutVeto,
    backstops: options.backstops,
    requireTroops: options.requireTroops,
  };
  const base = {
    objective,
    options: { timeLimitS, mipRelGap, whatIf },
    assumptions: assumptions(problem, input),
  };

  if (out.hasSolution && out.colValue) {
    const units = placement(model, problem, out.colValue);
    const check = checkPlan(problem, units);
    if (check.violations.length > 0) {
      throw new Error(`solver plan breaks the rules (a bug): ${check.violations.slice(0, 3).join("; ")}`);
    }
    const tables = tabulate(problem, units);
    const unmet: Unmet[] = shortfalls(problem, check).map(([i, short]) => {
      const r = problem.requirements[i];
      return {
        requirement: r.id,
        text: r.text,
        measure: r.measure,
        required: r.amount,
        provided: check.provided[i],
        shortfall: short,
      };
    });
    const binding = findBinding(problem, model, units, check.provided);
    const status = out.status === "optimal" ? "optimal" : "feasible";
    return {
      feasible: unmet.length === 0,
      status,
      objectiveValue: out.objective,
      mipGap: out.mipGap,
      solveTimeS: out.timeS,
      ...tables,
      unmet,
      binding,
      explanation: summarise(problem, tables, unmet, status, out.mipGap, timeLimitS),
      ...base,
    };
  }

  const empty = { allocations: [], byNation: [], bySector: [], totalTroops: 0, costPerYear: 0 };
  if (out.status !== "infeasible") {
    return {
      feasible: false,
      status: "unknown",
      objectiveValue: Number.NaN,
      mipGap: Number.POSITIVE_INFINITY,
      solveTimeS: out.timeS,
      ...empty,
      unmet: [],
      binding: [],
      explanation: `No plan found within the time limit of ${timeLimitS} s, and infeasibility was not proved. Raise the limit (--time-limit) or simplify the requirements.`,
      ...base,
    };
  }
  let time = out.timeS;
  const infeasibility =
    options.explain === false
      ? undefined
      : explainInfeasibility(highs, problem, solveOpts, (t) => {
          time += t;
        });
  return {
    feasible: false,
    status: "infeasible",
    objectiveValue: Number.NaN,
    mipGap: Number.POSITIVE_INFINITY,
    solveTimeS: time,
    ...empty,
    unmet: problem.requirements.map((r) => ({
      requirement: r.id,
      text: r.text,
      measure: r.measure,
      required: r.amount,
      provided: 0,
      shortfall: r.amount,
    })),
    binding: (infeasibility?.relax ?? []).map((g) => ({ id: g.id, kind: g.kind, text: g.text })),
    explanation: infeasibility ? explainText(problem, infeasibility) : "No force satisfies the requirements and rules.",
    infeasibility,
    ...base,
  };
}

/** Round the solver's x values to whole units, in the checker's layout. */
function placement(model: BuiltModel, problem: Problem, col: Float64Array): Int32Array {
  const S = model.sectors;
  const units = new Int32Array(problem.pledges.length * S);
  for (let i = 0; i < units.length; i++) units[i] = Math.round(col[model.xStart + i]);
  return units;
}

function tabulate(problem: Problem, units: Int32Array) {
  const S = problem.sectors.length;
  const allocations: Allocation[] = [];
  const nationTroops = new Float64Array(problem.nations.length);
  const nationUnits = new Float64Array(problem.nations.length);
  const nationCost = new Float64Array(problem.nations.length);
  const nationSectors = problem.nations.map(() => new Set<string>());
  const sectorTroops = new Float64Array(S);
  const sectorNations = problem.sectors.map(() => new Map<number, number>());
  let total = 0;
  let cost = 0;
  problem.pledges.forEach((pl, p) => {
    for (let s = 0; s < S; s++) {
      const u = units[p * S + s];
      if (u === 0) continue;
      const troops = u * pl.troopsPerUnit;
      allocations.push({
        nation: problem.nations[pl.nation].id,
        capability: pl.capability,
        sector: problem.sectors[s].id,
        units: u,
        troops,
      });
      nationTroops[pl.nation] += troops;
      nationUnits[pl.nation] += u;
      nationCost[pl.nation] += u * pl.costPerUnitYear;
      nationSectors[pl.nation].add(problem.sectors[s].id);
      sectorTroops[s] += troops;
      const m = sectorNations[s];
      m.set(pl.nation, (m.get(pl.nation) ?? 0) + troops);
      total += troops;
      cost += u * pl.costPerUnitYear;
    }
  });
  const byNation: NationTotal[] = [];
  problem.nations.forEach((n, i) => {
    if (nationUnits[i] === 0) return;
    byNation.push({
      nation: n.id,
      name: n.name,
      troops: nationTroops[i],
      units: nationUnits[i],
      share: total > 0 ? nationTroops[i] / total : 0,
      costPerYear: nationCost[i],
      sectors: [...nationSectors[i]],
    });
  });
  byNation.sort((a, b) => b.troops - a.troops || a.nation.localeCompare(b.nation));
  const bySector: SectorTotal[] = problem.sectors.map((sec, s) => {
    const entries = [...sectorNations[s].entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const declared = problem.leads.find((l) => l.sector === s)?.nation;
    return {
      sector: sec.id,
      troops: sectorTroops[s],
      nations: entries.map(([n]) => problem.nations[n].id),
      lead: declared ?? (entries.length > 0 ? problem.nations[entries[0][0]].id : undefined),
    };
  });
  return { allocations, byNation, bySector, totalTroops: total, costPerYear: cost };
}

/** Rules that shape the plan: vetoes and absent backstops that exclude pledges, caps that are reached. */
function findBinding(problem: Problem, model: BuiltModel, units: Int32Array, provided: number[]): Binding[] {
  const out: Binding[] = [];
  const S = problem.sectors.length;
  const groupText = new Map(model.groups.map((g) => [g.id, g]));
  for (const ex of exclusions(problem)) {
    if (ex.troops > 0) out.push({ id: ex.id, kind: groupText.get(ex.id)?.kind ?? "rule", text: ex.text });
  }
  let total = 0;
  const nationTroops = new Float64Array(problem.nations.length);
  problem.pledges.forEach((pl, p) => {
    for (let s = 0; s < S; s++) {
      nationTroops[pl.nation] += units[p * S + s] * pl.troopsPerUnit;
      total += units[p * S + s] * pl.troopsPerUnit;
    }
  });
  problem.nations.forEach((n, i) => {
    const share = n.maxShare ?? problem.maxShareOfForce;
    const smallest = Math.min(...n.pledges.map((p) => problem.pledges[p].troopsPerUnit));
    if (share !== undefined && nationTroops[i] > 0 && nationTroops[i] + smallest > share * total) {
      out.push({
        id: `max-share:${n.id}`,
        kind: "max-share",
        text: `${n.name} is at its cap of ${Math.round(share * 100)}% of the force`,
      });
    }
    const cap = nationCapacity(problem, i);
    if (cap > 0 && nationTroops[i] >= cap) {
      out.push({ id: `pledge:${n.id}`, kind: "pledge", text: `${n.name} sends all it pledged (${fmt(cap)} troops)` });
    }
  });
  problem.requirements.forEach((r, i) => {
    if (provided[i] === r.amount)
      out.push({ id: `requirement:${r.id}`, kind: "requirement", text: `${r.text}: met exactly` });
  });
  return out;
}

/** Nations ruled out before any optimisation: vetoes of parties whose consent is required, neighbours, absent backstops. */
function exclusions(problem: Problem): Exclusion[] {
  const out: Exclusion[] = [];
  const seen = new Set<number>();
  const add = (id: string, text: string, idx: number[]) => {
    const fresh = idx.filter((i) => !seen.has(i) && nationCapacity(problem, i) > 0);
    for (const i of fresh) seen.add(i);
    out.push({
      id,
      text,
      nations: fresh.map((i) => problem.nations[i].id),
      troops: fresh.reduce((a, i) => a + nationCapacity(problem, i), 0),
    });
  };
  for (const party of problem.parties) {
    if (!party.required) continue;
    for (const entry of party.vetoes) {
      add(`veto:${party.id}:${entry}`, `${party.name}'s veto of ${entry}`, vetoTargets(problem, entry));
    }
  }
  for (const [pid, list] of Object.entries(problem.neighbours)) {
    for (const nid of list) {
      const i = problem.nations.findIndex((n) => n.id === nid);
      if (i >= 0) add(`neighbour:${pid}:${nid}`, `the bar on ${nid} as a neighbour of ${pid}`, [i]);
    }
  }
  for (const b of problem.backstops) {
    if (b.present) continue;
    const idx = problem.nations.flatMap((n, i) => (n.requiresBackstops.includes(b.id) ? [i] : []));
    add(`backstop:${b.id}`, `the absence of ${b.id}`, idx);
  }
  return out;
}

function explainInfeasibility(
  highs: Highs,
  problem: Problem,
  solveOpts: (phase: GenerationProgress["phase"]) => SolveOptions,
  addTime: (t: number) => void,
): Infeasibility {
  const ex = exclusions(problem);
  const excluded = new Set(ex.flatMap((e) => e.nations));
  const withPledges = problem.nations.filter((_, i) => nationCapacity(problem, i) > 0);
  const eligible = problem.nations.flatMap((n, i) =>
    !excluded.has(n.id) && nationCapacity(problem, i) > 0 ? [i] : [],
  );
  const pledged = problem.nations.reduce((a, _, i) => a + nationCapacity(problem, i), 0);

  const lm = buildModel(problem, "cost", "largest");
  const lo = solveModel(highs, lm, solveOpts("largest force"));
  addTime(lo.timeS);
  let largestForce: Infeasibility["largestForce"];
  if (lo.hasSolution && lo.colValue) {
    const units = placement(lm, problem, lo.colValue);
    const t = tabulate(problem, units);
    largestForce = { troops: t.totalTroops, nations: t.byNation.length, allocations: t.allocations };
  }

  const rm = buildModel(problem, "cost", "relax");
  const ro = solveModel(highs, rm, solveOpts("relaxation"));
  addTime(ro.timeS);
  const relax: Infeasibility["relax"] = [];
  if (ro.hasSolution && ro.colValue) {
    rm.groups.forEach((g: ConstraintGroup, i) => {
      if (rm.relax[i] >= 0 && ro.colValue![rm.relax[i]] > 0.5) {
        relax.push({ id: g.id, kind: g.kind, text: g.text, relaxText: g.relaxText, toggle: g.toggle });
      }
    });
  }
  const toggles = [...new Set(relax.flatMap((r) => (r.toggle ? [r.toggle] : [])))];
  return {
    contributors: withPledges.length,
    pledgedTroops: pledged,
    exclusions: ex.filter((e) => e.nations.length > 0),
    eligible: {
      nations: eligible.map((i) => problem.nations[i].id),
      maxTroops: eligible.reduce((a, i) => a + nationCapacity(problem, i), 0),
    },
    largestForce,
    relax,
    toggles,
  };
}
