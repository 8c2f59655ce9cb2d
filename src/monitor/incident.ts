/**
 * Pure incident logic: build a new incident from validated input, apply an edit or a status
 * change, merge and unmerge duplicates. The store persists what these return as revisions.
 */
import { MonitorError } from "./errors.js";
import { derivePlace, type MissionZone } from "./place.js";
import type { Incident, IncidentInputParsed, IncidentPatch, Source } from "./schema.js";
import { bestGrade, type Status } from "./taxonomy.js";

export const ROLES = ["viewer", "reporter", "planner", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do besides its own: the roles are nested, except that reporter and planner
 * stand side by side (a planner uses the planning API and reads incidents like a viewer, but
 * reports none; a reporter cannot plan). Analysts and admins can do both.
 */
const INCLUDES: Record<Role, readonly Role[]> = {
  viewer: [],
  reporter: ["viewer"],
  planner: ["viewer"],
  analyst: ["viewer", "reporter", "planner"],
  admin: ["viewer", "reporter", "planner", "analyst"],
};

/** Can `role` do what `min` can? */
export function roleAtLeast(role: Role, min: Role): boolean {
  return role === min || INCLUDES[role].includes(min);
}

export interface Actor {
  /** Principal name (token name), kept in the audit trail. */
  name: string;
  role: Role;
}

/**
 * Verification state machine. `reported → corroborated → verified | disproved`; a report can be
 * disproved straight away, and an analyst can reopen a verified or disproved incident
 * (back to corroborated) with a reason. Verified and disproved are analyst-only.
 */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  reported: ["corroborated", "disproved"],
  corroborated: ["verified", "disproved", "reported"],
  verified: ["corroborated"],
  disproved: ["corroborated"],
};

/** Throws unless `actor` may move an incident from `from` to `to`. */
export function checkTransition(from: Status, to: Status, actor: Actor): void {
  if (!TRANSITIONS[from].includes(to))
    throw new MonitorError(
      "INVALID_TRANSITION",
      `cannot move an incident from '${from}' to '${to}'; allowed from '${from}': ${TRANSITIONS[from].join(", ") || "none"}`,
      "/status",
    );
  if (
    (to === "verified" || to === "disproved" || from === "verified" || from === "disproved") &&
    !roleAtLeast(actor.role, "analyst")
  )
    throw new MonitorError(
      "FORBIDDEN",
      `only analysts can move an incident to or from '${to === "verified" || to === "disproved" ? to : from}'`,
      "/status",
    );
}

function summarise(sources: readonly Source[]): { sourceCount: number; sourceGrade: string } {
  return { sourceCount: sources.length, sourceGrade: bestGrade(sources.map((s) => s.grade ?? "F6")) ?? "F6" };
}

/** Normalise an ISO time to UTC with milliseconds, so stored strings sort as times. */
export function isoUtc(t: string): string {
  return new Date(t).toISOString();
}

/** A new incident (revision 1) from validated input. */
export function newIncident(
  input: IncidentInputParsed,
  ctx: { id: string; now: Date; actor: Actor; zones: readonly MissionZone[] },
): Incident {
  const { idempotencyKey, ...rest } = input;
  const at = ctx.now.toISOString();
  return {
    ...rest,
    occurredAt: isoUtc(rest.occurredAt),
    ...(rest.occurredUntil ? { occurredUntil: isoUtc(rest.occurredUntil) } : {}),
    id: ctx.id,
    idempotencyKey: idempotencyKey ?? null,
    rev: 1,
    status: "reported",
    reportedAt: at,
    updatedAt: at,
    createdBy: ctx.actor.name,
    ...summarise(rest.sources),
    verification: [],
    mergedInto: null,
    mergedFrom: [],
    derived: derivePlace(ctx.zones, rest.lon, rest.lat, rest.violation, rest.scenario),
  };
}

const PLACE_FIELDS = new Set(["lon", "lat", "violation", "scenario"]);

/** Field-by-field differences between two incidents (top level; values compared as JSON). */
export function diff(a: Incident, b: Incident): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === "rev" || k === "updatedAt") continue;
    const x = (a as unknown as Record<string, unknown>)[k];
    const y = (b as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(x) !== JSON.stringify(y)) out[k] = { from: x ?? null, to: y ?? null };
  }
  return out;
}

/**
 * Apply an edit and/or status change. A reporter may only edit their own incidents and cannot
 * verify or disprove. Returns the next incident (rev + 1).
 */
