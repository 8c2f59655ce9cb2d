/**
 * The `simulation:` scenario section: every parameter of the operations model,
 * with its unit in its name and a documented default (docs/simulation.md says
 * where each default comes from). Validated once here; the model reads the
 * parsed, fully defaulted object.
 */
import { z } from "zod";
import { TruceInputError } from "../errors/index.js";
import { BOUNDS, type Bound, boundedInt, boundedNumber, tooLargeMessage } from "../scenario/bounds.js";

/** Incident types, in the order used by every per-type array in the model. */
export const INCIDENT_TYPES = ["ceasefireViolation", "riot", "armedClash", "incursion"] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** Escalation-of-force ladder ("proportionate force"), lowest rung first. */
export const FORCE_LADDER = ["presence", "verbal", "showOfForce", "nonLethal", "warningShot", "lethal"] as const;
export type ForceRung = (typeof FORCE_LADDER)[number];

/** Who bears an incident's own violence. */
export const CASUALTY_GROUPS = ["civilian", "party", "peacekeeper"] as const;

const prob = (d: string) => z.number().min(0).max(1).describe(d);
/** Durations and speeds stay unbounded (tests model "never" and "instant" as 1e9 h or 1e12 km/h); counts are bounded. */
const pos = (d: string, b?: Bound) => (b ? boundedNumber(b) : z.number()).positive().describe(d);

interface TypeDefaults {
  ratePerSectorDay: number;
  branchingRatio: number;
  decayH: number;
  crowdMedian: number;
  crowdSigma: number;
  goldenTimeMin: number;
  onSceneMin: number;
  selfResolveH: number;
  escalationProbability: number;
  containRatio: number;
  escalationSpawnMean: number;
  escalationCrowdGrowth: number;
  deathsPerParticipant: number;
  injuredPerParticipant: number;
  victims: "civilian" | "party";
  peacekeeperInjuriesPerParticipant: number;
  maxForce: ForceRung;
  responseShare: number;
}

function incidentTypeSchema(d: TypeDefaults) {
  return z
    .strictObject({
      ratePerSectorDay: z
        .union([
          boundedNumber(BOUNDS.ratePerSectorDay).nonnegative().describe("Base rate, incidents per sector per day."),
          z.record(z.string(), boundedNumber(BOUNDS.ratePerSectorDay).nonnegative()),
        ])
        .default(d.ratePerSectorDay)
        .describe(
          `Hawkes base rate μ, incidents per sector per day: one number for every sector, or a map from sector id ("S01") to rate (others get 0). Default ${d.ratePerSectorDay}.`,
        ),
      branchingRatio: z
        .number()
        .min(0)
        .lt(1, { message: "branching ratio must be below 1 (at 1 or above the Hawkes process explodes)" })
        .default(d.branchingRatio)
        .describe(
          `Hawkes branching ratio n: expected direct offspring per incident, in [0, 1). Default ${d.branchingRatio}.`,
        ),
      decayH: pos(
        `Mean lag of an offspring after its parent (exponential kernel 1/decayH), hours. Default ${d.decayH}.`,
      ).default(d.decayH),
      crowdMedian: pos(
        `Median number of participants (rioters, shooters, intruders). Default ${d.crowdMedian}.`,
        BOUNDS.crowd,
      ).default(d.crowdMedian),
      crowdSigma: boundedNumber(BOUNDS.logSpread)
        .nonnegative()
        .default(d.crowdSigma)
        .describe(`Log-normal spread of participants (σ of ln). Default ${d.crowdSigma}.`),
      goldenTimeMin: pos(
        `Time from the incident's start within which responders must be on scene, minutes. Default ${d.goldenTimeMin}.`,
      ).default(d.goldenTimeMin),
      onSceneMin: pos(`Mean time responders spend on scene (exponential), minutes. Default ${d.onSceneMin}.`).default(
        d.onSceneMin,
      ),
      selfResolveH: pos(
        `Mean time an unanswered incident lasts before it dies out by itself (exponential), hours. Default ${d.selfResolveH}.`,
      ).default(d.selfResolveH),
      escalationProbability: prob(
        `Probability of escalation at the golden time with nobody on scene. Default ${d.escalationProbability}.`,
      ).default(d.escalationProbability),
      containRatio: pos(
        `Responders per participant at which the escalation probability halves; also sets how many units are sent. Default ${d.containRatio}.`,
        BOUNDS.sizingValue,
      ).default(d.containRatio),
      escalationSpawnMean: boundedNumber(BOUNDS.spawnMean)
        .nonnegative()
        .default(d.escalationSpawnMean)
        .describe(
          `Mean number of new incidents an escalation sets off (Poisson), in this or a neighbouring sector. Default ${d.escalationSpawnMean}.`,
        ),
      escalationCrowdGrowth: boundedNumber(BOUNDS.sizingValue)
        .min(1)
        .default(d.escalationCrowdGrowth)
        .describe(`Factor by which participants grow on escalation. Default ${d.escalationCrowdGrowth}.`),
      deathsPerParticipant: boundedNumber(BOUNDS.spawnMean)
        .nonnegative()
        .default(d.deathsPerParticipant)
        .describe(
          `Deaths per participant of an escalated incident's own violence (Poisson mean). Default ${d.deathsPerParticipant}.`,
        ),
      injuredPerParticipant: boundedNumber(BOUNDS.spawnMean)
        .nonnegative()
        .default(d.injuredPerParticipant)
        .describe(
          `Injured per participant of an escalated incident's own violence. Default ${d.injuredPerParticipant}.`,
        ),
      victims: z
        .enum(["civilian", "party"])
        .default(d.victims)
        .describe(`Group that bears the incident's own violence. Default ${d.victims}.`),
      peacekeeperInjuriesPerParticipant: boundedNumber(BOUNDS.spawnMean)
        .nonnegative()
        .default(d.peacekeeperInjuriesPerParticipant)
        .describe(
          `Peacekeepers injured per participant when force reaches physical contact (non-lethal or above), capped at half the responders. Default ${d.peacekeeperInjuriesPerParticipant}.`,
        ),
      responseShare: prob(
        `Share of these incidents that need a unit on site (the rest are logged and verified remotely: crater analysis, drones, reports). Default ${d.responseShare}.`,
      ).default(d.responseShare),
      maxForce: z
        .enum(FORCE_LADDER)
        .default(d.maxForce)
        .describe(
          `Highest rung of the escalation-of-force ladder the rules of engagement allow. Default ${d.maxForce}.`,
        ),
    })
    .prefault({});
}

