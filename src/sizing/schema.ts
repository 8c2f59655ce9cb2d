/**
 * The scenario's optional `sizing:` section: overrides of the sizing methods' named
 * parameters (defaults and sources in docs/sizing.md and `truce size FILE`).
 */
import { z } from "zod";
import { BOUNDS, type Bound, tooLargeMessage } from "../scenario/bounds.js";
import { defaultParams, PARAM_NAMES, type ParamName } from "./params.js";

/** Parameters that are shares, so must stay below 1. */
const SHARES: readonly ParamName[] = ["enablerShare", "serviceLevel"];

/** Parameters whose size drives the queueing model's cost get their own bound; the rest share one. */
const PARAM_BOUNDS: Partial<Record<ParamName, Bound>> = {
  incidentsPerDay: BOUNDS.incidentsPerDay,
  serviceTimeH: BOUNDS.serviceTimeH,
};

function overrideSchema(name: ParamName, description: string) {
  const b = PARAM_BOUNDS[name] ?? BOUNDS.sizingValue;
  const n = z.number().max(b.max, { message: tooLargeMessage(b) });
  const value = SHARES.includes(name) ? z.number().positive().lt(1) : n.positive();
  const zeroOk = name === "monitorsPerPatrol" || name === "civiliansPerKm" || name === "policePer1000";
  const v = zeroOk ? n.nonnegative() : value;
  return z
    .union([
      v,
      z
        .strictObject({
          value: v.describe("The value to use."),
          low: v
            .optional()
            .describe("Plausible low value (tornado and range); default: the default's low, or the value."),
          high: v.optional().describe("Plausible high value; default: the default's high, or the value."),
        })
        .refine((o) => (o.low ?? o.value) <= o.value && o.value <= (o.high ?? o.value), {
          message: "needs low <= value <= high",
        }),
    ])
    .optional()
    .describe(description);
}

const docs = defaultParams({ posture: "monitor", threat: "medium" });
const shape = Object.fromEntries(
  PARAM_NAMES.map((n) => [n, overrideSchema(n, `${docs[n].description} Unit: ${docs[n].unit}.`)]),
) as Record<ParamName, ReturnType<typeof overrideSchema>>;

export const sizingSectionSchema = z
  .strictObject({
    overrides: z
      .strictObject(shape)
      .default({})
      .describe("Replace a sizing assumption: a number, or {value, low, high}. Defaults depend on posture and threat."),
    protect: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(200).describe("The place, e.g. Odesa."),
          type: z.enum(["city", "airbase", "port"]).describe("city, airbase or port: sets the garrison it needs."),
          note: z.string().max(500).optional().describe("Why it is on the list, or its source."),
        }),
      )
      .max(1000)
      .optional()
      .describe(
        "The places a reassurance force (posture reassure) protects: each gets a garrison (cityGarrison, airbaseGarrison, portGarrison).",
      ),
    opposingForce: z
      .strictObject({
        troops: z
          .number()
          .positive()
          .max(BOUNDS.sizingValue.max, { message: tooLargeMessage(BOUNDS.sizingValue) })
          .describe("Troops of the force the line must be able to stop."),
        brigades: z
          .number()
          .positive()
          .max(BOUNDS.sizingValue.max, { message: tooLargeMessage(BOUNDS.sizingValue) })
          .optional()
          .describe("Its brigade-equivalents; default: troops / brigadeTroops."),
        source: z.string().max(500).optional().describe("Where the figure comes from."),
      })
      .optional()
      .describe(
        "The opposing force a deter posture must be able to stop: the line then needs at least one brigade per forceRatio (default 3) opposing brigades.",
      ),
  })
  .describe("Force-sizing assumptions to override (truce size). Leave out to use the documented defaults.");
