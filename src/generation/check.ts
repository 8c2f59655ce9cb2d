/**
 * An independent check of a plan against the rules, written from the rules'
 * plain meaning rather than from the MIP: who participates, who consents, who
 * is vetoed. Used after every solve (a violated rule is a bug, never output)
 * and as the feasibility oracle of the brute-force enumerator in the tests.
 */
import { type Problem, vetoTargets } from "./problem.js";

/** Units placed: units[p * sectors + s]. */
type Placement = ArrayLike<number>;

export interface PlanCheck {
  /** Political and structural rules broken (empty for a valid plan). */
  violations: string[];
  /** Per requirement: what the plan provides. */
  provided: number[];
  totalTroops: number;
  /** Nations that send at least one unit. */
  participants: Set<number>;
}

export function checkPlan(problem: Problem, units: Placement): PlanCheck {
  const S = problem.sectors.length;
  const violations: string[] = [];
  const nationTroops = new Float64Array(problem.nations.length);
  const sectorTroops = new Float64Array(S);
  const nationSectorUnits = problem.nations.map(() => new Float64Array(S));
  let total = 0;
  problem.pledges.forEach((pl, p) => {
    let used = 0;
    for (let s = 0; s < S; s++) {
      const u = units[p * S + s];
      if (u < 0 || !Number.isInteger(u))
        violations.push(`pledge ${p} sector ${s}: ${u} is not a whole number of units`);
      used += u;
      nationTroops[pl.nation] += u * pl.troopsPerUnit;
      sectorTroops[s] += u * pl.troopsPerUnit;
      nationSectorUnits[pl.nation][s] += u;
      total += u * pl.troopsPerUnit;
    }
    if (used > pl.maxUnits)
      violations.push(`${problem.nations[pl.nation].id} ${pl.capability}: ${used} > pledged ${pl.maxUnits}`);
  });
  const participants = new Set<number>();
  problem.nations.forEach((_n, i) => {
    if (nationSectorUnits[i].some((u) => u > 0)) participants.add(i);
  });
  const takesPart = (id: string) => {
    const i = problem.nations.findIndex((n) => n.id === id);
    return i >= 0 && participants.has(i);
  };

  for (const i of participants) {
    const n = problem.nations[i];
    if (n.maxTroops !== undefined && nationTroops[i] > n.maxTroops)
      violations.push(`${n.id} sends ${nationTroops[i]} troops, above its cap of ${n.maxTroops}`);
    const share = n.maxShare ?? problem.maxShareOfForce;
    if (share !== undefined && nationTroops[i] > share * total + 1e-6)
      violations.push(`${n.id} has ${nationTroops[i]} of ${total} troops, above its share cap ${share}`);
    for (const b of n.requiresBackstops) {
      if (!problem.backstops.find((x) => x.id === b)?.present) violations.push(`${n.id} takes part without ${b}`);
    }
    for (const m of n.requiresNations) if (!takesPart(m)) violations.push(`${n.id} takes part without ${m}`);
    for (const [pid, list] of Object.entries(problem.neighbours)) {
      if (list.includes(n.id)) violations.push(`${n.id} takes part although it borders ${pid}`);
    }
  }

  // A party consents when none of the nations it vetoes takes part.
  const consents = new Map<string, boolean>();
  for (const party of problem.parties) {
    const vetoed = new Set(party.vetoes.flatMap((e) => vetoTargets(problem, e)));
    const ok = ![...participants].some((i) => vetoed.has(i));
    consents.set(party.id, ok);
    if (party.required && !ok) violations.push(`${party.id} vetoes a participant but its consent is required`);
  }
  for (const i of participants) {
    for (const pid of problem.nations[i].onlyIfConsentOf) {
      if (consents.get(pid) === false)
        violations.push(`${problem.nations[i].id} needs ${pid}'s consent, which is lost`);
    }
  }

  if (problem.minNationsPerSector > 1) {
    for (let s = 0; s < S; s++) {
      const count = problem.nations.filter((_, i) => nationSectorUnits[i][s] > 0).length;
      if (count < problem.minNationsPerSector)
        violations.push(
          `sector ${problem.sectors[s].id} has ${count} nations, fewer than ${problem.minNationsPerSector}`,
        );
    }
  }
  for (const lead of problem.leads) {
    const i = problem.nations.findIndex((n) => n.id === lead.nation);
    const own = i < 0 || lead.sector < 0 ? 0 : leadTroops(problem, units, i, lead.sector);
    const ownUnits = i < 0 || lead.sector < 0 ? 0 : nationSectorUnits[i][lead.sector];
    const st = lead.sector < 0 ? 0 : sectorTroops[lead.sector];
    if (ownUnits < 1 || own < lead.minShare * st - 1e-6)
      violations.push(`${lead.nation} does not lead sector ${problem.sectors[lead.sector]?.id ?? "?"}`);
  }
  if (problem.maxTotalTroops !== undefined && total > problem.maxTotalTroops)
    violations.push(`${total} troops exceeds the cap of ${problem.maxTotalTroops}`);

  const provided = problem.requirements.map((r) => {
    let sum = 0;
    problem.pledges.forEach((pl, p) => {
      if (r.capability !== undefined && pl.capability !== r.capability) return;
      for (let s = 0; s < S; s++) {
        if (r.sector >= 0 && s !== r.sector) continue;
        sum += units[p * S + s] * (r.measure === "units" ? 1 : pl.troopsPerUnit);
      }
    });
    return sum;
  });
  return { violations, provided, totalTroops: total, participants };
}

function leadTroops(problem: Problem, units: Placement, nation: number, sector: number): number {
  const S = problem.sectors.length;
  let t = 0;
  for (const p of problem.nations[nation].pledges) t += units[p * S + sector] * problem.pledges[p].troopsPerUnit;
  return t;
}

/** Requirements the plan misses, as [index, shortfall]. */
export function shortfalls(problem: Problem, check: PlanCheck): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  problem.requirements.forEach((r, i) => {
    if (check.provided[i] < r.amount) out.push([i, r.amount - check.provided[i]]);
  });
  return out;
}
