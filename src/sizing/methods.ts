/**
 * The force-sizing methods: each one small, pure, on plain numbers, with its
 * assumptions as named parameters (defaults and sources in params.ts). They return
 * the deployed force: troops on the ground at one time. `sustainment` turns that
 * into the force committed to keep it there.
 */
import { qrfPlan } from "./qrf.js";

/** What a method returns: deployed troops, civilians/police, and the arithmetic behind them. */
export interface MethodResult {
  troops: number;
  civilians: number;
  /** Intermediate figures a planner can check by hand (counts, rates). */
  detail: Record<string, number>;
}

/**
 * Population density (Quinlivan): troops and police per 1,000 inhabitants.
 *
 * @param population inhabitants the force answers for
 * @param troopsPer1000 troops per 1,000 inhabitants
 * @param policePer1000 international police per 1,000 inhabitants (0 when the force does not police)
 * @example densityMethod({ population: 2_000_000, troopsPer1000: 20, policePer1000: 2 }).troops // 40000
 */
export function densityMethod(p: { population: number; troopsPer1000: number; policePer1000: number }): MethodResult {
  return {
    troops: (p.population * p.troopsPer1000) / 1000,
    civilians: (p.population * p.policePer1000) / 1000,
    detail: { population: p.population, troopsPer1000: p.troopsPer1000, policePer1000: p.policePer1000 },
  };
}

/**
 * Frontage: troops per km of line (monitor, interpose, stabilise).
 *
 * @param lengthKm length of the line, km
 * @param troopsPerKm troops per km of line
 * @param civiliansPerKm civilian monitors and police per km of line
 * @example frontageMethod({ lengthKm: 180, troopsPerKm: 25, civiliansPerKm: 0.5 }).troops // 4500
 */
export function frontageMethod(p: { lengthKm: number; troopsPerKm: number; civiliansPerKm: number }): MethodResult {
  return {
    troops: p.lengthKm * p.troopsPerKm,
    civilians: p.lengthKm * p.civiliansPerKm,
    detail: { lengthKm: p.lengthKm, troopsPerKm: p.troopsPerKm },
  };
}

/**
 * Frontage for a force that must be able to stop an attack: whole brigades, each holding
 * `brigadeFrontageKm` of the line; when the opposing force is known, also at least one brigade
 * per `forceRatio` opposing brigades (a prepared defence holds against about 3:1, Mearsheimer 1989).
 * brigades = max(⌈L / frontage⌉, ⌈opposing brigades / forceRatio⌉).
 *
 * @param opposingBrigades brigade-equivalents of the force the line must stop (optional)
 * @param forceRatio attacker-to-defender ratio a prepared defence holds (with opposingBrigades)
 * @param lengthKm length of the line, km
 * @param brigadeTroops troops in one brigade with its combat support
 * @param brigadeFrontageKm km of line one brigade holds
 * @example brigadeFrontageMethod({ lengthKm: 1200, brigadeTroops: 5000, brigadeFrontageKm: 30 }).troops // 200000
 */
export function brigadeFrontageMethod(p: {
  lengthKm: number;
  brigadeTroops: number;
  brigadeFrontageKm: number;
  opposingBrigades?: number;
  forceRatio?: number;
}): MethodResult {
  const byLine = Math.ceil(p.lengthKm / p.brigadeFrontageKm - 1e-9);
  const byRatio =
    p.opposingBrigades !== undefined && p.forceRatio !== undefined && p.forceRatio > 0
      ? Math.ceil(p.opposingBrigades / p.forceRatio - 1e-9)
      : 0;
  const brigades = Math.max(byLine, byRatio);
  return {
    troops: brigades * p.brigadeTroops,
    civilians: 0,
    detail: {
      lengthKm: p.lengthKm,
      brigades,
      brigadesByLine: byLine,
      brigadesByForceRatio: byRatio,
      troopsPerKm: (brigades * p.brigadeTroops) / p.lengthKm,
    },
  };
}

/**
 * Zone area: troops per km² of the area the force answers for.
 *
 * @param areaKm2 area, km² (the zone, or the territory for a Kosovo-type mission)
 * @param troopsPerKm2 troops per km²
 * @example zoneAreaMethod({ areaKm2: 346, troopsPerKm2: 2 }).troops // 692
 */
export function zoneAreaMethod(p: { areaKm2: number; troopsPerKm2: number }): MethodResult {
  return {
    troops: p.areaKm2 * p.troopsPerKm2,
    civilians: 0,
    detail: { areaKm2: p.areaKm2, troopsPerKm2: p.troopsPerKm2 },
  };
}

/**
 * Sites (reassure): a force held back from the line, protecting cities, airbases and ports, with
 * manoeuvre brigades in reserve: combat = Σ sites × garrison + reserve brigades × brigade;
 * total = combat / (1 − enablerShare).
 *
 * @example sitesMethod({ cities: 3, airbases: 3, ports: 2, cityGarrison: 1000, airbaseGarrison: 300,
 *   portGarrison: 300, reserveBrigades: 1, brigadeTroops: 5000, enablerShare: 0.35 }).troops // (4,500 + 5,000) / 0.65 ≈ 14,615
 */
export function sitesMethod(p: {
  cities: number;
  airbases: number;
  ports: number;
  cityGarrison: number;
  airbaseGarrison: number;
  portGarrison: number;
  reserveBrigades: number;
  brigadeTroops: number;
  enablerShare: number;
}): MethodResult {
  const garrisons = p.cities * p.cityGarrison + p.airbases * p.airbaseGarrison + p.ports * p.portGarrison;
  const reserve = p.reserveBrigades * p.brigadeTroops;
  const troops = (garrisons + reserve) / (1 - p.enablerShare);
  return {
    troops,
    civilians: 0,
    detail: {
      cities: p.cities,
      airbases: p.airbases,
      ports: p.ports,
      garrisonTroops: garrisons,
      reserveTroops: reserve,
      enablerTroops: troops - garrisons - reserve,
    },
  };
}

