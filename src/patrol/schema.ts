/**
 * The `sites:` and `patrol:` scenario sections (registered in src/scenario/schema.ts).
 */
import { z } from "zod";
import { BOUNDS, boundedInt, boundedNumber, tooLargeMessage } from "../scenario/bounds.js";
import { SITE_TYPES, TARGET_TYPES } from "./payoffs.js";

const payoff = () =>
  z
    .number()
    .min(-BOUNDS.payoff.max, { message: `must be at least -${BOUNDS.payoff.max} (${BOUNDS.payoff.why})` })
    .max(BOUNDS.payoff.max, { message: tooLargeMessage(BOUNDS.payoff) });

const payoffOverrideSchema = z
  .strictObject({
    defenderCovered: payoff().optional().describe("Force's payoff if the target is hit while a patrol covers it."),
    defenderUncovered: payoff().optional().describe("Force's payoff if the target is hit with no patrol there."),
    attackerCovered: payoff().optional().describe("Attacker's payoff if it hits the target while covered."),
    attackerUncovered: payoff().optional().describe("Attacker's payoff if it hits the target uncovered."),
  })
  .describe(
    "Payoffs on a −10…+10 scale; any field left out keeps the site-type default. Covering must help the force (defenderCovered > defenderUncovered) and hurt the attacker (attackerUncovered > attackerCovered).",
  );

export const siteSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe("Short id; defaults to SITE01, SITE02, ... in file order."),
    name: z.string().min(1).describe("Name, e.g. 'Gračanica Monastery'."),
    type: z
      .enum(SITE_TYPES)
      .describe(
        "monastery, church, monument (memorial, heritage site), village, town, crossing (crossing point) or infrastructure (bridge, dam, power plant).",
      ),
    lon: z.number().min(-180).max(180).describe("Longitude, degrees (WGS84)."),
    lat: z.number().min(-90).max(90).describe("Latitude, degrees (WGS84)."),
    sector: z.string().optional().describe("Sector id (S01, ...) whose teams guard it; default: the nearest sector."),
    payoff: payoffOverrideSchema.optional(),
    note: z.string().optional().describe("Source or caveat, e.g. 'coordinates approximate'."),
  })
  .describe("A protected site: a place the force may guard with one team for a shift.");

export const sitesSchema = z
  .array(siteSchema)
  .max(BOUNDS.sites.max, { message: tooLargeMessage(BOUNDS.sites) })
  .describe("Protected sites the patrol plan covers, besides the zone itself.");

const typePayoffsShape = Object.fromEntries(TARGET_TYPES.map((t) => [t, payoffOverrideSchema.optional()])) as Record<
  (typeof TARGET_TYPES)[number],
  z.ZodOptional<typeof payoffOverrideSchema>
>;

export const patrolSchema = z
  .strictObject({
    teamsPerSector: boundedInt(BOUNDS.teams)
      .optional()
      .describe("Patrol teams per sector per shift. Default: derived from `force` (see patrolShare, teamSize)."),
    teams: z
      .record(z.string(), boundedInt(BOUNDS.teams))
      .optional()
      .describe("Per-sector overrides of teamsPerSector, e.g. { S03: 6 }."),
    patrolShare: z
      .number()
      .positive()
      .max(1)
      .default(0.2)
      .describe(
        "Share of the force's people (troops + police + civilian monitors) out on patrol each day. Default 0.2.",
      ),
    teamSize: boundedInt(BOUNDS.teamSize).positive().default(8).describe("People per patrol team. Default 8."),
    shiftsPerDay: z.number().int().min(1).max(24).default(3).describe("Patrol shifts per day. Default 3 (8 hours)."),
    segmentLengthKm: boundedNumber(BOUNDS.distanceKm)
      .positive()
      .default(5)
      .describe(
        "Length of one zone segment (a target), km. Sectors are cut into equal segments near this length. Default 5.",
      ),
    routeSegments: boundedInt(BOUNDS.routeSegments)
      .positive()
      .default(1)
      .describe(
        "Segments one team patrols in a shift (a contiguous run within its sector). 1 = one segment or one site per team (ORIGAMI, fast); more = routes (ERASER MILP). Default 1.",
      ),
    solver: z
      .enum(["auto", "origami", "eraser"])
      .default("auto")
      .describe("auto: ORIGAMI when routeSegments is 1, else ERASER."),
    payoffs: z
      .strictObject(typePayoffsShape)
      .optional()
      .describe("Overrides of the default payoff table, by target type (site types and 'segment')."),
    inducementMargin: boundedNumber(BOUNDS.payoff)
      .nonnegative()
      .default(0.01)
      .describe(
        "Payoff units by which the attacker's expected target is made strictly its best, so the plan does not rely on ties (ORIGAMI plans). Default 0.01.",
      ),
    seed: boundedInt(BOUNDS.seed).default(1).describe("Seed for sampling daily schedules. Default 1."),
    timeLimitS: boundedNumber(BOUNDS.timeLimitS)
      .positive()
      .default(60)
      .describe("Time limit for the HiGHS solve, seconds. Default 60."),
  })
  .describe("Randomised patrol planning (Stackelberg security game).");

export type SiteInput = z.output<typeof siteSchema>;
export type PatrolConfig = z.output<typeof patrolSchema>;
