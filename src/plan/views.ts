/**
 * Stage results as the plain views the report, the planning API and the web app
 * show. Wall-clock figures go under `timing`, apart from the results.
 */
import type { GenerationResult } from "../generation/index.js";
import { type Place, POPULATION_SOURCE, populationInZone } from "../geo/population.js";
import { sectorSummaries } from "../geo/summary.js";
import type { Zone } from "../geo/types.js";
// The modules, not the stages' indexes: views are loaded by sizing alone, which needs no solver or simulator.
import { lineCoverageBySector, type PatrolPlan, planToJson } from "../patrol/plan.js";
import type { Scenario } from "../scenario/schema.js";
import type { SimResult, SweepResult } from "../sim/index.js";
import { KPI_INFO } from "../sim/kpis.js";
import type { SizingResult } from "../sizing/index.js";
import type { GenerationView, PatrolView, ScenarioSummary, SimulationView, SizingView, ZoneSummary } from "./types.js";

export function summariseScenario(id: string, file: string, s: Scenario): ScenarioSummary {
  return {
    id,
    name: s.name,
    description: s.description,
    file,
    posture: s.mandate.posture,
    threat: s.mandate.threat,
    tourMonths: s.mandate.tourMonths,
    incidentsPerDay: s.mandate.incidentsPerDay,
    responseTimeTargetMin: s.mandate.responseTimeTargetMin,
    force: s.force,
    theater: s.theater,
    parties: s.parties.map((p) => ({ id: p.id, name: p.name, side: p.side })),
    sources: s.sources,
  };
}

export function summariseZone(zone: Zone, leads?: Record<string, string>, places?: readonly Place[]): ZoneSummary {
  const pop = places ? populationInZone(zone, places) : undefined;
  return {
    lengthKm: zone.lengthKm,
    areaKm2: zone.areaKm2,
    leftKm: zone.leftKm,
    rightKm: zone.rightKm,
    bbox: zone.bbox,
    sectors: sectorSummaries(zone).map((s) => ({ ...s, leadNation: leads?.[s.id] })),
    posts: zone.posts.length,
    withdrawalLines: zone.withdrawalLines.map((w) => ({ name: w.name, km: w.km })),
    population: pop && {
      zone: pop.zone,
      withdrawalLines: pop.withdrawalLines.map((w) => ({ name: w.name, km: w.km, ...w.total })),
      source: POPULATION_SOURCE,
    },
  };
}

function describeAssumption(a: { value: number; low: number; high: number; unit: string; source?: string }): string {
  const range = a.low !== a.high ? ` (plausible ${a.low}–${a.high})` : "";
  return `${a.value} ${a.unit}${range}${a.source ? `; ${a.source}` : ""}`;
}

export function sizingView(r: SizingResult): SizingView {
  const rec = r.recommended;
  return {
    estimates: r.estimates.map((e) => ({
      method: e.method,
      troops: e.troops,
      civilians: e.civilians,
      low: e.low,
      high: e.high,
      basis: e.basis,
      assumptions: Object.fromEntries(Object.entries(e.assumptions).map(([k, a]) => [k, describeAssumption(a)])),
    })),
    notApplicable: r.notApplicable,
    recommended: {
      troops: rec.troops,
      civilians: rec.civilians,
      low: rec.low,
      high: rec.high,
      committed: rec.committed,
      committedLow: rec.committedLow,
      committedHigh: rec.committedHigh,
      rotationMultiplier: rec.rotationMultiplier,
      tourMonths: rec.tourMonths,
      method: rec.method,
      why: rec.why,
      topParameter: rec.topParameter,
    },
    requirement: {
      method: rec.requirement.method,
      troops: rec.requirement.troops,
      p5: rec.requirement.uncertainty.p5,
      p50: rec.requirement.uncertainty.p50,
      p95: rec.requirement.uncertainty.p95,
      draws: rec.requirement.uncertainty.draws,
      seed: rec.requirement.uncertainty.seed,
    },
    sensitivity: r.sensitivity.map((t) => ({
      parameter: t.parameter,
      method: t.method,
      unit: t.unit,
      value: t.value,
      low: t.low,
      high: t.high,
      troopsAtLow: t.troopsAtLow,
      troopsAtHigh: t.troopsAtHigh,
    })),
  };
}

/**
 * Which plan sector stands in each zone sector: the same id when the plan uses the
 * zone's sector ids, else the plan's sectors spread evenly along the zone in order
 * (e.g. KFOR's five brigade areas over the zone's sectors).
 */