export const shockSchema = z.strictObject({
  name: z.string().default("shock").describe("What sets it off, e.g. 'false rumour of drowned children'."),
  atDay: boundedNumber(BOUNDS.days).nonnegative().describe("When it happens, days from the start."),
  sectors: z
    .union([z.literal("all"), z.array(z.string()), z.number().min(0).max(1)])
    .default("all")
    .describe("Sectors hit: 'all', a list of sector ids, or a share of sectors (taken at random each replication)."),
  types: z.array(z.enum(INCIDENT_TYPES)).min(1).default(["riot"]).describe("Incident types it sets off."),
  incidentsPerSector: boundedNumber(BOUNDS.incidentsPerShock)
    .nonnegative()
    .describe("Expected incidents it sets off in each sector hit (Poisson), per type."),
  durationH: pos("Mean delay of those incidents after the shock (exponential), hours. Default 6.").default(6),
});

export const simulationSchema = z
  .strictObject({
    days: pos("Horizon, days. Default 30.", BOUNDS.days).default(30),
    replications: boundedInt(BOUNDS.replications).positive().default(200).describe("Independent runs. Default 200."),
    seed: boundedInt(BOUNDS.seed)
      .default(1)
      .describe("Seed: same scenario and seed give the same numbers, bit for bit. Default 1."),
    troops: boundedInt(BOUNDS.troops).optional().describe("Troops to simulate; default force.troops."),
    spilloverShare: prob(
      "Share of offspring and escalation spawns that land in a neighbouring sector. Default 0.3.",
    ).default(0.3),
    incidents: z
      .strictObject({
        ceasefireViolation: incidentTypeSchema({
          ratePerSectorDay: 5,
          branchingRatio: 0.5,
          decayH: 2,
          crowdMedian: 6,
          crowdSigma: 0.5,
          goldenTimeMin: 60,
          onSceneMin: 60,
          selfResolveH: 1,
          escalationProbability: 0.05,
          containRatio: 1,
          escalationSpawnMean: 1,
          escalationCrowdGrowth: 2,
          deathsPerParticipant: 0.003,
          injuredPerParticipant: 0.01,
          victims: "party",
          peacekeeperInjuriesPerParticipant: 0,
          maxForce: "showOfForce",
          responseShare: 0.25,
        }),
        riot: incidentTypeSchema({
          ratePerSectorDay: 0.02,
          branchingRatio: 0.3,
          decayH: 6,
          crowdMedian: 300,
          crowdSigma: 1,
          goldenTimeMin: 45,
          onSceneMin: 180,
          selfResolveH: 6,
          escalationProbability: 0.5,
          containRatio: 0.1,
          escalationSpawnMean: 1,
          escalationCrowdGrowth: 3,
          deathsPerParticipant: 0.0004,
          injuredPerParticipant: 0.015,
          victims: "civilian",
          peacekeeperInjuriesPerParticipant: 0.01,
          maxForce: "warningShot",
          responseShare: 1,
        }),
        armedClash: incidentTypeSchema({
          ratePerSectorDay: 0.05,
          branchingRatio: 0.4,
          decayH: 3,
          crowdMedian: 20,
          crowdSigma: 0.7,
          goldenTimeMin: 30,
          onSceneMin: 120,
          selfResolveH: 2,
          escalationProbability: 0.3,
          containRatio: 1,
          escalationSpawnMean: 1,
          escalationCrowdGrowth: 2,
          deathsPerParticipant: 0.02,
          injuredPerParticipant: 0.1,
          victims: "party",
          peacekeeperInjuriesPerParticipant: 0.05,
          maxForce: "lethal",
          responseShare: 1,
        }),
        incursion: incidentTypeSchema({
          ratePerSectorDay: 0.02,
          branchingRatio: 0.2,
          decayH: 6,
          crowdMedian: 30,
          crowdSigma: 0.7,
          goldenTimeMin: 60,
          onSceneMin: 240,
          selfResolveH: 12,
          escalationProbability: 0.4,
          containRatio: 1,
          escalationSpawnMean: 1,
          escalationCrowdGrowth: 2,
          deathsPerParticipant: 0.01,
          injuredPerParticipant: 0.03,
          victims: "party",
          peacekeeperInjuriesPerParticipant: 0.02,
          maxForce: "lethal",
          responseShare: 1,
        }),
      })
      .prefault({})
      .describe("Per-type incident processes and their consequences."),
    shocks: z
      .array(shockSchema)
      .max(BOUNDS.shocks.max, { message: tooLargeMessage(BOUNDS.shocks) })
      .default([])
      .describe("Shock events that raise incidents in many sectors at once (a rumour, an assassination)."),
    detection: z
      .strictObject({
        minProbability: prob(
          "Detection probability with no observers at all. Default 0.3 (locals call it in).",
        ).default(0.3),
        maxProbability: prob("Detection probability with saturated coverage. Default 0.98.").default(0.98),
        observersPerKm2AtHalf: pos(
          "Observers on watch per km² of zone that close half the gap between min and max. Default 0.5.",
          BOUNDS.sizingValue,
        ).default(0.5),
        meanDelayMin: z
          .number()
          .nonnegative()
          .default(10)
          .describe("Mean detection delay (exponential), minutes. Default 10."),
      })
      .prefault({})
      .describe("Detection by posts, patrols and drones."),
    response: z
      .strictObject({
        qrfShare: prob("Share of troops in quick-reaction units. Default 0.15.").default(0.15),
        observeShare: prob("Share of troops on posts and patrols (observers). Default 0.5.").default(0.5),
        unitSize: boundedInt(BOUNDS.unitSize)
          .positive()
          .default(40)
          .describe("Soldiers in one quick-reaction unit (a platoon). Default 40."),
        qrfUnits: boundedInt(BOUNDS.qrfUnits)
          .optional()
          .describe("Quick-reaction units; overrides the troops mapping."),
        availability: prob(
          "Share of units on duty at any time (shifts, rest, maintenance, leave). Default 0.5.",
        ).default(0.5),
        speedKmh: pos("Travel speed, km/h. Default 40.").default(40),
        roadFactor: boundedNumber(BOUNDS.sizingValue)
          .min(1)
          .default(1.4)
          .describe("Road distance / straight distance. Default 1.4."),
        restMin: z
          .number()
          .nonnegative()
          .default(30)
          .describe("Rest after each task before the unit is available again, minutes. Default 30."),
        maxDispatchKm: boundedNumber(BOUNDS.distanceKm)
          .nonnegative()
          .default(150)
          .describe("A unit covers the sectors within this distance of its base (along the line), km. Default 150."),
        maxUnitsPerIncident: boundedInt(BOUNDS.unitsPerIncident)
          .positive()
          .default(4)
          .describe("Most units sent to one incident. Default 4."),
      })
      .prefault({})
      .describe("Quick-reaction force: size, availability and movement."),
    police: z
      .strictObject({
        responseShare: prob(
          "Share of the scenario's police (force.police) in formed units that answer incidents; the rest observe. Default 0.3.",
        ).default(0.3),
        unitSize: boundedInt(BOUNDS.unitSize)
          .positive()
          .default(30)
          .describe("Officers in one formed police unit sent to an incident. Default 30."),
        availability: prob("Share of police units on duty at any time. Default 0.5.").default(0.5),
        respondsTo: z
          .array(z.enum(INCIDENT_TYPES))
          .default(["riot"])
          .describe("Incident types police units answer (low-level disorder). Default [riot]."),
      })
      .prefault({})
      .describe(
        "Police as responders (force.police): formed units answer low-level incidents; all police and civilian monitors observe.",
      ),
    force: z
      .strictObject({
        ladderSuccess: z
          .array(z.number().min(0).max(1))
          .length(FORCE_LADDER.length)
          .default([0.3, 0.3, 0.3, 0.6, 0.5, 0.9])
          .describe(
            "Probability that each rung (presence, verbal, show of force, non-lethal, warning shot, lethal) ends the incident at the contain ratio. Default [0.3, 0.3, 0.3, 0.6, 0.5, 0.9].",
          ),
        nonLethalInjuredPerParticipant: boundedNumber(BOUNDS.spawnMean)
          .nonnegative()
          .default(0.005)
          .describe("Participants injured when non-lethal force is used. Default 0.005."),
        lethalDeathsMean: boundedNumber(BOUNDS.spawnMean)
          .nonnegative()
          .default(1)
          .describe("Deaths when lethal force is used (Poisson mean). Default 1."),
        lethalInjuredMean: boundedNumber(BOUNDS.spawnMean)
          .nonnegative()
          .default(2)
          .describe("Injured when lethal force is used (Poisson mean). Default 2."),
      })
      .prefault({})
      .describe("Escalation-of-force ladder."),
    breakdown: z
      .strictObject({
        cascadeEscalations: boundedInt(BOUNDS.incidentsPerReplication)
          .positive()
          .default(10)
          .describe(
            "A run is a ceasefire breakdown if one cascade (a root incident or shock and everything it sets off) holds this many escalations. Default 10 (Kosovo, March 2004: one rumour, ~33 riots).",
          ),
        maxIncidents: boundedInt(BOUNDS.incidentsPerReplication)
          .positive()
          .default(500_000)
          .describe(
            "Safety cap on incidents per replication (a runaway cascade stops there and counts as a breakdown). Default 500,000.",
          ),
      })
      .prefault({})
      .describe("What counts as ceasefire breakdown."),
  })
  .describe("Operations simulation: Monte Carlo discrete-event model of incidents and response (truce simulate).");