/** Named inputs of the task-based method. */
export interface TaskParams {
  /** Length of the line, km. */
  lengthKm: number;
  /** One observation post per this many km of line. */
  postSpacingKm: number;
  /** People on duty at each post at any moment. */
  crewPerPost: number;
  /** People needed to keep one position filled around the clock (posts and QRF standby). */
  reliefs: number;
  /** One patrol a day per this many km of line. */
  patrolSpacingKm: number;
  /** People in a patrol. */
  patrolSize: number;
  /** Hours one patrol lasts. */
  patrolDurationH: number;
  /** Hours of duty one person does per day. */
  dutyHoursPerDay: number;
  /** Civilian monitors riding with each patrol. */
  monitorsPerPatrol: number;
  /** Incidents a day along the whole line needing a quick-reaction response. */
  incidentsPerDay: number;
  /** Target time for a QRF to reach an incident, minutes (travel plus waiting for a free team). */
  responseTimeTargetMin: number;
  /** Hours a QRF team is busy per incident. */
  serviceTimeH: number;
  /** QRF road speed, km/h. */
  qrfSpeedKmh: number;
  /** Road km per straight-line km. */
  roadFactor: number;
  /** Share of incidents that must be reached within the response target. */
  serviceLevel: number;
  /** Troops in one QRF team. */
  qrfTeamSize: number;
  /** Share of the deployed force in enablers (logistics, medical, aviation, engineers, command). */
  enablerShare: number;
  /**
   * Share of the deployed force that stands in quick-reaction units, when the plan fixes it (the
   * simulator's qrfShare, shared through src/ops). The force must then be large enough that this
   * share covers the QRF the queue needs: troops ≥ qrfTroops / qrfShare.
   */
  qrfShare?: number;
}

/**
 * Task-based (bottom-up) sizing:
 * - posts: ⌈L / postSpacing⌉ × crew × reliefs;
 * - patrols: (L / patrolSpacing) patrols a day × size × duration / duty hours;
 * - quick-reaction force (qrf.ts): the number of bases B and teams per base c with the fewest
 *   teams B·c such that a share serviceLevel of incidents, falling uniformly along the line, is
 *   reached within the target (travel at speed/roadFactor plus the Erlang-C wait at its base);
 *   troops = teams × team × reliefs;
 * - enablers: total = combat / (1 − enablerShare);
 * - with a fixed QRF share (the simulator's, via src/ops): total ≥ QRF troops / qrfShare.
 *
 * @example taskMethod({ lengthKm: 100, postSpacingKm: 10, crewPerPost: 4, reliefs: 3, ... }).detail.posts // 10
 */
export function taskMethod(p: TaskParams): MethodResult {
  const posts = Math.ceil(p.lengthKm / p.postSpacingKm - 1e-9);
  const postTroops = posts * p.crewPerPost * p.reliefs;
  const patrolsPerDay = p.lengthKm / p.patrolSpacingKm;
  const patrolShare = p.patrolDurationH / p.dutyHoursPerDay;
  const patrolTroops = patrolsPerDay * p.patrolSize * patrolShare;
  const q = qrfPlan({
    lengthKm: p.lengthKm,
    incidentsPerDay: p.incidentsPerDay,
    serviceTimeH: p.serviceTimeH,
    responseTimeTargetMin: p.responseTimeTargetMin,
    qrfSpeedKmh: p.qrfSpeedKmh,
    roadFactor: p.roadFactor,
    serviceLevel: p.serviceLevel,
  });
  const qrfBases = q.bases;
  const qrfTroops = q.teams * p.qrfTeamSize * p.reliefs;
  const combat = postTroops + patrolTroops + qrfTroops;
  const byTasks = combat / (1 - p.enablerShare);
  // With a fixed QRF share (the simulator's), the queue's QRF must fit in that share of the force.
  const byQrfShare = p.qrfShare !== undefined && p.qrfShare > 0 ? qrfTroops / p.qrfShare : 0;
  const troops = Math.max(byTasks, byQrfShare);
  return {
    troops,
    civilians: patrolsPerDay * p.monitorsPerPatrol * patrolShare,
    detail: {
      posts,
      postTroops,
      patrolsPerDay,
      patrolTroops,
      qrfBases,
      qrfTeamsPerBase: q.teamsPerBase,
      qrfLateShare: q.lateShare,
      qrfUtilisation: q.utilisation,
      qrfTroops,
      enablerTroops: troops - combat,
      ...(p.qrfShare !== undefined ? { qrfShare: p.qrfShare, qrfShareBound: byQrfShare > byTasks ? 1 : 0 } : {}),
    },
  };
}

/**
 * Sustainment: the force committed to keep `deployed` troops in place for years.
 * Each unit spends `tourMonths` deployed and `dwellMonths` preparing and recovering, so
 * committed = deployed × (1 + dwellMonths / tourMonths). 6-month tours with 12 months of
 * dwell are the rule of thirds (3×).
 *
 * @example sustainment({ deployed: 10000, tourMonths: 6, dwellMonths: 12 }).committed // 30000
 */
export function sustainment(p: { deployed: number; tourMonths: number; dwellMonths: number }): {
  committed: number;
  multiplier: number;
} {
  const multiplier = 1 + p.dwellMonths / p.tourMonths;
  return { committed: p.deployed * multiplier, multiplier };
}
