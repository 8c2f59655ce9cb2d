/**
 * Runs the planning stages that exist for one scenario and gathers their results
 * into a PlanView for the web app and the report. A stage that is not built yet,
 * or does not apply to the scenario, is reported as unavailable with the reason,
 * never silently left out.
 */

import type { Zone } from "../geo/types.js";
import { computeZone } from "../geo/zone.js";
import type { Scenario } from "../scenario/schema.js";
import { zoneFeatures } from "./features.js";
import { colourScale } from "./palette.js";
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

export const DEFAULT_WHAT_IF: WhatIf = { veto: true, backstop: true };

function run<T>(f: () => T): Stage<T> {
  try {
    return { status: "ok", value: f() };
  } catch (e) {
    return { status: "error", message: e instanceof Error ? e.message : String(e) };
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
    sectors: zone.sectors.map((s) => ({
      id: s.id,
      lengthKm: s.lengthKm,
      areaKm2: s.areaKm2,
      startKm: s.startKm,
      endKm: s.endKm,
      leadNation: leads?.[s.id],
    })),
    posts: zone.posts.length,
    withdrawalLines: zone.withdrawalLines.map((w) => ({ name: w.name, km: w.km })),
  };
}

// Scenarios are immutable once validated; the zone of a long line takes seconds, so compute it once.
const zoneCache = new WeakMap<Scenario, Stage<Zone>>();

/** The zone stage for a scenario, computed once per scenario object. */
export function zoneOf(scenario: Scenario): Stage<Zone> {
  let z = zoneCache.get(scenario);
  if (!z) {
    z = run(() => computeZone(scenario));
    zoneCache.set(scenario, z);
  }
  return z;
}

export interface PlanStages {
  zone: Stage<Zone>;
  sizing: Stage<SizingView>;
  generation: Stage<GenerationView>;
  patrol: Stage<PatrolView>;
}

/** Run every available stage. Pure apart from the stages' own work (no I/O). */
export function runStages(scenario: Scenario, _whatIf: WhatIf = DEFAULT_WHAT_IF): PlanStages {
  const zone = zoneOf(scenario);
  return {
    zone,
    sizing: { status: "unavailable", reason: "the sizing stage (issue 3) is not in this build yet." },
    generation: { status: "unavailable", reason: "the force-generation stage (issue 4) is not in this build yet." },
    patrol: { status: "unavailable", reason: "the patrol-planning stage (issue 6) is not in this build yet." },
  };
}

/** The plan for one scenario as the web app shows it. */
export function buildPlanView(
  id: string,
  file: string,
  scenario: Scenario,
  whatIf: WhatIf = DEFAULT_WHAT_IF,
): PlanView {
  const st = runStages(scenario, whatIf);
  const leads = st.generation.status === "ok" ? st.generation.value.leads : undefined;
  const map =
    st.zone.status === "ok" ? zoneFeatures(st.zone.value) : { type: "FeatureCollection" as const, features: [] };
  // Colour sectors by lead nation (Okabe–Ito); without a plan, alternate two neutral tones so sectors stay distinct.
  const colours = colourScale(Object.values(leads ?? {}).sort());
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
  return {
    scenario: summariseScenario(id, file, scenario),
    zone: st.zone.status === "ok" ? { status: "ok", value: summariseZone(st.zone.value, leads) } : st.zone,
    map,
    sizing: st.sizing,
    generation: st.generation,
    patrol: st.patrol,
    whatIf,
  };
}
