/**
 * The plain inputs of a sizing, in a module of their own so that the methods, the precedent
 * forecast and the missions table can share them without importing one another in a circle.
 */
import type { OperationalAssumptions } from "../ops/assumptions.js";
import type { Posture } from "../scenario/posture.js";
import type { Threat } from "./params.js";

/**
 * The reference class of a mission: a strip along a line, an area held behind a short line, a
 * territory and its people, or a reassurance force held back from the line.
 */
export type MissionClass = "line" | "zone" | "territory" | "reassurance";

/** Plain numbers a sizing needs. Everything but posture and threat is optional; methods that lack an input say so. */
export interface SizingInputs {
  posture: Posture;
  threat: Threat;
  /** True when the force answers for a territory (theater.areaKm2 given, the Kosovo model), not a strip along a line. */
  territory: boolean;
  /** Length of the line of contact, km. */
  lengthKm?: number;
  /** Area of the buffer zone, km². */
  zoneAreaKm2?: number;
  /** Area of the territory the force answers for, km². */
  theaterAreaKm2?: number;
  /** Inhabitants the force answers for. */
  population?: number;
  /** One observation post per this many km (zone.postSpacingKm). */
  postSpacingKm?: number;
  /** mandate.tourMonths */
  tourMonths?: number;
  /** mandate.incidentsPerDay */
  incidentsPerDay?: number;
  /** mandate.responseTimeTargetMin */
  responseTimeTargetMin?: number;
  /** The operational assumptions shared with the simulator (src/ops); the plan pipeline passes them. */
  operations?: OperationalAssumptions;
  /** Reference class for the precedent forecast; default: territory when `territory`, else line. */
  missionClass?: MissionClass;
  /** Who leads the force (UN, NATO, coalition, national), when known: precedents led alike weigh more. */
  lead?: string;
  /** Places a reassurance force protects (sizing.protect): counts by kind. */
  sites?: { cities: number; airbases: number; ports: number };
  /** The force a deterrent must be able to stop (sizing.opposingForce): troops, and brigades if known. */
  opposingForce?: { troops: number; brigades?: number };
}