export function applyPatch(
  current: Incident,
  patch: IncidentPatch,
  ctx: { now: Date; actor: Actor; zones: readonly MissionZone[] },
): Incident {
  const { actor } = ctx;
  if (!roleAtLeast(actor.role, "reporter")) throw new MonitorError("FORBIDDEN", "viewers cannot edit incidents");
  if (actor.role === "reporter" && current.createdBy !== actor.name)
    throw new MonitorError("FORBIDDEN", "a reporter can only edit their own incidents; ask an analyst");
  if (patch.ifRev !== undefined && patch.ifRev !== current.rev)
    throw new MonitorError(
      "REVISION_CONFLICT",
      `incident is at revision ${current.rev}, not ${patch.ifRev}; reload it and apply your change again`,
      "/ifRev",
    );
  if (current.mergedInto)
    throw new MonitorError(
      "MERGE_CONFLICT",
      `incident was merged into ${current.mergedInto}; edit that one or unmerge first`,
    );
  const { status, evidence, reason, ifRev: _r, ...fields } = patch;
  const at = ctx.now.toISOString();
  const next: Incident = { ...current, ...stripUndefined(fields), rev: current.rev + 1, updatedAt: at };
  if (fields.occurredAt) next.occurredAt = isoUtc(fields.occurredAt);
  if (fields.occurredUntil) next.occurredUntil = isoUtc(fields.occurredUntil);
  if (next.occurredUntil && Date.parse(next.occurredUntil) < Date.parse(next.occurredAt))
    throw new MonitorError("INVALID_TRANSITION", "occurredUntil must not be before occurredAt", "/occurredUntil");
  if (fields.sources) {
    // Keep sources brought in by merges: they belong to the merged duplicates.
    next.sources = [...fields.sources, ...current.sources.filter((s) => s.fromIncident)];
    Object.assign(next, summarise(next.sources));
  }
  if (Object.keys(fields).some((k) => PLACE_FIELDS.has(k)))
    next.derived = derivePlace(ctx.zones, next.lon, next.lat, next.violation, next.scenario);
  if (status !== undefined && status !== current.status) {
    checkTransition(current.status, status, actor);
    next.status = status;
    next.verification = [
      ...current.verification,
      { from: current.status, to: status, at, by: actor.name, reason, ...(evidence ? { evidence } : {}) },
    ];
  } else if (evidence) {
    next.verification = [
      ...current.verification,
      { from: current.status, to: current.status, at, by: actor.name, reason, evidence },
    ];
  }
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Merge `dup` into `primary`: the primary gains the duplicate's sources (tagged with its id, so the
 * merge can be undone) and the duplicate points at the primary. Both get a revision.
 */
export function merge(primary: Incident, dup: Incident, now: Date): { primary: Incident; dup: Incident } {
  if (primary.id === dup.id)
    throw new MonitorError("MERGE_CONFLICT", "cannot merge an incident into itself", "/duplicateIds");
  if (primary.mergedInto)
    throw new MonitorError("MERGE_CONFLICT", `${primary.id} is itself merged into ${primary.mergedInto}`);
  if (dup.mergedInto)
    throw new MonitorError("MERGE_CONFLICT", `${dup.id} is already merged into ${dup.mergedInto}`, "/duplicateIds");
  if (dup.mergedFrom.length > 0)
    throw new MonitorError(
      "MERGE_CONFLICT",
      `${dup.id} has merged duplicates of its own; unmerge them first`,
      "/duplicateIds",
    );
  const at = now.toISOString();
  const sources = [...primary.sources, ...dup.sources.map((s) => ({ ...s, fromIncident: dup.id }))];
  return {
    primary: {
      ...primary,
      sources,
      ...summarise(sources),
      mergedFrom: [...primary.mergedFrom, dup.id],
      rev: primary.rev + 1,
      updatedAt: at,
    },
    dup: { ...dup, mergedInto: primary.id, rev: dup.rev + 1, updatedAt: at },
  };
}

/** Undo a merge: the inverse of `merge` on the sources and links. */
export function unmerge(primary: Incident, dup: Incident, now: Date): { primary: Incident; dup: Incident } {
  if (dup.mergedInto !== primary.id || !primary.mergedFrom.includes(dup.id))
    throw new MonitorError("MERGE_CONFLICT", `${dup.id} is not merged into ${primary.id}`, "/duplicateId");
  const at = now.toISOString();
  const sources = primary.sources.filter((s) => s.fromIncident !== dup.id);
  return {
    primary: {
      ...primary,
      sources,
      ...summarise(sources),
      mergedFrom: primary.mergedFrom.filter((x) => x !== dup.id),
      rev: primary.rev + 1,
      updatedAt: at,
    },
    dup: { ...dup, mergedInto: null, rev: dup.rev + 1, updatedAt: at },
  };
}
