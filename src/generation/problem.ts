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
  /** The veto entries still in force (nation ids or blocs), after --lift-veto. */
  vetoes: string[];
  /** Veto entries lifted by a toggle (consent kept). */
  lifted: string[];
  /** Consent withdrawn by a toggle: the force deploys without it (enforcement, not peacekeeping). */
  consentWithdrawn: boolean;
}

interface LeadP {
  sector: number;
  nation: string;
  minShare: number;
  source?: string;
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
  /** Committed troops per deployed soldier (rotation), when known. */
  rotationMultiplier?: number;
  /** Where the sectors came from: the scenario's requirements, the zone's sectors, or one sector for all. */
  sectorSource: "requirements" | "zone" | "single";
  /** Smallest share of its sector a lead nation the plan chooses must provide. */
  chosenLeadMinShare: number;
}

/**
 * Generation's own toggles on top of the scenario (the CLI's flags). The plan's one
 * `WhatIf` (src/plan/types.ts) translates into these in src/plan/whatIf.ts.
 */
export interface GenerationToggles {
  /**
   * Vetoes lifted, consent kept: "RU" lifts all of Russia's vetoes, "RU:NATO" only its veto of NATO.
   * Pledges that hold `onlyIf: partyConsent` stay in.
   */
  liftVetoes?: string[];
  /**
   * Parties whose consent is withdrawn: the force deploys without it. A change of mandate
   * (enforcement, not peacekeeping): pledges that hold `onlyIf: partyConsent` drop out.
   */
  withoutConsent?: string[];
  /** Backstop id -> present. */
  backstops?: Record<string, boolean>;
  /** Replace requirements.totalTroops (deployed troops). */
  requireTroops?: number;
  /** Committed troops per deployed soldier (sizing's rotation multiplier), to report and check sustainment. */
  rotationMultiplier?: number;
  /**
   * The zone's sectors, used when the scenario has no requirements.sectors: each gets troops in
   * proportion to its length of line and, where capacity allows, a distinct lead nation.
   */
  zoneSectors?: Array<{ id: string; name?: string; lengthKm: number }>;
}

/** Share of a zone sector's length-proportional troops it must get at least (the rest is free to place). */
export const ZONE_SECTOR_FILL = 0.9;
/** Default committed troops per deployed soldier: 6-month tours and 12 months between them. */
export const DEFAULT_ROTATION = 3;

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
export function buildProblem(input: GenerationInput, whatIf: GenerationToggles = {}): Problem {
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
  const totalTroops = whatIf.requireTroops ?? req?.totalTroops;
  const zoneSectors = whatIf.zoneSectors ?? [];
  const sectorSource: Problem["sectorSource"] =
    req && req.sectors.length > 0 ? "requirements" : zoneSectors.length > 1 ? "zone" : "single";
  let sectors: SectorP[];
  if (sectorSource === "requirements" && req) {
    sectors = req.sectors.map((s) => ({ id: s.id, name: s.name ?? s.id, minTroops: s.minTroops, units: s.units }));
  } else if (sectorSource === "zone") {
    // Troops follow the length of line to watch; 10% is left free so whole units fit.
    const km = zoneSectors.reduce((a, z) => a + z.lengthKm, 0);
    sectors = zoneSectors.map((z) => ({
      id: z.id,
      name: z.name ?? z.id,
      minTroops:
        totalTroops && km > 0 ? Math.floor((ZONE_SECTOR_FILL * totalTroops * z.lengthKm) / km / 50) * 50 : undefined,
      units: {},
    }));
  } else {
    sectors = [{ id: "all", name: "whole area", units: {} }];
  }

  const requirements: RequirementP[] = [];
  sectors.forEach((s, si) => {
    if (s.minTroops) {
      requirements.push({
        id: `sector:${s.id}:troops`,
        text:
          sectorSource === "zone"
            ? `at least ${fmt(s.minTroops)} troops in sector ${s.id} (${Math.round(ZONE_SECTOR_FILL * 100)}% of its share of the line)`
            : `at least ${fmt(s.minTroops)} troops in sector ${s.id}`,
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

  const names = new Map((input.parties ?? []).map((p) => [p.id, p.name ?? p.id]));
  const consentRules = input.consent ?? {};
  const lifted = new Map<string, Set<string> | "all">();
  for (const item of whatIf.liftVetoes ?? []) {
    const [pid, entry, extra] = item.split(":");
    const rule = consentRules[pid];
    if (!rule || extra !== undefined) {
      throw new TruceInputError({
        path: "--lift-veto",
        problem: `"${item}" names no party with consent rules${partyIds.length ? ` (parties: ${partyIds.join(", ")})` : ""}.`,
        fix: "Write PARTY or PARTY:ENTRY with a party listed under `consent`, e.g. --lift-veto RU:NATO.",
      });
    }
    if (entry === undefined) {
      lifted.set(pid, "all");
      continue;
    }
    if (!rule.vetoes.includes(entry)) {
      throw new TruceInputError({
        path: "--lift-veto",
        problem: `${names.get(pid) ?? pid} has no veto of "${entry}"${rule.vetoes.length ? ` (its vetoes: ${rule.vetoes.join(", ")})` : " (it vetoes nobody)"}.`,
        fix: `Name one of its vetoes, e.g. --lift-veto ${pid}:${rule.vetoes[0] ?? "NATO"}, or the party alone to lift them all.`,
      });
    }
    const set = lifted.get(pid);
    if (set !== "all") lifted.set(pid, new Set([...(set ?? []), entry]));
  }
  const withdrawn = new Set(whatIf.withoutConsent ?? []);
  for (const id of withdrawn) {
    if (!partyIds.includes(id)) {
      throw new TruceInputError({
        path: "--without-consent",
        problem: `no party "${id}" has consent rules in this scenario${partyIds.length ? ` (parties with consent rules: ${partyIds.join(", ")})` : ""}.`,
        fix: "Name a party listed under `consent`.",
      });
    }
  }
  const parties: PartyP[] = Object.entries(consentRules).map(([id, c]) => {
    const l = lifted.get(id);
    const isLifted = (v: string) => l === "all" || l?.has(v) === true;
    return {
      id,
      name: names.get(id) ?? id,
      required: c.required,
      vetoes: c.vetoes.filter((v) => !isLifted(v)),
      lifted: c.vetoes.filter(isLifted),
      consentWithdrawn: withdrawn.has(id),
    };
  });

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
    source: l.source,
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
    rotationMultiplier: whatIf.rotationMultiplier,
    sectorSource,
    chosenLeadMinShare: policy?.chosenLeadMinShare ?? 0.3,
  };
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

function label(cap: string, n: number): string {
  const l = CAPABILITIES[cap]?.label ?? `${cap} unit`;
  return n === 1 ? l : `${l}s`;
}
