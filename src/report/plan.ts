/**
 * The plan as the web app and the report show it: the pipeline's stage results
 * (src/plan) plus map features (zone, unit symbols, sites, sector colours). Rendering
 * only: no stage runs here.
 */
import type { Place } from "../geo/population.js";
import type { Zone } from "../geo/types.js";
import { DEFAULT_WHAT_IF, type Planner, planSectorFor, summariseScenario, summariseZone } from "../plan/index.js";
import type { GenerationView, WhatIf } from "../plan/types.js";
import type { Scenario } from "../scenario/schema.js";
import type { MapFeature } from "./features.js";
import { zoneFeatures } from "./features.js";
import { colourScale } from "./palette.js";
import { echelonFor, sidcFor } from "./symbols.js";
import type { PlanView } from "./types.js";

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

/** The plan for one scenario as the web app shows it. */
export async function buildPlanView(
  planner: Planner,
  id: string,
  file: string,
  scenario: Scenario,
  whatIf: WhatIf = DEFAULT_WHAT_IF,
  opts: { lite?: boolean; places?: readonly Place[] } = {},
): Promise<PlanView> {
  const st = await planner.plan(scenario, whatIf, { lite: opts.lite });
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
    zone: st.zone.status === "ok" ? { status: "ok", value: summariseZone(st.zone.value, leads, opts.places) } : st.zone,
    map,
    sizing: st.sizing,
    generation: st.generation,
    patrol: st.patrol,
    links: st.links,
    whatIf: { veto: whatIf.veto, backstop: whatIf.backstop ?? backstopDefault },
  };
}