export function planSectorFor(planSectors: readonly string[], zone: Zone): Map<string, string> {
  const out = new Map<string, string>();
  if (planSectors.length === 0) return out;
  const ids = new Set(zone.sectors.map((s) => s.id));
  if (planSectors.every((s) => ids.has(s))) {
    for (const s of planSectors) out.set(s, s);
    return out;
  }
  const n = planSectors.length;
  zone.sectors.forEach((zs, i) => {
    out.set(zs.id, planSectors[Math.min(n - 1, Math.floor((i * n) / zone.sectors.length))]);
  });
  return out;
}

function leadsBySector(result: GenerationResult, zone: Zone | undefined): Record<string, string> | undefined {
  if (!zone || !result.bySector.some((s) => s.lead)) return undefined;
  const lead = new Map(result.bySector.map((s) => [s.sector, s.lead]));
  const out: Record<string, string> = {};
  for (const [zs, ps] of planSectorFor(
    result.bySector.map((s) => s.sector),
    zone,
  )) {
    const l = lead.get(ps);
    if (l) out[zs] = l;
  }
  return out;
}

export function generationView(r: GenerationResult, zone: Zone | undefined, requiredTroops?: number): GenerationView {
  return {
    feasible: r.feasible,
    status: r.status,
    totalTroops: r.totalTroops,
    requiredTroops,
    allocations: r.allocations,
    byNation: r.byNation.map((n) => ({
      nation: n.nation,
      name: n.name,
      troops: n.troops,
      share: n.share,
      sectors: n.sectors,
    })),
    bySector: r.bySector,
    unmet: r.unmet.map((u) => ({ text: u.text, shortfall: u.shortfall })),
    binding: r.binding.map((b) => b.text),
    relax: r.infeasibility?.relax.map((x) => x.relaxText) ?? [],
    largestForce: r.infeasibility?.largestForce?.troops,
    explanation: r.explanation,
    assumptions: r.assumptions,
    leads: leadsBySector(r, zone),
    timing: { solveTimeS: r.solveTimeS },
  };
}

export function patrolView(plan: PatrolPlan): PatrolView {
  const j = planToJson(plan);
  return {
    solver: String(j.solver),
    coverage: j.coverage.map((c) => ({
      target: c.target,
      name: c.name,
      probability: c.probability,
      sectorId: c.sector,
      kind: c.kind,
      type: String(c.type),
    })),
    attackerBestResponse: j.attackerBestResponse,
    defenderUtility: j.defenderUtility,
    defenderWorstCase: j.defenderWorstCase,
    baselines: {
      uniform: {
        defenderUtility: j.baselines.uniform.defenderUtility,
        defenderWorstCase: j.baselines.uniform.defenderWorstCase,
        marginWorstCase: j.baselines.uniform.marginWorstCase,
      },
      proportional: {
        defenderUtility: j.baselines.proportional.defenderUtility,
        defenderWorstCase: j.baselines.proportional.defenderWorstCase,
        marginWorstCase: j.baselines.proportional.marginWorstCase,
      },
    },
    sectors: j.sectors.map((x) => ({
      sectorId: x.sectorId,
      teams: x.teams,
      teamsDeployed: x.teamsDeployed,
      lineCoverage: x.lineCoverage,
      siteCoverage: x.siteCoverage,
      minCoverage: x.minCoverage,
    })),
    simCoverage: lineCoverageBySector(plan),
    assumptions: plan.assumptions,
    timing: { solveTimeMs: plan.solveTimeMs },
  };
}

export function simResultView(r: SimResult): SimulationView {
  return {
    replications: r.replications,
    seed: r.seed,
    days: r.days,
    troops: r.troops,
    events: r.events,
    eventsPerSecond: r.eventsPerSecond,
    kpis: r.kpis,
    kpiInfo: KPI_INFO,
    timing: { wallSeconds: r.wallSeconds, eventsPerSecond: r.eventsPerSecond },
  };
}

export function sweepView(r: SweepResult): SimulationView {
  return {
    replications: r.replications,
    seed: r.seed,
    days: r.days,
    events: r.events,
    eventsPerSecond: r.eventsPerSecond,
    kpis: r.points[0]?.kpis ?? {},
    kpiInfo: KPI_INFO,
    sweep: r.points.map((p) => ({ troops: p.troops, kpis: p.kpis })),
    timing: { wallSeconds: r.wallSeconds, eventsPerSecond: r.eventsPerSecond },
  };
}
