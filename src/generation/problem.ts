/**
 * The force-generation problem in plain, indexed form: nations, pledges, sectors,
 * requirements and the political rules, after scenario sections, defaults and
 * what-if toggles have been applied. Both the MIP builder (model.ts) and the
 * independent plan checker (check.ts) read this, never the raw scenario.
 */
import { TruceInputError } from "../errors/index.js";
import { CAPABILITIES, type GenerationInput } from "./schema.js";

interface NationP {
  id: string;
  name: string;
  memberships: string[];
  /** Indices into Problem.pledges. */
  pledges: number[];
  maxTroops?: number;
  maxShare?: number;
  requiresBackstops: string[];
  requiresNations: string[];
  /** Parties whose consent this nation needs before it contributes. */
  onlyIfConsentOf: string[];
}

interface PledgeP {
  nation: number;
  capability: string;
  maxUnits: number;
  troopsPerUnit: number;
  costPerUnitYear: number;
}

interface SectorP {
  id: string;
  name: string;
  minTroops?: number;
  units: Record<string, number>;
}

/** One requirement: a lower bound on units or troops, in one sector or force-wide. */
interface RequirementP {
  id: string;
  text: string;
  /** Sector index, or -1 for the whole force. */
  sector: number;
  /** Capability id, or undefined for all capabilities. */
  capability?: string;
  measure: "units" | "troops";
  amount: number;
}

interface PartyP {
  id: string;
  name: string;
  required: boolean;
  /** The veto entries as written (nation ids or blocs). */
  vetoes: string[];
}

interface LeadP {
  sector: number;
  nation: string;
  minShare: number;
}

export interface Problem {
  nations: NationP[];
  pledges: PledgeP[];
  sectors: SectorP[];
  requirements: RequirementP[];
  parties: PartyP[];
  backstops: Array<{ id: string; present: boolean; provider?: string }>;
  maxShareOfForce?: number;
  minNationsPerSector: number;
  leads: LeadP[];
  /** party id -> nations excluded as its neighbours. */
  neighbours: Record<string, string[]>;
  maxTotalTroops?: number;
}

/** What-if toggles applied on top of the scenario (the CLI's flags). */
export interface WhatIf {
  /** Party ids whose vetoes are dropped. */
  withoutVeto?: string[];
  /** Backstop id -> present. */
  backstops?: Record<string, boolean>;
  /** Replace requirements.totalTroops. */
  requireTroops?: number;
}

/** Nations (by index) a veto entry names: the nation itself, or every member of the bloc. */
export function vetoTargets(problem: Problem, entry: string): number[] {
  const out: number[] = [];
  problem.nations.forEach((n, i) => {
    if (n.id === entry || n.memberships.includes(entry)) out.push(i);
  });
  return out;
}

export function partyName(problem: Problem, id: string): string {
  return problem.parties.find((p) => p.id === id)?.name ?? id;
}

/** Total troops a pledge can provide. */
export function pledgeTroops(p: PledgeP): number {
  return p.maxUnits * p.troopsPerUnit;
}

/** Most troops a nation can provide: its pledges, capped by maxTroops. */
export function nationCapacity(problem: Problem, i: number): number {
  const n = problem.nations[i];
  let sum = 0;
  for (const p of n.pledges) sum += pledgeTroops(problem.pledges[p]);
  return n.maxTroops !== undefined ? Math.min(sum, n.maxTroops) : sum;
}

/**
 * Build the indexed problem. Assumes the input was validated (see semantics.ts);
 * anything that only the toggles can break is checked here.
 */
