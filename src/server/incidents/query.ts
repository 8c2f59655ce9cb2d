/** Query-string filters shared by list, export, stats and report routes. */
import { z } from "zod";
import { TIERS } from "../../monitor/release.js";
import type { IncidentFilter } from "../../monitor/store/store.js";
import { ADMIRALTY_RE } from "../../monitor/taxonomy.js";

const list = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const bbox = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(",");
    // Plain decimals only: Number("") is 0 and Number("0x10") is 16, neither a coordinate anyone typed.
    const v = parts.map((p) => (DECIMAL.test(p.trim()) ? Number(p) : Number.NaN));
    const [w, so, e, n] = v;
    if (
      v.length !== 4 ||
      v.some((x) => !Number.isFinite(x)) ||
      w > e ||
      so > n ||
      w < -180 ||
      e > 180 ||
      so < -90 ||
      n > 90
    ) {
      ctx.addIssue({
        code: "custom",
        message: "bbox must be west,south,east,north in degrees with west <= east and south <= north",
      });
      return z.NEVER;
    }
    return v as [number, number, number, number];
  })
  .describe("west,south,east,north in degrees, e.g. 37.5,47.5,38.5,48.5");

const time = z.iso.datetime({ offset: true });

export const filterQuerySchema = z.strictObject({
  bbox: bbox.optional(),
  from: time.optional().describe("Occurred at or after (ISO 8601)."),
  to: time.optional().describe("Occurred before (ISO 8601)."),
  type: list.optional().describe("ACLED event types, comma-separated."),
  subType: list.optional().describe("ACLED sub-event types, comma-separated."),
  violation: list.optional().describe("Violation kinds, comma-separated."),
  zone: z.string().optional().describe("Scenario id of the zone."),
  sector: list.optional().describe("Sector ids, comma-separated."),
  status: list.optional().describe("Verification statuses, comma-separated."),
  minGrade: z
    .string()
    .regex(ADMIRALTY_RE, "must be an Admiralty code like B2")
    .optional()
    .describe("Strongest source at least this grade on both axes."),
  includeMerged: z.enum(["true", "false"]).optional().describe("Include duplicates merged into another incident."),
});

export type FilterQuery = z.output<typeof filterQuerySchema>;

/** `?tier=`: read at a lower tier than the token allows (e.g. an analyst checking what the parties see). */
export const tierParam = z
  .enum(TIERS)
  .optional()
  .describe("Release tier: internal, parties or public. Default: the most this token may see.");

export const tierQuerySchema = z.strictObject({ tier: tierParam });

/** Filters plus `tier` (stats). */
export const statsQuerySchema = filterQuerySchema.extend({ tier: tierParam });

export function toFilter(q: Partial<FilterQuery>): IncidentFilter {
  return {
    bbox: q.bbox,
    from: q.from,
    to: q.to,
    eventType: q.type,
    subEventType: q.subType,
    violationKind: q.violation,
    zoneId: q.zone,
    sectorId: q.sector,
    status: q.status,
    minGrade: q.minGrade,
    includeMerged: q.includeMerged === "true",
  };
}

export const listQuerySchema = filterQuerySchema.extend({
  tier: tierParam,
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe("Page size, 1-1000. Default 100."),
  cursor: z.string().max(200).optional().describe("nextCursor from the previous page."),
});
