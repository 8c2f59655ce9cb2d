/**
 * Runs the planning stages that exist for one scenario and gathers their results
 * into a PlanView for the web app and the report. A stage that does not apply to
 * the scenario (no contributors listed, say) is reported as unavailable with the
 * reason, never silently left out.
 */
import { type GenerationResult, generateForce, generateForceInWorker } from "../generation/index.js";
import { sectorSummaries } from "../geo/summary.js";
import type { Zone } from "../geo/types.js";
import { computeZone } from "../geo/zone.js";
import { type PatrolPlan, planPatrols, planToJson, simCoverageBySector } from "../patrol/index.js";
import type { Scenario } from "../scenario/schema.js";
import { proposalFromScenario, type SizingResult, sizeScenario } from "../sizing/index.js";
import type { MapFeature } from "./features.js";
import { zoneFeatures } from "./features.js";
import { colourScale } from "./palette.js";
import { echelonFor, sidcFor } from "./symbols.js";
import type {
  GenerationView,
  PatrolView,
  PlanView,
  ScenarioSummary,
  SizingView,
  Stage,
  WhatIf,
  ZoneSummary,
} from "./types.js";

export const DEFAULT_WHAT_IF: WhatIf = { veto: true };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function run<T>(f: () => T): Stage<T> {
  try {
    return { status: "ok", value: f() };
  } catch (e) {
    return { status: "error", message: message(e) };
  }
}

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

export function summariseZone(zone: Zone, leads?: Record<string, string>): ZoneSummary {
  return {
    lengthKm: zone.lengthKm,
    areaKm2: zone.areaKm2,
    leftKm: zone.leftKm,
    rightKm: zone.rightKm,
    bbox: zone.bbox,
    sectors: sectorSummaries(zone).map((s) => ({ ...s, leadNation: leads?.[s.id] })),
    posts: zone.posts.length,
    withdrawalLines: zone.withdrawalLines.map((w) => ({ name: w.name, km: w.km })),
  };
}

// Scenarios are immutable once validated; a long line's zone takes seconds, so each stage runs once per input.
const zoneCache = new WeakMap<Scenario, Stage<Zone>>();
const sizingCache = new WeakMap<Scenario, Stage<SizingView>>();
const generationCache = new WeakMap<Scenario, Map<string, Promise<Stage<GenerationView>>>>();

/** The zone stage for a scenario, computed once per scenario object. */
export function zoneOf(scenario: Scenario): Stage<Zone> {
  let z = zoneCache.get(scenario);
  if (!z) {
    z = run(() => computeZone(scenario));
    zoneCache.set(scenario, z);
  }
  return z;
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

/** The sizing stage (issue 3) for a scenario, once per scenario object. */
export function sizingOf(scenario: Scenario): Stage<SizingView> {
  let s = sizingCache.get(scenario);
  if (!s) {
    const zone = zoneOf(scenario);
    s =
      zone.status !== "ok"
        ? { status: "unavailable", reason: "the zone could not be computed." }
        : run(() => {
            const proposal = proposalFromScenario(scenario, zone.value);
            return sizingView(sizeScenario(proposal.inputs, { overrides: proposal.overrides }));
          });
    sizingCache.set(scenario, s);
  }
  return s;
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

/**
 * Unit symbols for the map: in each zone sector, the largest contingents (nation ×
 * capability) of the plan sector standing there, placed along the sector's stretch
 * of line. Positions are schematic (the plan assigns sectors, not sites).
 */
export function unitFeatures(g: GenerationView, zone: Zone, perSector = 3): MapFeature[] {
  const planSectors = [...new Set(g.allocations.map((a) => a.sector ?? "all"))];
  const mapping = planSectorFor(planSectors, zone);
  const shownPlanSectors = new Map<string, number>();
  const out: MapFeature[] = [];
  for (const zs of zone.sectors) {
    const ps = mapping.get(zs.id);
    if (!ps) continue;
    // A plan sector spread over several zone sectors shows its contingents in turn.
    const seen = shownPlanSectors.get(ps) ?? 0;
    shownPlanSectors.set(ps, seen + 1);
    const groups = new Map<string, { nation: string; capability: string; troops: number; units: number }>();
    for (const a of g.allocations) {
      if ((a.sector ?? "all") !== ps) continue;
      const k = `${a.nation}|${a.capability}`;
      const x = groups.get(k) ?? { nation: a.nation, capability: a.capability, troops: 0, units: 0 };
      x.troops += a.troops;
      x.units += a.units;
      groups.set(k, x);
    }
    const ranked = [...groups.values()].sort((a, b) => b.troops - a.troops || a.nation.localeCompare(b.nation));
    const pick = ranked.slice(seen * perSector, seen * perSector + perSector);
    const coords = zs.line.type === "LineString" ? zs.line.coordinates : zs.line.coordinates.flat();
    pick.forEach((u, j) => {
      const at = coords[Math.min(coords.length - 1, Math.floor(((j + 1) / (pick.length + 1)) * coords.length))];
      out.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: at },
        properties: {
          layer: "base",
          id: `${zs.id}-${u.nation}-${u.capability}`,
          name: `${u.nation} ${u.capability}`,
          nation: u.nation,
          capability: u.capability,
          troops: u.troops,
          units: u.units,
          planSector: ps,
          sector: zs.id,
          sidc: sidcFor(u.capability, echelonFor(u.troops)),
        },
      });
    });
  }
  return out;
}

