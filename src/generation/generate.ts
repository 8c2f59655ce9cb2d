/**
 * Force generation: who provides which units where, under the parties' vetoes,
 * the contributors' conditions and the mission's policy, and, when no force
 * fits, why not.
 */
import type { Highs } from "highs";
import { loadHighs, type SolveOptions, type SolveProgress } from "../solver/highs.js";
import { checkPlan } from "./check.js";
import { assumptions, explainText, fmt, summarise } from "./explain.js";
import { type BuiltModel, buildModel, type ConstraintGroup, type Objective } from "./model.js";
import {
  buildProblem,
  DEFAULT_ROTATION,
  type GenerationToggles,
  nationCapacity,
  type Problem,
  pledgeTroops,
  vetoTargets,
} from "./problem.js";
import type {
  Allocation,
  Binding,
  Exclusion,
  GenerationResult,
  Infeasibility,
  NationTotal,
  Relaxation,
  Rotation,
  SectorTotal,
  Shortfall,
  Unmet,
} from "./result.js";
import type { GenerationInput } from "./schema.js";
import { solveModel } from "./solve.js";

export interface GenerateOptions extends GenerationToggles {
  /** What to optimise. Default "cost". */
  objective?: Objective;
  /** Wall-clock limit per solve, seconds. Default 30. */
  timeLimitS?: number;
  /** Relative MIP gap. Default 1e-4. */
  mipRelGap?: number;
  /** Explain infeasibility (extra solves). Default true. */
  explain?: boolean;
  /** Break ties by the stated preferences (a second solve). Default true. */
  prefer?: boolean;
  /**
   * How far above the best primary objective the preferences may go, relative. Default
   * PREFERENCE_SLACK (0.5%): exact ties are rare with whole units, and searching only them is slow.
   */
  preferSlack?: number;
  onProgress?: (p: GenerationProgress) => void;
}

/** Default relative slack on the primary objective for the preferences: 0.5% (e.g. US$0.9M of US$174M). */
export const PREFERENCE_SLACK = 0.005;

/**
 * Relative gap at which the preference solve stops: a chosen lead is worth 100 points and the
 * objective is about -100 per sector, so 1% never gives up a lead, only a few nation-sector presences.
 */
export const PREFERENCE_GAP = 0.01;

export interface GenerationProgress extends SolveProgress {
  phase: "plan" | "preferences" | "largest force" | "shortfall" | "relaxation" | "conflict";
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
  const whatIf: GenerationToggles = {
    liftVetoes: options.liftVetoes,
    withoutConsent: options.withoutConsent,
    backstops: options.backstops,
    requireTroops: options.requireTroops,
    rotationMultiplier: options.rotationMultiplier,
  };
  const base = {
    objective,
    options: { timeLimitS, mipRelGap, whatIf },
    assumptions: assumptions(problem, input),
    toggles: toggleNotes(problem),
    mandateChange: mandateChange(problem),
    sectorSource: problem.sectorSource,
  };

