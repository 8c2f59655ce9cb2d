/**
 * The adapter from a validated scenario (and its computed zone) to the plain numbers
 * the sizing methods take. Pure: the caller computes the zone.
 */
import type { Zone } from "../geo/types.js";
import type { Scenario } from "../scenario/schema.js";
import type { ProposalInput } from "./compare.js";
import type { ParamName, ParamOverride } from "./params.js";
import { type SizingInputs, type SizingResult, sizeScenario } from "./size.js";

/** Scenario fields sizing reads. `sizing` is the optional overrides section. */
export type SizableScenario = Pick<Scenario, "name" | "mandate" | "zone" | "theater" | "force"> & {
  sizing?: {
    overrides?: Partial<Record<ParamName, ParamOverride | undefined>>;
    opposingForce?: { troops: number; brigades?: number; source?: string };
    protect?: Array<{ name: string; type: "city" | "airbase" | "port" }>;
  };
};

/**
 * Sizing inputs from a scenario and its zone (`computeZone(scenario)`).
 * The force answers for a territory when the scenario gives theater.areaKm2 (the Kosovo model).
 */
export function sizingInputsFromScenario(
  scenario: SizableScenario,
  zone: Pick<Zone, "lengthKm" | "areaKm2">,
): SizingInputs {
  const m = scenario.mandate;
  return {
    posture: m.posture,
    threat: m.threat,
    territory: scenario.theater?.areaKm2 !== undefined,
    lengthKm: zone.lengthKm,
    zoneAreaKm2: zone.areaKm2,
    theaterAreaKm2: scenario.theater?.areaKm2,
    population: scenario.theater?.population,
    postSpacingKm: scenario.zone.postSpacingKm,
    tourMonths: m.tourMonths,
    incidentsPerDay: m.incidentsPerDay,
    responseTimeTargetMin: m.responseTimeTargetMin,
    ...(m.posture === "reassure" ? { missionClass: "reassurance" as const } : {}),
    ...(scenario.sizing?.protect
      ? {
          sites: {
            cities: scenario.sizing.protect.filter((p) => p.type === "city").length,
            airbases: scenario.sizing.protect.filter((p) => p.type === "airbase").length,
            ports: scenario.sizing.protect.filter((p) => p.type === "port").length,
          },
        }
      : {}),
    ...(scenario.sizing?.opposingForce
      ? {
          opposingForce: {
            troops: scenario.sizing.opposingForce.troops,
            ...(scenario.sizing.opposingForce.brigades !== undefined
              ? { brigades: scenario.sizing.opposingForce.brigades }
              : {}),
          },
        }
      : {}),
  };
}

/** The overrides a scenario's `sizing:` section states (none when absent). */
export function sizingOverrides(scenario: SizableScenario): Partial<Record<ParamName, ParamOverride>> {
  const out: Partial<Record<ParamName, ParamOverride>> = {};
  for (const [k, v] of Object.entries(scenario.sizing?.overrides ?? {})) if (v !== undefined) out[k as ParamName] = v;
  return out;
}

/** A proposal for compareProposals: the scenario's inputs, overrides and stated force. */
export function proposalFromScenario(
  scenario: SizableScenario,
  zone: Pick<Zone, "lengthKm" | "areaKm2">,
): ProposalInput {
  return {
    name: scenario.name,
    inputs: sizingInputsFromScenario(scenario, zone),
    stated: {
      troops: scenario.force?.troops,
      police: scenario.force?.police,
      civilianMonitors: scenario.force?.civilianMonitors,
    },
    overrides: sizingOverrides(scenario),
  };
}

/**
 * `size(scenario, zone)` of the pipeline: the scenario's inputs and overrides through sizeScenario.
 *
 * @example sizeFromScenario(scenario, computeZone(scenario)).recommended.troops
 */
export function sizeFromScenario(scenario: SizableScenario, zone: Pick<Zone, "lengthKm" | "areaKm2">): SizingResult {
  return sizeScenario(sizingInputsFromScenario(scenario, zone), { overrides: sizingOverrides(scenario) });
}