export function buildProblem(input: GenerationInput, whatIf: WhatIf = {}): Problem {
  const contributors = input.contributors ?? [];
  const policy = input.policy;
  const costPerTroopYear = policy?.costPerTroopYear ?? 17_376;
  const nations: NationP[] = [];
  const pledges: PledgeP[] = [];
  const partyIds = Object.keys(input.consent ?? {});
  const backstopIds = new Set((input.backstops ?? []).map((b) => b.id));

  for (const c of contributors) {
    const idx = nations.length;
    const own: number[] = [];
    for (const p of c.pledges) {
      if (p.maxUnits === 0) continue;
      const tpu = p.troopsPerUnit ?? CAPABILITIES[p.capability]?.troopsPerUnit;
      if (tpu === undefined) throw new Error(`pledge of ${c.nation} for ${p.capability} has no troopsPerUnit`);
      own.push(pledges.length);
      pledges.push({
        nation: idx,
        capability: p.capability,
        maxUnits: p.maxUnits,
        troopsPerUnit: tpu,
        costPerUnitYear: p.costPerUnitYear ?? tpu * costPerTroopYear,
      });
    }
    const onlyIf = c.onlyIf?.partyConsent;
    nations.push({
      id: c.nation,
      name: c.name ?? c.nation,
      memberships: c.memberships,
      pledges: own,
      maxTroops: c.maxTroops,
      maxShare: c.maxShare,
      requiresBackstops: c.requires.filter((r) => backstopIds.has(r)),
      requiresNations: c.requires.filter((r) => !backstopIds.has(r)),
      onlyIfConsentOf: onlyIf === true ? partyIds : onlyIf === false || onlyIf === undefined ? [] : onlyIf,
    });
  }

  const req = input.requirements;
  const sectors: SectorP[] =
    req && req.sectors.length > 0
      ? req.sectors.map((s) => ({ id: s.id, name: s.name ?? s.id, minTroops: s.minTroops, units: s.units }))
      : [{ id: "all", name: "whole area", units: {} }];

  const requirements: RequirementP[] = [];
  sectors.forEach((s, si) => {
    if (s.minTroops) {
      requirements.push({
        id: `sector:${s.id}:troops`,
        text: `at least ${fmt(s.minTroops)} troops in sector ${s.id}`,
        sector: si,
        measure: "troops",
        amount: s.minTroops,
      });
    }
    for (const [cap, n] of Object.entries(s.units)) {
      if (n > 0)
        requirements.push({
          id: `sector:${s.id}:units:${cap}`,
          text: `at least ${n} ${label(cap, n)} in sector ${s.id}`,
          sector: si,
          capability: cap,
          measure: "units",
          amount: n,
        });
    }
  });
  const totalTroops = whatIf.requireTroops ?? req?.totalTroops;
  if (totalTroops) {
    requirements.push({
      id: "total:troops",
      text: `at least ${fmt(totalTroops)} troops in all`,
      sector: -1,
      measure: "troops",
      amount: totalTroops,
    });
    for (const [cap, share] of Object.entries(req?.mix ?? {})) {
      const amount = Math.round(totalTroops * share);
      if (amount > 0)
        requirements.push({
          id: `mix:${cap}`,
          text: `at least ${fmt(amount)} troops of ${cap} (${Math.round(share * 100)}% of ${fmt(totalTroops)})`,
          sector: -1,
          capability: cap,
          measure: "troops",
          amount,
        });
    }
  }
  for (const [cap, n] of Object.entries(req?.units ?? {})) {
    if (n > 0)
      requirements.push({
        id: `units:${cap}`,
        text: `at least ${n} ${label(cap, n)} in all`,
        sector: -1,
        capability: cap,
        measure: "units",
        amount: n,
      });
  }
  for (const [cap, n] of Object.entries(req?.troops ?? {})) {
    if (n > 0)
      requirements.push({
        id: `troops:${cap}`,
        text: `at least ${fmt(n)} troops of ${cap} in all`,
        sector: -1,
        capability: cap,
        measure: "troops",
        amount: n,
      });
  }

  const dropped = new Set(whatIf.withoutVeto ?? []);
  for (const id of dropped) {
    if (!partyIds.includes(id)) {
      throw new TruceInputError({
        path: "--without-veto",
        problem: `no party "${id}" has a veto in this scenario${partyIds.length ? ` (parties with consent rules: ${partyIds.join(", ")})` : ""}.`,
        fix: "Name a party listed under `consent`.",
      });
    }
  }
  const names = new Map((input.parties ?? []).map((p) => [p.id, p.name ?? p.id]));
  const parties: PartyP[] = Object.entries(input.consent ?? {}).map(([id, c]) => ({
    id,
    name: names.get(id) ?? id,
    required: c.required,
    vetoes: dropped.has(id) ? [] : c.vetoes,
  }));

  const backstops = (input.backstops ?? []).map((b) => ({ id: b.id, present: b.present, provider: b.provider }));
  for (const [id, present] of Object.entries(whatIf.backstops ?? {})) {
    const b = backstops.find((x) => x.id === id);
    if (!b) {
      throw new TruceInputError({
        path: "--backstop",
        problem: `no backstop "${id}" in this scenario${backstops.length ? ` (known: ${backstops.map((x) => x.id).join(", ")})` : ""}.`,
        fix: "Name a backstop listed under `backstops`, e.g. --backstop US-backstop=on.",
      });
    }
    b.present = present;
  }

  const sectorIndex = new Map(sectors.map((s, i) => [s.id, i]));
  const leads: LeadP[] = (policy?.leadNations ?? []).map((l) => ({
    sector: sectorIndex.get(l.sector) ?? -1,
    nation: l.nation,
    minShare: l.minShare,
  }));

  return {
    nations,
    pledges,
    sectors,
    requirements,
    parties,
    backstops,
    maxShareOfForce: policy?.maxShareOfForce,
    minNationsPerSector: policy?.minNationsPerSector ?? 1,
    leads,
    neighbours: policy?.excludeNeighbours ?? {},
    maxTotalTroops: req?.maxTotalTroops,
  };
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

function label(cap: string, n: number): string {
  const l = CAPABILITIES[cap]?.label ?? `${cap} unit`;
  return n === 1 ? l : `${l}s`;
}