  if (out.hasSolution && out.colValue) {
    let time = out.timeS;
    let units = placement(model, problem, out.colValue);
    let chosenLeads = new Map<number, number>();
    const needsLeads =
      problem.sectors.length > 1 && problem.sectors.some((_, i) => !problem.leads.some((l) => l.sector === i));
    let preferNote: string | undefined;
    if (options.prefer !== false && needsLeads) {
      // Among plans within the slack of the best, the stated preferences decide (PREFERENCES in model.ts).
      const slack = options.preferSlack ?? PREFERENCE_SLACK;
      const bound = out.objective + Math.max(1e-9, Math.abs(out.objective) * Math.max(mipRelGap, slack));
      const pm = buildModel(problem, objective, "prefer", new Set(), { bound });
      const po = solveModel(highs, pm, {
        ...solveOpts("preferences"),
        mipRelGap: PREFERENCE_GAP,
        // Within 2 points (two nation-sector presences) is good enough: proving the last one is slow.
        mipAbsGap: 2,
      });
      time += po.timeS;
      // Only a solve that met its gap is used: a plan cut off by the clock would differ run to run.
      if (po.status === "optimal" && po.colValue) {
        const pu = placement(pm, problem, po.colValue);
        if (checkPlan(problem, pu).violations.length === 0) {
          units = pu;
          chosenLeads = new Map(
            pm.leadChoice.filter((l) => po.colValue![l.col] > 0.5).map((l) => [l.sector, l.nation] as const),
          );
        }
      } else {
        preferNote = `The preferences (distinct leads, fewer nations per sector) were not settled within the time limit of ${timeLimitS} s; the plan is the cheapest one as found, with each sector's largest contributor as its lead.`;
      }
    }
    const check = checkPlan(problem, units);
    if (check.violations.length > 0) {
      throw new Error(`solver plan breaks the rules (a bug): ${check.violations.slice(0, 3).join("; ")}`);
    }
    const tables = tabulate(problem, units, chosenLeads);
    const unmet = unmetOf(problem, check.provided);
    const binding = findBinding(problem, model, units, check.provided);
    const status = out.status === "optimal" ? "optimal" : "feasible";
    return {
      feasible: unmet.length === 0,
      status,
      objectiveValue: out.objective,
      mipGap: out.mipGap,
      solveTimeS: time,
      ...tables,
      unmet,
      binding,
      shortfall:
        unmet.length > 0 ? shortfallOf(problem, tables.totalTroops, check.provided, tables.totalTroops) : undefined,
      rotation: rotationOf(problem, tables.byNation),
      explanation: summarise(problem, tables, unmet, status, out.mipGap, timeLimitS),
      ...base,
      assumptions: preferNote ? [...base.assumptions, preferNote] : base.assumptions,
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
      rotation: rotationOf(problem, []),
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
    shortfall: infeasibility?.shortfall,
    rotation: rotationOf(problem, []),
    explanation: infeasibility ? explainText(problem, infeasibility) : "No force satisfies the requirements and rules.",
    infeasibility,
    ...base,
  };
}

function unmetOf(problem: Problem, provided: number[]): Unmet[] {
  const out: Unmet[] = [];
  problem.requirements.forEach((r, i) => {
    if (provided[i] >= r.amount) return;
    out.push({
      requirement: r.id,
      text: r.text,
      measure: r.measure,
      required: r.amount,
      provided: provided[i],
      shortfall: r.amount - provided[i],
    });
  });
  return out;
}

/** What each toggle does, in words that match the model (one line per toggle). */
function toggleNotes(problem: Problem): string[] {
  const out: string[] = [];
  for (const p of problem.parties) {
    const conditional = problem.nations.filter((n) => n.onlyIfConsentOf.includes(p.id) && n.pledges.length > 0);
    const condIds = conditional.map((n) => n.id).join(", ");
    if (p.consentWithdrawn) {
      out.push(
        `--without-consent ${p.id}: ${p.name}'s consent is withdrawn. This changes the mandate: enforcement, not peacekeeping. ${p.name}'s vetoes no longer bind anyone${conditional.length ? `, and pledges given only with its consent drop out (${condIds})` : ""}.`,
      );
    } else if (p.lifted.length > 0) {
      out.push(
        `--lift-veto ${p.lifted.map((v) => `${p.id}:${v}`).join(" --lift-veto ")}: ${p.name} lifts its veto of ${p.lifted.join(" and ")} and still consents, so the force stays a consented peacekeeping force${conditional.length ? `; pledges given only with its consent (${condIds}) stay in` : ""}.`,
      );
    }
  }
  for (const b of problem.backstops) {
    out.push(`${b.id}: ${b.present ? "present" : "absent"}.`);
  }
  return out;
}

function mandateChange(problem: Problem): string | undefined {
  const lost = problem.parties.filter((p) => p.consentWithdrawn);
  if (lost.length === 0) return undefined;
  return `Without ${lost.map((p) => `${p.name}'s`).join(" and ")} consent this is an enforcement operation, not peacekeeping. "All stakeholders on board" no longer holds.`;
}

/** Deployed and committed troops, apart: committed = deployed × rotation multiplier. */
function rotationOf(problem: Problem, byNation: NationTotal[]): Rotation {
  const multiplier = problem.rotationMultiplier ?? DEFAULT_ROTATION;
  const basis = problem.rotationMultiplier !== undefined ? "sizing" : "assumed";
  const total = problem.requirements.find((r) => r.id === "total:troops")?.amount;
  const deployed = byNation.reduce((a, n) => a + n.troops, 0);
  return {
    multiplier,
    basis,
    deployedTroops: deployed,
    committedTroops: Math.round(deployed * multiplier),
    requiredDeployed: total,
    requiredCommitted: total !== undefined ? Math.round(total * multiplier) : undefined,
    byNation: byNation.map((n) => ({
      nation: n.nation,
      deployed: n.troops,
      committed: Math.round(n.troops * multiplier),
    })),
    note: `Pledges count deployed troops. Keeping them deployed takes ${multiplier.toFixed(1)} times as many committed (${basis === "sizing" ? "sizing's rotation multiplier" : "assumed: 6-month tours, 12 months between them"}).`,
  };
}

/**
 * The shortfall by capability and sector, against the best-covering force the rules allow, and
 * where more troops of each capability could come from: nations a rule keeps out.
 */
function shortfallOf(problem: Problem, largestTroops: number, provided: number[], bestTroops: number): Shortfall {
  const ex = exclusions(problem);
  const excluded = new Set(ex.flatMap((e) => e.nations));
  const eligible = problem.nations.flatMap((n, i) =>
    !excluded.has(n.id) && nationCapacity(problem, i) > 0 ? [i] : [],
  );
  const capTroops = (nations: string[], cap: string) =>
    problem.pledges.reduce(
      (a, pl) => a + (pl.capability === cap && nations.includes(problem.nations[pl.nation].id) ? pledgeTroops(pl) : 0),
      0,
    );
  const total = problem.requirements.findIndex((r) => r.id === "total:troops");
  const requiredTroops = total >= 0 ? problem.requirements[total].amount : undefined;
  const byCapability: Shortfall["byCapability"] = [];
  const bySector: Shortfall["bySector"] = [];
  problem.requirements.forEach((r, i) => {
    const short = r.amount - provided[i];
    if (short <= 0) return;
    if (r.capability !== undefined) {
      byCapability.push({
        capability: r.capability,
        sector: r.sector >= 0 ? problem.sectors[r.sector].id : undefined,
        measure: r.measure,
        required: r.amount,
        provided: provided[i],
        shortfall: short,
        ruledOut: ex
          .map((e) => ({ rule: e.text, nations: e.nations, troops: capTroops(e.nations, r.capability as string) }))
          .filter((x) => x.troops > 0),
      });
    } else if (r.sector >= 0) {
      bySector.push({
        sector: problem.sectors[r.sector].id,
        required: r.amount,
        provided: provided[i],
        shortfall: short,
      });
    }
  });
  return {
    requiredTroops,
    largestTroops,
    bestTroops,
    missingTroops: requiredTroops !== undefined ? Math.max(0, requiredTroops - largestTroops) : undefined,
    eligible: {
      nations: eligible.map((i) => problem.nations[i].id),
      troops: eligible.reduce((a, i) => a + nationCapacity(problem, i), 0),
    },
    byCapability,
    bySector,
  };
}

/** Round the solver's x values to whole units, in the checker's layout. */
function placement(model: BuiltModel, problem: Problem, col: Float64Array): Int32Array {
  const S = model.sectors;
  const units = new Int32Array(problem.pledges.length * S);
  for (let i = 0; i < units.length; i++) units[i] = Math.round(col[model.xStart + i]);
  return units;
}

function tabulate(problem: Problem, units: Int32Array, chosenLeads: ReadonlyMap<number, number> = new Map()) {
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
    const declared = problem.leads.find((l) => l.sector === s);
    const chosen = chosenLeads.get(s);
    const lead = declared
      ? declared.nation
      : chosen !== undefined
        ? problem.nations[chosen].id
        : entries.length > 0
          ? problem.nations[entries[0][0]].id
          : undefined;
    return {
      sector: sec.id,
      troops: sectorTroops[s],
      nations: entries.map(([n]) => problem.nations[n].id),
      lead,
      leadBasis: declared
        ? ("stated" as const)
        : chosen !== undefined
          ? ("chosen" as const)
          : entries.length > 0
            ? ("largest" as const)
            : undefined,
      leadSource: declared?.source,
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
    if (party.consentWithdrawn) {
      const idx = problem.nations.flatMap((n, i) => (n.onlyIfConsentOf.includes(party.id) ? [i] : []));
      add(`consent:${party.id}`, `the loss of ${party.name}'s consent`, idx);
      continue;
    }
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

  // The shortfall by capability: the force under the rules that covers the requirements best.
  let shortfall: Shortfall | undefined;
  if (largestForce) {
    const cm = buildModel(problem, "coverage", "plan");
    const co = solveModel(highs, cm, solveOpts("shortfall"));
    addTime(co.timeS);
    if (co.hasSolution && co.colValue) {
      const units = placement(cm, problem, co.colValue);
      const check = checkPlan(problem, units);
      shortfall = shortfallOf(problem, largestForce.troops, check.provided, check.totalTroops);
    }
  }

  const rm = buildModel(problem, "cost", "relax");
  const ro = solveModel(highs, rm, solveOpts("relaxation"));
  addTime(ro.timeS);
  const relax: Relaxation[] = [];
  const alternatives: Relaxation[][] = [];
  if (ro.hasSolution && ro.colValue) {
    const picked = (col: Float64Array) =>
      rm.groups.flatMap((g: ConstraintGroup, i) =>
        rm.relax[i] >= 0 && col[rm.relax[i]] > 0.5
          ? [{ id: g.id, kind: g.kind, text: g.text, relaxText: g.relaxText, toggle: g.toggle, weight: g.weight }]
          : [],
      );
    relax.push(...picked(ro.colValue));
    // Every other set of the same weight: cut off each set found and solve again, a few times.
    let cut: BuiltModel = rm;
    let last = relax;
    for (let k = 0; k < 4 && last.length > 0; k++) {
      const cols = last.map((r) => rm.relax[rm.groups.findIndex((g) => g.id === r.id)]);
      cut = withRow(cut, cols, new Array(cols.length).fill(1), Number.NEGATIVE_INFINITY, cols.length - 1);
      const o = solveModel(highs, cut, solveOpts("relaxation"));
      addTime(o.timeS);
      if (!o.hasSolution || !o.colValue || o.objective > ro.objective + 1e-6) break;
      last = picked(o.colValue);
      alternatives.push(last);
    }
  }
  const conflict = findConflict(highs, problem, solveOpts, addTime);
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
    shortfall,
    relax,
    alternatives,
    conflict,
    toggles,
  };
}

/** A copy of the model with one more row. */
function withRow(m: BuiltModel, cols: number[], coefs: number[], lower: number, upper: number): BuiltModel {
  const indices = new Int32Array(m.indices.length + cols.length);
  indices.set(m.indices);
  indices.set(cols, m.indices.length);
  const values = new Float64Array(m.values.length + cols.length);
  values.set(m.values);
  values.set(coefs, m.values.length);
  const starts = new Int32Array(m.starts.length + 1);
  starts.set(m.starts);
  starts[m.starts.length] = indices.length;
  const grow = (a: Float64Array, v: number) => {
    const out = new Float64Array(a.length + 1);
    out.set(a);
    out[a.length] = v;
    return out;
  };
  const rowGroup = new Int32Array(m.rowGroup.length + 1).fill(-1);
  rowGroup.set(m.rowGroup);
  return {
    ...m,
    numRows: m.numRows + 1,
    rowLower: grow(m.rowLower, lower),
    rowUpper: grow(m.rowUpper, upper),
    starts,
    indices,
    values,
    rowGroup,
  };
}

/**
 * An irreducible set of conflicting rules: a deletion filter over the rule groups. Drop each group
 * in turn; if the rest is still infeasible it was not needed for the conflict and stays dropped,
 * else it is part of it. What remains clashes, and dropping any one of its rules resolves it.
 */
function findConflict(
  highs: Highs,
  problem: Problem,
  solveOpts: (phase: GenerationProgress["phase"]) => SolveOptions,
  addTime: (t: number) => void,
): Infeasibility["conflict"] {
  // Test first the rules a planner least needs to see, so that those left in the conflict are
  // the political rules and the headline requirement.
  const order: Record<string, number> = {
    "max-share": 0,
    "min-nations": 1,
    lead: 2,
    "max-total": 3,
    requirement: 4,
    sustain: 5,
    backstop: 6,
    condition: 7,
    neighbour: 8,
    consent: 9,
    veto: 10,
  };
  const groups = buildModel(problem, "cost", "plan")
    .groups.map((g, i) => ({ g, i }))
    .sort(
      (a, b) =>
        (order[a.g.kind] ?? 0) - (order[b.g.kind] ?? 0) ||
        Number(a.g.id.startsWith("requirement:total")) - Number(b.g.id.startsWith("requirement:total")) ||
        a.i - b.i,
    )
    .map((x) => x.g);
  if (groups.length > 200) return undefined; // each test is a solve: keep the filter to a few seconds
  const dropped = new Set<string>();
  const keep: ConstraintGroup[] = [];
  const opts = { ...solveOpts("conflict"), mipRelGap: 1 }; // feasibility only: the first plan found will do
  for (const g of groups) {
    dropped.add(g.id);
    const m = buildModel(problem, "cost", "plan", dropped);
    m.colCost.fill(0);
    const o = solveModel(highs, m, opts);
    addTime(o.timeS);
    if (o.status === "infeasible") continue;
    if (!o.hasSolution) return undefined; // time limit: no proof either way
    dropped.delete(g.id);
    keep.push(g);
  }
  return keep.map((g) => ({ id: g.id, kind: g.kind, text: g.text }));
}