/** Protected sites the scenario lists (the patrol stage's `sites`), as map features. */
export function siteFeatures(scenario: Scenario): MapFeature[] {
  const sites = (
    scenario as { sites?: Array<{ id: string; name?: string; type?: string; lon: number; lat: number; note?: string }> }
  ).sites;
  return (sites ?? []).map((s) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [s.lon, s.lat] },
    properties: { layer: "site", id: s.id, name: s.name ?? s.id, type: s.type ?? "site", note: s.note ?? null },
  }));
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
    solveTimeS: r.solveTimeS,
  };
}

/** Options for generation from the what-if toggles. */
export function whatIfOptions(
  scenario: Scenario,
  w: WhatIf,
): { withoutVeto: string[]; backstops: Record<string, boolean> } {
  const parties = Object.keys(scenario.consent ?? {});
  const backstops: Record<string, boolean> = {};
  if (w.backstop !== undefined) for (const b of scenario.backstops ?? []) backstops[b.id] = w.backstop;
  return { withoutVeto: w.veto ? [] : parties, backstops };
}

/**
 * The force-generation stage (issue 4): a MIP on HiGHS, in a worker thread when `inWorker`.
 * Without requirements in the scenario, the proposal's stated troops (else the sizing
 * recommendation) are required.
 */
export function generationOf(
  scenario: Scenario,
  w: WhatIf,
  opts: { inWorker?: boolean } = {},
): Promise<Stage<GenerationView>> {
  let perScenario = generationCache.get(scenario);
  if (!perScenario) {
    perScenario = new Map();
    generationCache.set(scenario, perScenario);
  }
  const key = JSON.stringify([w.veto, w.backstop ?? null]);
  const cached = perScenario.get(key);
  if (cached) return cached;
  const p = (async (): Promise<Stage<GenerationView>> => {
    if (!scenario.contributors || scenario.contributors.length === 0) {
      return {
        status: "unavailable",
        reason: "the scenario lists no contributors (add `contributors:` to generate a force).",
      };
    }
    const zone = zoneOf(scenario);
    const sizing = sizingOf(scenario);
    const hasRequirements = Boolean(scenario.requirements);
    const requireTroops = hasRequirements
      ? undefined
      : (scenario.force?.troops ?? (sizing.status === "ok" ? Math.round(sizing.value.recommended.troops) : undefined));
    const options = { ...whatIfOptions(scenario, w), requireTroops, timeLimitS: 20 };
    try {
      const r = opts.inWorker ? await generateForceInWorker(scenario, options) : await generateForce(scenario, options);
      return {
        status: "ok",
        value: generationView(
          r,
          zone.status === "ok" ? zone.value : undefined,
          requireTroops ?? scenario.requirements?.totalTroops,
        ),
      };
    } catch (e) {
      return { status: "error", message: message(e) };
    }
  })();
  perScenario.set(key, p);
  return p;
}

const patrolCache = new WeakMap<Scenario, Promise<Stage<PatrolView>>>();

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
    simCoverage: simCoverageBySector(plan),
    assumptions: plan.assumptions,
    solveTimeMs: plan.solveTimeMs,
  };
}

