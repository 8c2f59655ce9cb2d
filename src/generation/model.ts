/**
 * The force-generation MIP, built as sparse arrays (CSR rows) with no solver in
 * sight, so the same model can go to HiGHS or, in the benchmark, to GLPK.
 *
 * Variables
 *   x[p,s]  integer units of pledge p (nation × capability) placed in sector s
 *   y[n]    binary: nation n contributes (y = 1 exactly when it sends a unit)
 *   w[n,s]  binary: nation n is present in sector s (only when minNationsPerSector > 1)
 *   c[P]    binary: party P consents to the force
 *   z[b]    binary: backstop b is provided
 *   T[s], T troops per sector and in all (continuous helpers)
 *   u[r]    shortfall of requirement r (coverage objective only)
 *   r[g]    binary: constraint group g is relaxed (relaxation mode only)
 *
 * Every political row belongs to a named group, so that the explanation can
 * relax whole rules ("Russia's veto of NATO") with one binary each.
 */

import type { SparseModel } from "../solver/sparse.js";
import { type Problem, partyName, pledgeTroops, vetoTargets } from "./problem.js";

export type Objective = "cost" | "coverage" | "nations";
type ModelMode = "plan" | "largest" | "relax";

type GroupKind =
  | "veto"
  | "consent"
  | "backstop"
  | "condition"
  | "neighbour"
  | "max-share"
  | "min-nations"
  | "lead"
  | "max-total"
  | "requirement";

/** A rule that can be relaxed as a whole. */
export interface ConstraintGroup {
  id: string;
  kind: GroupKind;
  /** The rule in plain words. */
  text: string;
  /** What relaxing it means, in plain words. */
  relaxText: string;
  /** A CLI toggle that relaxes it, when there is one. */
  toggle?: string;
  /** Cost of relaxing it in the penalised relaxation: political rules ~1, requirements 100. */
  weight: number;
}

/** The sparse model (minimised) and where each of the MIP's variables and rule groups sits in it. */
export interface BuiltModel extends SparseModel {
  /** Group of each row, or -1. */
  rowGroup: Int32Array;
  groups: ConstraintGroup[];
  /** Column of x[p,s] is xStart + p * sectors + s. */
  xStart: number;
  sectors: number;
  y: Int32Array;
  consent: Int32Array;
  totalTroops: number;
  sectorTroops: Int32Array;
  /** Shortfall column per requirement, or -1. */
  shortfall: Int32Array;
  /** Relaxation column per group, or -1. */
  relax: Int32Array;
  /** Objective units: cost objective is in US$ million (1e-6 per US$). */
  objectiveScale: number;
}

class Builder {
  cost: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  integer: number[] = [];
  rowLower: number[] = [];
  rowUpper: number[] = [];
  rowGroup: number[] = [];
  starts: number[] = [0];
  indices: number[] = [];
  values: number[] = [];

  col(lower: number, upper: number, integer: boolean, cost = 0): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  /** Add a row; `cols` must not repeat a column. */
  /** Groups whose rows are left out (rules dropped for a what-if). */
  dropped = new Set<number>();

