/**
 * Scenario format v1: the one input every planning stage reads.
 *
 * Field names are part of the public contract (docs/scenario.md). Objects are
 * strict so that a typo (`widthkm`) is an error with a suggestion, never a
 * silently ignored field. Later stages add their own sections here.
 */
import { z } from "zod";
import { type Contributor, generationSections } from "../generation/schema.js";
import { lineFileSchema } from "../geodata/schema.js";
import { patrolSchema, sitesSchema } from "../patrol/schema.js";
import { simulationSchema } from "../sim/params.js";
import { sizingSectionSchema } from "../sizing/schema.js";
import { BOUNDS, boundedInt, boundedNumber, tooLargeMessage } from "./bounds.js";
import { postureSchema } from "./posture.js";

/**
 * A [lon, lat] pair in degrees, WGS84. Range checks live in validateGeometry so they can point at the exact vertex.
 * Altitude and measure (`[lon, lat, z]`, `[lon, lat, z, m]`, RFC 7946 §3.1.1) are accepted and dropped by the parser.
 */
export const positionSchema = z
  .tuple([z.number(), z.number()], z.number())
  .refine((p) => p.length <= 4, {
    message: "a position has at most 4 numbers ([longitude, latitude], then optional altitude and measure)",
  })
  .describe("A [longitude, latitude] pair in degrees on WGS84 (GeoJSON order); an altitude and measure may follow.");

export const lineStringSchema = z.strictObject({
  type: z.literal("LineString"),
  coordinates: z.array(positionSchema).max(BOUNDS.vertices.max, { message: tooLargeMessage(BOUNDS.vertices) }),
});

export const multiLineStringSchema = z.strictObject({
  type: z.literal("MultiLineString"),
  coordinates: z
    .array(z.array(positionSchema).max(BOUNDS.vertices.max, { message: tooLargeMessage(BOUNDS.vertices) }))
    .max(BOUNDS.lineParts.max, { message: tooLargeMessage(BOUNDS.lineParts) }),
});

export const lineGeometrySchema = z.discriminatedUnion("type", [lineStringSchema, multiLineStringSchema]);
export type LineGeometry = z.infer<typeof lineGeometrySchema>;

const positiveKm = z.number().positive();
const widthKm = boundedNumber(BOUNDS.widthKm);

export const withdrawalLineSchema = z.strictObject({
  name: z.string().min(1).describe("What must stay behind this line, e.g. 'Artillery >= 100 mm'."),
  km: boundedNumber(BOUNDS.withdrawalKm)
    .positive()
    .describe("Distance back from the line of contact, km, on each side."),
});

export const zoneSchema = z
  .strictObject({
    widthKm: widthKm.positive().optional().describe("Total zone width in km, split evenly between the two sides."),
    sides: z
      .strictObject({
        left: widthKm.nonnegative().describe("Width on the left of the line's direction, km."),
        right: widthKm.nonnegative().describe("Width on the right of the line's direction, km."),
      })
      .optional()
      .describe("Uneven widths, as seen walking along the line's direction. Use instead of widthKm."),
    ends: z
      .enum(["flat", "round"])
      .default("flat")
      .describe("Zone ends: flat (cut square at the line's ends) or round (every point within the width of the line)."),
    sectors: boundedInt(BOUNDS.sectors).positive().optional().describe("Number of equal-length sectors."),
    sectorLengthKm: positiveKm.optional().describe("Sector length in km (alternative to sectors)."),
    postSpacingKm: positiveKm.default(10).describe("Distance between observation posts along the line, km."),
    withdrawalLines: z.array(withdrawalLineSchema).default([]),
  })
  .describe("The buffer zone along the line of contact.");

export const theaterSchema = z.strictObject({
  population: boundedInt(BOUNDS.population).optional().describe("Inhabitants the mission answers for."),
  areaKm2: z.number().positive().optional().describe("Area the mission answers for, km² (Kosovo model)."),
  name: z.string().optional(),
});

export const partySchema = z.strictObject({
  id: z.string().min(1).describe("Short id, e.g. UA or RU."),
  name: z.string().min(1),
  side: z.enum(["left", "right"]).describe("Which side of the line's direction the party holds."),
  country: z
    .string()
    .optional()
    .describe("Natural Earth country name (e.g. 'Ukraine'); used to catch swapped coordinates."),
});

export const mandateSchema = z.strictObject({
  posture: postureSchema.describe(
    "monitor: observe and report; interpose: a continuous presence between the armies; deter: able to stop an attack; stabilise: public order in a territory.",
  ),
  threat: z.enum(["low", "medium", "high"]).default("medium").describe("How contested the environment is."),
  tourMonths: z.number().positive().max(36).default(6).describe("Length of one contingent's tour, months."),
  incidentsPerDay: boundedNumber(BOUNDS.incidentsPerDay)
    .nonnegative()
    .optional()
    .describe("Expected incidents per day needing a response."),
  responseTimeTargetMin: z
    .number()
    .positive()
    .max(BOUNDS.durationMin.max, { message: tooLargeMessage(BOUNDS.durationMin) })
    .optional()
    .describe("Target time for a quick-reaction force to arrive, minutes."),
});

export const forceSchema = z
  .strictObject({
    troops: boundedInt(BOUNDS.troops).optional(),
    police: boundedInt(BOUNDS.civilians).optional(),
    civilianMonitors: boundedInt(BOUNDS.civilians).optional(),
    contributors: boundedInt(BOUNDS.contributors).optional(),
    note: z.string().optional(),
  })
  .describe("The force the proposal itself states (what is being evaluated).");

export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.string().optional(),
  note: z.string().optional(),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).default(1),
    name: z.string().min(1),
    description: z.string().optional(),
    contactLine: z
      .union([lineGeometrySchema, z.string().min(1), lineFileSchema])
      .describe(
        "GeoJSON LineString/MultiLineString geometry, a path to a .geojson/.kml/.gpx/.shp/.gpkg file relative to the scenario file, or {file, layer, where, crs}.",
      ),
    zone: zoneSchema,
    theater: theaterSchema.optional(),
    parties: z.array(partySchema).default([]),
    mandate: mandateSchema,
    force: forceSchema.optional(),
    sizing: sizingSectionSchema.optional(),
    sources: z.array(sourceSchema).default([]),
    simulation: simulationSchema.optional(),
    ...generationSections,
    sites: sitesSchema.optional(),
    patrol: patrolSchema.optional(),
  })
  .describe("A Truce scenario: a ceasefire line, its buffer zone, the parties and the mandate.");

/** Scenario as written in the file (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** Scenario after validation, with defaults applied and contactLine resolved to a geometry. */
export type Scenario = Omit<z.output<typeof scenarioSchema>, "contactLine" | "contributors"> & {
  contactLine: LineGeometry;
  /** Resolved: a file named in the scenario is read in. */
  contributors?: Contributor[];
};
