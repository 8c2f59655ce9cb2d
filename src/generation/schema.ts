/**
 * Scenario sections read by force generation: `requirements`, `contributors`,
 * `backstops`, `consent` and `policy`. All are optional; a scenario without
 * `contributors` cannot be generated, but is still a valid scenario.
 */
import { z } from "zod";
import { BOUNDS, boundedInt, boundedNumber, tooLargeMessage } from "../scenario/bounds.js";

const troopCount = () => boundedInt(BOUNDS.troops);
const unitCount = () => boundedInt(BOUNDS.units);

/** Capability ids are lower-case words joined by hyphens, e.g. `infantry`, `military-police`. */
const capabilityIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "a capability id is lower-case letters, digits and hyphens, e.g. infantry")
  .describe("Capability id, e.g. infantry, mechanised, military-police, engineers, medical, helicopters.");

/** Nation ids: ISO 3166-1 alpha-2 codes are recommended (GB, FR, US); any upper-case id works. */
const nationIdSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9-]*$/, "a nation id is upper-case, e.g. GB or FR (ISO 3166-1 alpha-2)")
  .describe("Nation id, ISO 3166-1 alpha-2 recommended (GB, FR, US).");

interface CapabilityInfo {
  label: string;
  /** Default troops in one unit of this capability. */
  troopsPerUnit: number;
}

/**
 * Default unit sizes. Planning figures, not doctrine: battalions of 600-800, companies of ~150,
 * a UN formed police unit of 140 (UN DPO FPU policy, 2016), a monitoring team of 10.
 * A pledge's own `troopsPerUnit` always wins.
 */
export const CAPABILITIES: Readonly<Record<string, CapabilityInfo>> = {
  infantry: { label: "infantry battalion", troopsPerUnit: 700 },
  mechanised: { label: "mechanised battalion", troopsPerUnit: 750 },
  armour: { label: "armoured battalion", troopsPerUnit: 550 },
  "military-police": { label: "military police company", troopsPerUnit: 150 },
  engineers: { label: "engineer company", troopsPerUnit: 150 },
  medical: { label: "role 2 medical unit", troopsPerUnit: 100 },
  helicopters: { label: "helicopter unit", troopsPerUnit: 200 },
  "uav-isr": { label: "UAV/ISR unit", troopsPerUnit: 80 },
  logistics: { label: "logistics company", troopsPerUnit: 200 },
  headquarters: { label: "headquarters and staff element", troopsPerUnit: 300 },
  "formed-police": { label: "formed police unit", troopsPerUnit: 140 },
  "civilian-monitors": { label: "civilian monitoring team", troopsPerUnit: 10 },
};

const pledgeSchema = z.strictObject({
  capability: capabilityIdSchema,
  maxUnits: unitCount().describe("Most units of this capability the nation offers (whole units)."),
  troopsPerUnit: boundedInt(BOUNDS.troopsPerUnit)
    .positive()
    .optional()
    .describe("Troops (or personnel) in one unit. Default: the capability's standard size (see docs/generation.md)."),
  costPerUnitYear: boundedNumber(BOUNDS.money)
    .nonnegative()
    .optional()
    .describe(
      "Cost of one unit for one year, US$. Default: troopsPerUnit x policy.costPerTroopYear (UN reimbursement rate).",
    ),
});

const contributorSchema = z.strictObject({
  nation: nationIdSchema,
  name: z.string().optional().describe("Display name, e.g. United Kingdom."),
  memberships: z
    .array(z.string().min(1))
    .default([])
    .describe("Blocs the nation belongs to (NATO, EU, CSTO, ...), used by vetoes. Default none."),
  pledges: z
    .array(pledgeSchema)
    .max(BOUNDS.pledges.max, { message: tooLargeMessage(BOUNDS.pledges) })
    .default([])
    .describe("Ground units offered, by capability. Default none."),
  maxTroops: troopCount().optional().describe("Cap on the nation's total troops. Default: no cap."),
  maxShare: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe("Cap on this nation's share of the whole force (overrides policy.maxShareOfForce)."),
  requires: z
    .array(z.string().min(1))
    .default([])
    .describe("Conditions: each a backstop id (must be present) or a nation id (must also contribute). Default none."),
  onlyIf: z
    .strictObject({
      partyConsent: z
        .union([z.boolean(), z.array(z.string().min(1))])
        .describe("true: only if every party in `consent` consents to the force; or a list of party ids."),
    })
    .optional()
    .describe("Contribute only under this condition."),
  source: z.string().optional().describe("Where the pledge figure comes from."),
  note: z.string().optional(),
});
export type Contributor = z.infer<typeof contributorSchema>;

const contributorList = z
  .array(contributorSchema)
  .max(BOUNDS.contributors.max, { message: tooLargeMessage(BOUNDS.contributors) });