  row(cols: ArrayLike<number>, coefs: ArrayLike<number>, lower: number, upper: number, group = -1): number {
    if (group >= 0 && this.dropped.has(group)) return -1;
    for (let k = 0; k < cols.length; k++) {
      if (coefs[k] === 0) continue;
      this.indices.push(cols[k]);
      this.values.push(coefs[k]);
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.rowGroup.push(group);
    return this.rowLower.length - 1;
  }
}

const INF = Number.POSITIVE_INFINITY;

/**
 * Build the MIP for `problem`. `mode` "largest" drops requirements and maximises troops; "relax"
 * minimises the weighted count of relaxed groups. Rows of groups named in `drop` are left out.
 */
export function buildModel(
  problem: Problem,
  objective: Objective,
  mode: ModelMode = "plan",
  drop: ReadonlySet<string> = new Set(),
): BuiltModel {
  const b = new Builder();
  const S = problem.sectors.length;
  const P = problem.pledges.length;
  const N = problem.nations.length;
  const groups: ConstraintGroup[] = [];
  const groupIndex = new Map<string, number>();
  const group = (g: ConstraintGroup): number => {
    const found = groupIndex.get(g.id);
    if (found !== undefined) return found;
    groups.push(g);
    groupIndex.set(g.id, groups.length - 1);
    if (drop.has(g.id)) b.dropped.add(groups.length - 1);
    return groups.length - 1;
  };

  // x[p,s]
  const xStart = b.cost.length;
  for (let p = 0; p < P; p++) {
    for (let s = 0; s < S; s++) b.col(0, problem.pledges[p].maxUnits, true);
  }
  const xcol = (p: number, s: number) => xStart + p * S + s;

  const nationUnits = new Float64Array(N);
  const nationTroopsCap = new Float64Array(N);
  for (const p of problem.pledges) {
    nationUnits[p.nation] += p.maxUnits;
    nationTroopsCap[p.nation] += pledgeTroops(p);
  }
  let totalCap = 0;
  for (let n = 0; n < N; n++) {
    const mt = problem.nations[n].maxTroops;
    if (mt !== undefined) nationTroopsCap[n] = Math.min(nationTroopsCap[n], mt);
    totalCap += nationTroopsCap[n];
  }

  // y[n]
  const y = new Int32Array(N);
  for (let n = 0; n < N; n++) y[n] = b.col(0, nationUnits[n] > 0 ? 1 : 0, true);

  // Troop helpers: T[s] = sum of troops in s; T = sum T[s].
  const sectorTroops = new Int32Array(S);
  const sectorCap = new Float64Array(S).fill(totalCap);
  for (let s = 0; s < S; s++) sectorTroops[s] = b.col(0, sectorCap[s], false);
  const totalTroops = b.col(0, totalCap, false);

  // Pledge caps across sectors.
  if (S > 1) {
    for (let p = 0; p < P; p++) {
      const cols = Array.from({ length: S }, (_, s) => xcol(p, s));
      b.row(cols, new Array(S).fill(1), -INF, problem.pledges[p].maxUnits);
    }
  }
  // Sector and total troop definitions.
  for (let s = 0; s < S; s++) {
    const cols: number[] = [sectorTroops[s]];
    const coefs: number[] = [-1];
    for (let p = 0; p < P; p++) {
      cols.push(xcol(p, s));
      coefs.push(problem.pledges[p].troopsPerUnit);
    }
    b.row(cols, coefs, 0, 0);
  }
  {
    const cols = [totalTroops, ...sectorTroops];
    const coefs = [-1, ...new Array(S).fill(1)];
    b.row(cols, coefs, 0, 0);
  }

  // Nation participation: sum x <= U y and y <= sum x. Nation troop caps.
  const nationCols: number[][] = [];
  const nationTroopCoefs: number[][] = [];
  for (let n = 0; n < N; n++) {
    const cols: number[] = [];
    const tro: number[] = [];
    for (const p of problem.nations[n].pledges) {
      for (let s = 0; s < S; s++) {
        cols.push(xcol(p, s));
        tro.push(problem.pledges[p].troopsPerUnit);
      }
    }
    nationCols.push(cols);
    nationTroopCoefs.push(tro);
    if (cols.length === 0) continue;
    b.row([...cols, y[n]], [...new Array(cols.length).fill(1), -nationUnits[n]], -INF, 0);
    b.row([...cols, y[n]], [...new Array(cols.length).fill(-1), 1], -INF, 0);
    const mt = problem.nations[n].maxTroops;
    if (mt !== undefined && mt < nationTroopsCap[n] + 1e-9 && mt < sumPledged(problem, n)) b.row(cols, tro, -INF, mt);
  }

  // Multinationality per sector.
  const k = problem.minNationsPerSector;
  if (k > 1) {
    for (let s = 0; s < S; s++) {
      const sid = problem.sectors[s].id;
      const g = group({
        id: `min-nations:${sid}`,
        kind: "min-nations",
        text: `at least ${k} nations in sector ${sid}`,
        relaxText: `accept fewer than ${k} nations in sector ${sid}`,
        weight: 1,
      });
      const wCols: number[] = [];
      for (let n = 0; n < N; n++) {
        if (nationUnits[n] === 0) continue;
        const w = b.col(0, 1, true);
        wCols.push(w);
        const cols = problem.nations[n].pledges.map((p) => xcol(p, s));
        b.row([...cols, w], [...new Array(cols.length).fill(1), -nationUnits[n]], -INF, 0);
        b.row([...cols, w], [...new Array(cols.length).fill(-1), 1], -INF, 0);
      }
      b.row(wCols, new Array(wCols.length).fill(1), k, INF, g);
    }
  }

  // Maximum share of the force, per nation.
  for (let n = 0; n < N; n++) {
    const nation = problem.nations[n];
    const share = nation.maxShare ?? problem.maxShareOfForce;
    if (share === undefined || share >= 1 || nationCols[n].length === 0) continue;
    const g = group({
      id: `max-share:${nation.id}`,
      kind: "max-share",
      text: `${nation.name} provides at most ${pct(share)} of the force`,
      relaxText: `let ${nation.name} provide more than ${pct(share)} of the force`,
      weight: 1,
    });
    b.row([...nationCols[n], totalTroops], [...nationTroopCoefs[n], -share], -INF, 0, g);
  }

  // Consent of the parties.
  const consent = new Int32Array(problem.parties.length);
  problem.parties.forEach((party, i) => {
    consent[i] = b.col(0, 1, true);
    if (party.required) {
      const g = group({
        id: `consent:${party.id}`,
        kind: "consent",
        text: `the force needs ${party.name}'s consent`,
        relaxText: `deploy without ${party.name}'s consent`,
        toggle: `--without-veto ${party.id}`,
        weight: 1.5,
      });
      b.row([consent[i]], [1], 1, INF, g);
    }
    for (const entry of party.vetoes) {
      const g = group({
        id: `veto:${party.id}:${entry}`,
        kind: "veto",
        text: `${party.name}'s veto of ${entry}`,
        relaxText: `${party.name} lifts its veto of ${entry}`,
        toggle: `--without-veto ${party.id}`,
        weight: 1,
      });
      for (const n of vetoTargets(problem, entry)) {
        if (nationUnits[n] === 0) continue;
        b.row([y[n], consent[i]], [1, 1], -INF, 1, g);
      }
    }
  });

  // Backstops and conditional pledges.
  const backstopCol = new Map<string, number>();
  for (const bs of problem.backstops) {
    const z = b.col(0, 1, true);
    backstopCol.set(bs.id, z);
    if (!bs.present) {
      const g = group({
        id: `backstop:${bs.id}`,
        kind: "backstop",
        text: `${bs.id} is absent`,
        relaxText: `provide ${bs.id}`,
        toggle: `--backstop ${bs.id}=on`,
        weight: 1,
      });
      b.row([z], [1], -INF, 0, g);
    }
  }
  const nationIndex = new Map(problem.nations.map((n, i) => [n.id, i]));
  for (let n = 0; n < N; n++) {
    const nation = problem.nations[n];
    if (nationUnits[n] === 0) continue;
    for (const bid of nation.requiresBackstops) {
      const z = backstopCol.get(bid);
      if (z === undefined) continue;
      const g = group({
        id: `condition:${nation.id}:${bid}`,
        kind: "condition",
        text: `${nation.name} contributes only with ${bid}`,
        relaxText: `${nation.name} contributes without ${bid}`,
        weight: 1.2,
      });
      b.row([y[n], z], [1, -1], -INF, 0, g);
    }
    for (const mid of nation.requiresNations) {
      const m = nationIndex.get(mid);
      const g = group({
        id: `condition:${nation.id}:${mid}`,
        kind: "condition",
        text: `${nation.name} contributes only if ${mid} does`,
        relaxText: `${nation.name} contributes without ${mid}`,
        weight: 1.2,
      });
      if (m === undefined) b.row([y[n]], [1], -INF, 0, g);
      else b.row([y[n], y[m]], [1, -1], -INF, 0, g);
    }
    for (const pid of nation.onlyIfConsentOf) {
      const pi = problem.parties.findIndex((p) => p.id === pid);
      if (pi < 0) continue;
      const g = group({
        id: `only-if:${nation.id}:${pid}`,
        kind: "condition",
        text: `${nation.name} contributes only with ${partyName(problem, pid)}'s consent`,
        relaxText: `${nation.name} contributes without ${partyName(problem, pid)}'s consent`,
        weight: 1.2,
      });
      b.row([y[n], consent[pi]], [1, -1], -INF, 0, g);
    }
  }
  for (const [pid, list] of Object.entries(problem.neighbours)) {
    for (const nid of list) {
      const n = nationIndex.get(nid);
      if (n === undefined || nationUnits[n] === 0) continue;
      const g = group({
        id: `neighbour:${pid}:${nid}`,
        kind: "neighbour",
        text: `${problem.nations[n].name} is barred as a neighbour of ${partyName(problem, pid)}`,
        relaxText: `accept ${problem.nations[n].name} despite bordering ${partyName(problem, pid)}`,
        weight: 1.5,
      });
      b.row([y[n]], [1], -INF, 0, g);
    }
  }

  // Lead nations per sector.
  for (const lead of problem.leads) {
    const n = nationIndex.get(lead.nation);
    const sid = problem.sectors[lead.sector]?.id ?? "?";
    const g = group({
      id: `lead:${sid}`,
      kind: "lead",
      text: `${lead.nation} leads sector ${sid} with at least ${pct(lead.minShare)} of its troops`,
      relaxText: `another nation leads sector ${sid}`,
      weight: 1,
    });
    if (n === undefined || lead.sector < 0) {
      b.row([sectorTroops[0]], [0], 1, INF, g); // unsatisfiable unless relaxed
      continue;
    }
    const own = problem.nations[n].pledges;
    const cols = own.map((p) => xcol(p, lead.sector));
    const tro = own.map((p) => problem.pledges[p].troopsPerUnit);
    if (cols.length === 0) {
      b.row([sectorTroops[0]], [0], 1, INF, g);
      continue;
    }
    b.row([...cols, sectorTroops[lead.sector]], [...tro, -lead.minShare], 0, INF, g);
    b.row(cols, new Array(cols.length).fill(1), 1, INF, g);
  }

  if (problem.maxTotalTroops !== undefined) {
    const g = group({
      id: "max-total",
      kind: "max-total",
      text: `at most ${problem.maxTotalTroops.toLocaleString("en-US")} troops in all`,
      relaxText: `allow more than ${problem.maxTotalTroops.toLocaleString("en-US")} troops`,
      weight: 10,
    });
    b.row([totalTroops], [1], -INF, problem.maxTotalTroops, g);
  }

  // Requirements.
  const shortfall = new Int32Array(problem.requirements.length).fill(-1);
  if (mode !== "largest") {
    problem.requirements.forEach((r, ri) => {
      const g = group({
        id: `requirement:${r.id}`,
        kind: "requirement",
        text: r.text,
        relaxText: `lower the requirement "${r.text}"`,
        weight: 100,
      });
      const cols: number[] = [];
      const coefs: number[] = [];
      for (let p = 0; p < P; p++) {
        const pl = problem.pledges[p];
        if (r.capability !== undefined && pl.capability !== r.capability) continue;
        const coef = r.measure === "units" ? 1 : pl.troopsPerUnit;
        for (let s = 0; s < S; s++) {
          if (r.sector >= 0 && s !== r.sector) continue;
          cols.push(xcol(p, s));
          coefs.push(coef);
        }
      }
      if (r.capability === undefined && r.measure === "troops") {
        cols.length = 0;
        coefs.length = 0;
        cols.push(r.sector >= 0 ? sectorTroops[r.sector] : totalTroops);
        coefs.push(1);
      }
      if (objective === "coverage" && mode === "plan") {
        const u = b.col(0, r.amount, false, 1 / r.amount);
        shortfall[ri] = u;
        cols.push(u);
        coefs.push(1);
      }
      b.row(cols, coefs, r.amount, INF, mode === "plan" && objective === "coverage" ? -1 : g);
    });
  }

  // Objective.
  let objectiveScale = 1;
  if (mode === "largest") {
    b.cost[totalTroops] = -1;
  } else if (mode === "plan") {
    if (objective === "cost") {
      // In US$ million a year: keeps HiGHS' cost range near 1 (US$ figures trip its scaling warnings).
      objectiveScale = 1e-6;
      for (let p = 0; p < P; p++)
        for (let s = 0; s < S; s++) b.cost[xcol(p, s)] = problem.pledges[p].costPerUnitYear * objectiveScale;
    } else if (objective === "nations") {
      for (let n = 0; n < N; n++) b.cost[y[n]] = 1;
      b.cost[totalTroops] = 1 / (totalCap + 1); // tie-break: fewest troops, always < 1 nation
    } else {
      let maxCost = 0;
      for (const p of problem.pledges) maxCost += p.maxUnits * p.costPerUnitYear;
      objectiveScale = 1e-6 / (maxCost + 1);
      for (let p = 0; p < P; p++)
        for (let s = 0; s < S; s++) b.cost[xcol(p, s)] = problem.pledges[p].costPerUnitYear * objectiveScale;
    }
  }

  const relax = new Int32Array(groups.length).fill(-1);
  const built = finish(b, groups, relax);
  if (mode === "relax") applyRelaxation(built, b);
  return {
    ...built,
    xStart,
    sectors: S,
    y,
    consent,
    totalTroops,
    sectorTroops,
    shortfall,
    objectiveScale,
  };
}

function sumPledged(problem: Problem, n: number): number {
  let s = 0;
  for (const p of problem.nations[n].pledges) s += pledgeTroops(problem.pledges[p]);
  return s;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

type Finished = Omit<
  BuiltModel,
  "xStart" | "sectors" | "y" | "consent" | "totalTroops" | "sectorTroops" | "shortfall" | "objectiveScale"
>;

function finish(b: Builder, groups: ConstraintGroup[], relax: Int32Array): Finished {
  return {
    numCols: b.cost.length,
    numRows: b.rowLower.length,
    colCost: Float64Array.from(b.cost),
    colLower: Float64Array.from(b.lower),
    colUpper: Float64Array.from(b.upper),
    integer: Uint8Array.from(b.integer),
    rowLower: Float64Array.from(b.rowLower),
    rowUpper: Float64Array.from(b.rowUpper),
    starts: Int32Array.from(b.starts),
    indices: Int32Array.from(b.indices),
    values: Float64Array.from(b.values),
    rowGroup: Int32Array.from(b.rowGroup),
    groups,
    relax,
  };
}

/**
 * Turn every grouped row into a big-M row switched off by its group's binary
 * r[g], and minimise the weighted count of relaxed groups. M is the row's
 * largest possible violation, from the column bounds, so it is as tight as it can be.
 */
function applyRelaxation(m: Finished, b: Builder): void {
  const rcol = new Int32Array(m.groups.length);
  for (let g = 0; g < m.groups.length; g++) rcol[g] = b.col(0, 1, true, m.groups[g].weight);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < m.numRows; i++) {
    let minAct = 0;
    let maxAct = 0;
    for (let k = m.starts[i]; k < m.starts[i + 1]; k++) {
      const j = m.indices[k];
      const a = m.values[k];
      indices.push(j);
      values.push(a);
      const lo = b.lower[j];
      const hi = b.upper[j];
      minAct += a > 0 ? a * lo : a * hi;
      maxAct += a > 0 ? a * hi : a * lo;
    }
    const g = m.rowGroup[i];
    if (g >= 0) {
      let coef = 0;
      if (Number.isFinite(m.rowUpper[i]) && !Number.isFinite(m.rowLower[i]))
        coef = -Math.max(0, maxAct - m.rowUpper[i]);
      else if (Number.isFinite(m.rowLower[i]) && !Number.isFinite(m.rowUpper[i]))
        coef = Math.max(0, m.rowLower[i] - minAct);
      if (coef !== 0) {
        indices.push(rcol[g]);
        values.push(coef);
      }
    }
    starts.push(indices.length);
  }
  m.numCols = b.cost.length;
  m.colCost = Float64Array.from(b.cost);
  m.colLower = Float64Array.from(b.lower);
  m.colUpper = Float64Array.from(b.upper);
  m.integer = Uint8Array.from(b.integer);
  m.starts = Int32Array.from(starts);
  m.indices = Int32Array.from(indices);
  m.values = Float64Array.from(values);
  m.relax = rcol;
}