export type SimulationInput = z.input<typeof simulationSchema>;
export type SimulationParams = z.output<typeof simulationSchema>;
export type IncidentTypeParams = SimulationParams["incidents"]["riot"];
export type ShockParams = z.output<typeof shockSchema>;

/** Effective branching at or above this warns: cascades grow long and slow to die out. */
export const BRANCHING_WARN = 0.95;

/**
 * Effective branching of an incident type left alone: direct offspring (Hawkes n) plus the
 * incidents its escalation sets off (escalationProbability × escalationSpawnMean). At 1 or more
 * cascades never die out on their own.
 */
export function effectiveBranching(t: IncidentTypeParams): number {
  return t.branchingRatio + t.escalationProbability * t.escalationSpawnMean;
}

/**
 * The stability check: warnings for types at BRANCHING_WARN or more; at 1 or more without an
 * explicit `breakdown.maxIncidents` cap in the section, one TruceInputError naming the field.
 */
export function stabilityWarnings(p: SimulationParams, section: unknown): string[] {
  const given = (section as { breakdown?: { maxIncidents?: unknown } } | undefined)?.breakdown?.maxIncidents;
  const out: string[] = [];
  for (const type of INCIDENT_TYPES) {
    const t = p.incidents[type];
    const b = effectiveBranching(t);
    if (b < BRANCHING_WARN) continue;
    const what = `${type}: effective branching n + escalationProbability × escalationSpawnMean = ${t.branchingRatio} + ${t.escalationProbability} × ${t.escalationSpawnMean} = ${b.toFixed(3)}`;
    if (b >= 1 && given === undefined)
      throw new TruceInputError({
        path: `simulation.incidents.${type}.escalationSpawnMean`,
        problem: `${what} is 1 or more: unanswered cascades never die out.`,
        fix: "Lower escalationSpawnMean, escalationProbability or branchingRatio, or set simulation.breakdown.maxIncidents to cap runaway runs on purpose.",
      });
    out.push(
      b >= 1
        ? `${what} ≥ 1: cascades explode until the cap (breakdown.maxIncidents ${p.breakdown.maxIncidents}).`
        : `${what} is close to 1: cascades left alone die out slowly.`,
    );
  }
  return out;
}

/** Parse a `simulation:` section (or nothing: all defaults); problems become one TruceInputError naming the field. */
export function resolveSimulationParams(section: unknown): SimulationParams {
  const r = simulationSchema.safeParse(section ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = ["simulation", ...issue.path.map(String)].join(".");
  throw new TruceInputError({
    path,
    problem: issue.message,
    fix: "See docs/simulation.md for each parameter's range and default.",
  });
}