export const contributorsFileSchema = z.union([
  contributorList,
  z.strictObject({
    description: z.string().optional(),
    sources: z
      .array(z.strictObject({ title: z.string().min(1), url: z.string().optional(), note: z.string().optional() }))
      .default([]),
    contributors: contributorList,
  }),
]);

const contributorsSectionSchema = z
  .union([contributorList, z.string().min(1)])
  .describe("Contributing nations with their pledges, inline, or a path to a YAML/JSON file relative to the scenario.");

const backstopSchema = z.strictObject({
  id: z.string().min(1).describe("Backstop id, e.g. US-backstop."),
  provider: z.string().optional().describe("Nation providing it, e.g. US."),
  present: z.boolean().describe("Whether the commitment is made (can be flipped with --backstop ID=on|off)."),
  description: z.string().optional().describe("What it is: air cover, intelligence, logistics, ..."),
  source: z.string().optional(),
});
type Backstop = z.infer<typeof backstopSchema>;

const partyConsentSchema = z.strictObject({
  vetoes: z
    .array(z.string().min(1))
    .default([])
    .describe("Nations (ids) or blocs (memberships, e.g. NATO, EU) the party rejects as peacekeepers."),
  required: z
    .boolean()
    .default(true)
    .describe("Whether the force needs this party's consent (default true: all stakeholders on board)."),
  source: z.string().optional(),
});

const consentSchema = z
  .record(z.string().min(1), partyConsentSchema)
  .describe("For each party id: the nations or blocs it vetoes, e.g. RU: {vetoes: [NATO, EU]}.");

const leadNationSchema = z.strictObject({
  sector: z.string().min(1).describe("Sector id (from requirements.sectors)."),
  nation: nationIdSchema.describe("Lead nation of the sector."),
  minShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.3)
    .describe("Smallest share of the sector's troops the lead nation provides. Default 0.3."),
});

const policySchema = z
  .strictObject({
    maxShareOfForce: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("Cap on any one nation's share of the force, e.g. 0.35. Default: no cap."),
    minNationsPerSector: boundedInt(BOUNDS.contributors)
      .min(1)
      .default(1)
      .describe("Multinationality: fewest nations with troops in each sector. Default 1."),
    leadNations: z.array(leadNationSchema).default([]).describe("A lead nation per sector with a minimum share."),
    excludeNeighbours: z
      .record(z.string().min(1), z.array(nationIdSchema))
      .default({})
      .describe("UN practice: for each party id, neighbouring nations barred from the force."),
    costPerTroopYear: boundedNumber(BOUNDS.money)
      .nonnegative()
      .default(17_376)
      .describe(
        "Default cost of one soldier for a year, US$, for pledges without a cost: UN troop reimbursement, US$1,448 a month (UNGA, 2018).",
      ),
  })
  .describe("Political and military rules the force must follow.");

const sectorRequirementSchema = z.strictObject({
  id: z.string().min(1).describe("Sector id, e.g. MNB-North."),
  name: z.string().optional(),
  minTroops: troopCount().optional().describe("Fewest troops in the sector."),
  units: z
    .record(capabilityIdSchema, unitCount())
    .default({})
    .describe("Fewest units per capability in the sector, e.g. {infantry: 3}."),
});

const requirementsSchema = z
  .strictObject({
    sectors: z
      .array(sectorRequirementSchema)
      .max(BOUNDS.sectors.max, { message: tooLargeMessage(BOUNDS.sectors) })
      .default([])
      .describe("Sectors of the area of operations, each with its own needs. Default: one sector for the whole area."),
    totalTroops: troopCount().optional().describe("Fewest troops in the whole force (e.g. from `truce size`)."),
    mix: z
      .record(capabilityIdSchema, z.number().min(0).max(1))
      .default({})
      .describe("Split of totalTroops by capability (shares summing to at most 1), e.g. {infantry: 0.6}."),
    units: z
      .record(capabilityIdSchema, unitCount())
      .default({})
      .describe("Fewest units per capability across the whole force."),
    troops: z
      .record(capabilityIdSchema, troopCount())
      .default({})
      .describe("Fewest troops per capability across the whole force."),
    maxTotalTroops: troopCount().positive().optional().describe("Most troops the mission may have."),
  })
  .describe("What the force must provide: troops or units by capability, per sector or force-wide.");
type Requirements = z.output<typeof requirementsSchema>;

/** The fields force generation adds to the scenario (all optional). */
export const generationSections = {
  requirements: requirementsSchema.optional(),
  contributors: contributorsSectionSchema.optional(),
  backstops: z.array(backstopSchema).default([]).describe("Non-ground commitments, each present or absent."),
  consent: consentSchema.optional(),
  policy: policySchema.optional(),
};

/** Everything generation reads from a scenario, with contributors resolved to a list. */
export interface GenerationInput {
  parties?: Array<{ id: string; name?: string }>;
  requirements?: Requirements;
  contributors?: Contributor[];
  backstops?: Backstop[];
  consent?: z.output<typeof consentSchema>;
  policy?: z.output<typeof policySchema>;
}
