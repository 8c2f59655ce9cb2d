/**
 * The incident model: what a client sends (`incidentInputSchema`), what an edit may change
 * (`incidentPatchSchema`) and what the store keeps and returns (`Incident`).
 *
 * Uncertainty is kept as it is known: a time precision or an interval, a geo precision radius,
 * casualties as best/low/high, and the number of independent sources.
 */
import { z } from "zod";
import {
  ACLED_TAXONOMY,
  ADMIRALTY_RE,
  CASUALTY_GROUPS,
  CASUALTY_OUTCOMES,
  EVENT_TYPES,
  type EventType,
  SOURCE_TYPES,
  STATUSES,
  type Status,
  TIME_PRECISIONS,
  VIOLATION_KINDS,
  WEAPON_CLASS_IDS,
} from "./taxonomy.js";

/** Years an incident may fall in: ACLED and every monitoring mission lie well inside; 10000-01-01 is a typo. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** Whether an ISO date-time (or YYYY-MM-DD date) parses and falls in the years MIN_YEAR..MAX_YEAR. */
export function inYearRange(iso: string): boolean {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return false;
  const y = new Date(ms).getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** ISO 8601 date-time with an offset or Z, e.g. 2025-03-14T06:30:00Z, in the years 1900-2200. */
export const isoDateTime = z.iso
  .datetime({ offset: true })
  .refine(inYearRange, { message: `must be a date in the years ${MIN_YEAR}-${MAX_YEAR}` })
  .describe("ISO 8601 date-time with a zone, e.g. 2025-03-14T06:30:00Z, in the years 1900-2200.");

/** Text without NUL characters: PostgreSQL cannot store U+0000 in text, so both databases refuse it here. */
export const text = () =>
  z.string().refine((s) => !s.includes("\u0000"), { message: "must not contain a NUL character (U+0000)" });

/** Idempotency keys starting with this are the ACLED import's (`acled:<event_id_cnty>`); clients may not use them. */
export const ACLED_KEY_PREFIX = "acled:";

export const sourceSchema = z
  .strictObject({
    type: z.enum(SOURCE_TYPES).describe("Where the report came from."),
    grade: text()
      .regex(ADMIRALTY_RE, "must be an Admiralty code: reliability A-F then credibility 1-6, e.g. B2")
      .default("F6")
      .describe(
        "NATO Admiralty code: source reliability A-F and information credibility 1-6. Default F6 (cannot be judged).",
      ),
    name: text()
      .max(200)
      .optional()
      .describe("Who reported it (call sign, patrol id, outlet). Removed from parties/public exports."),
    reference: text().max(500).optional().describe("A URL or document reference. Removed from parties/public exports."),
    fromIncident: z
      .never({ message: "fromIncident is set by merges only; leave it out" })
      .optional()
      .describe("Set by a merge only (read-only): the duplicate incident this source came from."),
  })
  .describe("One source of the report.");
/** A stored source: what a client sends, plus the duplicate it came from when a merge added it. */
export type Source = Omit<z.infer<typeof sourceSchema>, "fromIncident"> & { fromIncident?: string };

const count = z.number().int().nonnegative().max(1_000_000);

export const casualtySchema = z
  .strictObject({
    group: z.enum(CASUALTY_GROUPS),
    outcome: z.enum(CASUALTY_OUTCOMES),
    best: count.describe("Best estimate."),
    low: count.optional().describe("Lowest plausible count (default: best)."),
    high: count.optional().describe("Highest plausible count (default: best)."),
  })
  .superRefine((c, ctx) => {
    if (c.low !== undefined && c.low > c.best)
      ctx.addIssue({ code: "custom", path: ["low"], message: "low must be <= best" });
    if (c.high !== undefined && c.high < c.best)
      ctx.addIssue({ code: "custom", path: ["high"], message: "high must be >= best" });
  });
export type Casualty = z.infer<typeof casualtySchema>;

export const violationSchema = z
  .strictObject({
    kind: z.enum(VIOLATION_KINDS).describe("Which kind of ceasefire violation this is."),
    weaponClass: z.enum(WEAPON_CLASS_IDS).optional().describe("Weapon class seen or heard."),
    weaponCount: count.optional().describe("Number of weapons seen (weapon_in_withdrawal_zone)."),
    explosions: count.optional().describe("Number of explosions recorded (OSCE SMM counting)."),
    bursts: count.optional().describe("Number of bursts and shots of small arms or machine-gun fire."),
    direction: text().max(100).optional().describe("Direction of fire, e.g. 'from W to E'."),
    note: text().max(2000).optional(),
  })
  .describe("OSCE-style detail of a ceasefire violation.");
export type Violation = z.infer<typeof violationSchema>;

const incidentFields = {
  idempotencyKey: text()
    .min(8)
    .max(200)
    .refine((k) => !k.toLowerCase().startsWith(ACLED_KEY_PREFIX), {
      message: `keys starting with "${ACLED_KEY_PREFIX}" are reserved for the ACLED import; choose another key`,
    })
    .optional()
    .describe(
      "Client key: a retried submission with the same key by the same token owner returns the same record, never a duplicate. Keys starting with acled: are reserved for imports.",
    ),
  occurredAt: isoDateTime.describe("When it happened (start of the interval if occurredUntil is given)."),
  occurredUntil: isoDateTime.optional().describe("End of the interval when only a window is known."),
  timePrecision: z
    .enum(TIME_PRECISIONS)
    .default("minute")
    .describe("How precisely occurredAt is known. Default minute."),
  lon: z.number().min(-180).max(180).describe("Longitude, degrees WGS84."),
  lat: z.number().min(-90).max(90).describe("Latitude, degrees WGS84."),
  geoPrecisionKm: z
    .number()
    .nonnegative()
    .max(1000)
    .default(0.1)
    .describe("Radius within which the true location lies, km. Default 0.1."),
  location: text().max(200).optional().describe("Place name."),
  ownForces: z
    .boolean()
    .default(false)
    .describe("The coordinates are a mission patrol or post position. Such incidents never appear in public exports."),
  eventType: z.enum(EVENT_TYPES).describe("ACLED event type."),
  subEventType: text().describe("ACLED sub-event type; must belong to eventType."),
  violation: violationSchema.optional(),
  actor1: text().max(200).optional().describe("Main actor (ACLED actor1)."),
  actor2: text().max(200).optional().describe("Other actor (ACLED actor2)."),
  casualties: z.array(casualtySchema).max(12).default([]),
  sources: z.array(sourceSchema).min(1).max(50).describe("At least one source."),
  description: text().max(10_000).default("").describe("What was seen or heard."),
  scenario: text()
    .max(100)
    .optional()
    .describe("Zone to derive sector and side from; default: the zone nearest the point."),
};

function checkIncident(
  v: { eventType?: EventType; subEventType?: string; occurredAt?: string; occurredUntil?: string },
  ctx: z.RefinementCtx,
): void {
  if (v.eventType !== undefined && v.subEventType !== undefined) {
    const subs = ACLED_TAXONOMY[v.eventType] as readonly string[];
    if (!subs.includes(v.subEventType))
      ctx.addIssue({
        code: "custom",
        path: ["subEventType"],
        message: `'${v.subEventType}' is not a sub-event type of '${v.eventType}'; use one of: ${subs.join(", ")}`,
      });
  }
  if (v.occurredAt && v.occurredUntil && Date.parse(v.occurredUntil) < Date.parse(v.occurredAt))
    ctx.addIssue({ code: "custom", path: ["occurredUntil"], message: "occurredUntil must not be before occurredAt" });
}

export const incidentInputSchema = z
  .strictObject(incidentFields)
  .superRefine(checkIncident)
  .describe("A new incident report.");
export type IncidentInput = z.input<typeof incidentInputSchema>;

/** What the ACLED import validates: a client report whose key may (and does) use the reserved acled: namespace. */
export const importedIncidentSchema = z
  .strictObject({ ...incidentFields, idempotencyKey: text().min(8).max(200).optional() })
  .superRefine(checkIncident);
export type IncidentInputParsed = z.output<typeof incidentInputSchema>;

/** Fields an edit may change. Status changes go through `status`; merges through their own routes. */
const { idempotencyKey: _k, ...editable } = incidentFields;
export const incidentPatchSchema = z
  .strictObject({
    ...(Object.fromEntries(
      Object.entries(editable).map(([k, s]) => [
        k,
        (s instanceof z.ZodDefault ? s.unwrap() : (s as z.ZodType)).optional(),
      ]),
    ) as { [K in keyof typeof editable]: z.ZodOptional<z.ZodType> }),
    status: z.enum(STATUSES).optional().describe("New verification status."),
    evidence: text().max(10_000).optional().describe("Evidence note kept with the status change."),
    reason: text().min(1).max(2000).describe("Why the change is made (kept in the audit trail)."),
    ifRev: z.number().int().positive().optional().describe("Apply only if the current revision is this one."),
  })
  .superRefine((v, ctx) => checkIncident(v as Parameters<typeof checkIncident>[0], ctx))
  .describe("An edit: any editable fields, and/or a status change, with a reason.");
export type IncidentPatch = Partial<Omit<IncidentInputParsed, "idempotencyKey">> & {
  status?: Status;
  evidence?: string;
  reason: string;
  ifRev?: number;
};

/** Derived from the zone each time the place changes. */
export interface Derived {
  /** Scenario id whose zone was used, or null when the point is far from every zone. */
  zoneId: string | null;
  sectorId: string | null;
  /** Inside the buffer-zone polygon. */
  inZone: boolean;
  /** Side of the line of contact, as seen walking along the line's direction. */
  side: "left" | "right" | null;
  /** Party holding that side, when the scenario names it. */
  party: string | null;
  /** Geodesic distance to the line of contact, km. */
  distanceToLineKm: number | null;
  /** Set when a weapon is seen closer to the line than its withdrawal line allows. */
  withdrawalViolation: { line: string; km: number; distanceKm: number } | null;
}

export interface VerificationEvent {
  from: Status;
  to: Status;
  at: string;
  by: string;
  reason: string;
  evidence?: string;
}

/** An incident as stored and returned: the input, normalised, plus identity, status and derived fields. */
export interface Incident extends Omit<IncidentInputParsed, "idempotencyKey" | "sources"> {
  sources: Source[];
  id: string;
  idempotencyKey: string | null;
  rev: number;
  status: Status;
  reportedAt: string;
  updatedAt: string;
  createdBy: string;
  sourceCount: number;
  /** Strongest Admiralty grade among the sources. */
  sourceGrade: string;
  verification: VerificationEvent[];
  /** Set on a duplicate merged into another incident. */
  mergedInto: string | null;
  /** Ids merged into this incident. */
  mergedFrom: string[];
  derived: Derived;
}

export type RevisionAction = "create" | "edit" | "status" | "merge" | "unmerge" | "merged_into" | "unmerged";

export interface Revision {
  incidentId: string;
  rev: number;
  at: string;
  actor: string;
  action: RevisionAction;
  reason: string;
  /** Fields changed by this revision: old and new values. */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** The whole incident after this revision. */
  snapshot: Incident;
}