/** The patrol stage (issue 6): a Stackelberg security game over the zone's segments and the protected sites. */
export function patrolOf(scenario: Scenario): Promise<Stage<PatrolView>> {
  let p = patrolCache.get(scenario);
  if (!p) {
    const zone = zoneOf(scenario);
    p =
      zone.status !== "ok"
        ? Promise.resolve({ status: "unavailable", reason: "the zone could not be computed." } as Stage<PatrolView>)
        : planPatrols(scenario, zone.value).then(
            (plan): Stage<PatrolView> => ({ status: "ok", value: patrolView(plan) }),
            (e): Stage<PatrolView> => ({ status: "error", message: message(e) }),
          );
    patrolCache.set(scenario, p);
  }
  return p;
}

export interface PlanStages {
  zone: Stage<Zone>;
  sizing: Stage<SizingView>;
  generation: Stage<GenerationView>;
  patrol: Stage<PatrolView>;
}

export interface StageOptions {
  /** Solve force generation in a worker thread (the server). */
  inWorker?: boolean;
  /** Only the zone and sizing (fast: for side-by-side comparisons). */
  lite?: boolean;
}

const NOT_REQUESTED = { status: "unavailable", reason: "not requested (lite plan)." } as const;

/** Run every available stage. */
export async function runStages(
  scenario: Scenario,
  whatIf: WhatIf = DEFAULT_WHAT_IF,
  opts: StageOptions = {},
): Promise<PlanStages> {
  const zone = zoneOf(scenario);
  return {
    zone,
    sizing: sizingOf(scenario),
    generation: opts.lite ? NOT_REQUESTED : await generationOf(scenario, whatIf, opts),
    patrol: opts.lite ? NOT_REQUESTED : await patrolOf(scenario),
  };
}

/** The plan for one scenario as the web app shows it. */
export async function buildPlanView(
  id: string,
  file: string,
  scenario: Scenario,
  whatIf: WhatIf = DEFAULT_WHAT_IF,
  opts: StageOptions = {},
): Promise<PlanView> {
  const st = await runStages(scenario, whatIf, opts);
  const leads = st.generation.status === "ok" ? st.generation.value.leads : undefined;
  const map =
    st.zone.status === "ok" ? zoneFeatures(st.zone.value) : { type: "FeatureCollection" as const, features: [] };
  if (st.zone.status === "ok" && st.generation.status === "ok")
    map.features.push(...unitFeatures(st.generation.value, st.zone.value));
  map.features.push(...siteFeatures(scenario));
  // Colour sectors by lead nation (Okabe–Ito); without a plan, alternate two neutral tones so sectors stay distinct.
  const colours = colourScale([...new Set(Object.values(leads ?? {}))].sort());
  for (const f of map.features) {
    if (f.properties.layer !== "sector") continue;
    const lead = leads?.[f.properties.id];
    f.properties.leadNation = lead ?? null;
    f.properties.colour = lead
      ? (colours.get(lead) ?? "#999999")
      : Number(f.properties.index) % 2
        ? "#9ecae1"
        : "#c6dbef";
  }
  if (st.patrol.status === "ok") {
    const bySector = new Map<string, number>();
    for (const c of st.patrol.value.coverage) {
      const sid = c.sectorId ?? /^S\d+/.exec(c.target)?.[0];
      if (sid) bySector.set(sid, Math.max(bySector.get(sid) ?? 0, c.probability));
    }
    for (const f of map.features) {
      if (f.properties.layer === "sector" && bySector.has(f.properties.id))
        f.properties.coverage = bySector.get(f.properties.id) ?? 0;
    }
  }
  const backstopDefault = (scenario.backstops ?? []).some((b) => b.present);
  return {
    scenario: summariseScenario(id, file, scenario),
    zone: st.zone.status === "ok" ? { status: "ok", value: summariseZone(st.zone.value, leads) } : st.zone,
    map,
    sizing: st.sizing,
    generation: st.generation,
    patrol: st.patrol,
    whatIf: { veto: whatIf.veto, backstop: whatIf.backstop ?? backstopDefault },
  };
}

/** Force sizes spaced evenly on a log scale from `from` to `to`, rounded to 100 troops, without repeats. */
export function logSteps(from: number, to: number, steps: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = Math.exp(Math.log(from) + ((Math.log(to) - Math.log(from)) * i) / (steps - 1));
    const r = Math.max(100, Math.round(t / 100) * 100);
    if (!out.includes(r)) out.push(r);
  }
  return out;
}
