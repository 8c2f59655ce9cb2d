/** The database tables (Kysely types), the types the store takes and returns, and the incident row mapping. */
import type { Generated } from "kysely";
import type { Incident, RevisionAction } from "../schema.js";

export interface IncidentsTable {
  seq: Generated<number>;
  id: string;
  idempotency_key: string | null;
  payload_hash: string | null;
  rev: number;
  occurred_ms: number;
  occurred_until_ms: number | null;
  reported_ms: number;
  lon: number;
  lat: number;
  event_type: string;
  sub_event_type: string;
  violation_kind: string | null;
  weapon_class: string | null;
  zone_id: string | null;
  sector_id: string | null;
  side: string | null;
  status: string;
  source_grade: string;
  created_by: string;
  merged_into: string | null;
  own_forces: number;
  data: string;
}

export interface RevisionsTable {
  seq: Generated<number>;
  incident_id: string;
  rev: number;
  at_ms: number;
  actor: string;
  action: string;
  reason: string;
  changes: string;
  snapshot: string;
}

export interface TokensTable {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_ms: number;
  revoked_ms: number | null;
}

export interface AlertsTable {
  id: string;
  zone_id: string;
  sector_id: string;
  window_end_ms: number;
  created_ms: number;
  data: string;
}

export interface DB {
  incidents: IncidentsTable;
  incident_revisions: RevisionsTable;
  tokens: TokensTable;
  alerts: AlertsTable;
}

/** Filters for listing and exporting. Times are ISO strings; `from` inclusive, `to` exclusive. */
export interface IncidentFilter {
  /** [west, south, east, north], degrees. */
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  eventType?: string[];
  subEventType?: string[];
  violationKind?: string[];
  zoneId?: string;
  sectorId?: string[];
  status?: string[];
  /** Admiralty grade the strongest source must meet on both axes, e.g. "B2". */
  minGrade?: string;
  createdBy?: string;
  /** Include duplicates merged into another incident (default false). */
  includeMerged?: boolean;
}

export interface Page {
  items: Incident[];
  /** Pass as `cursor` to get the next page; null at the end. */
  nextCursor: string | null;
}

export interface TokenRow {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewRevision {
  incident: Incident;
  action: RevisionAction;
  reason: string;
  actor: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** A create request ready for storage: the built incident and the hash of the client payload. */
export interface PreparedCreate {
  incident: Incident;
  payloadHash: string;
}

export interface AlertRow {
  id: string;
  zoneId: string;
  sectorId: string;
  windowEnd: string;
  data: Record<string, unknown>;
}

/**
 * The `incidents` row for an incident. `keyColumn` is the stored idempotency key (scoped to its
 * owner, see keys.ts); by default the incident's own key.
 */
export function incidentRow(
  inc: Incident,
  payloadHashValue: string | null,
  keyColumn: string | null = inc.idempotencyKey,
): Omit<IncidentsTable, "seq"> {
  return {
    id: inc.id,
    idempotency_key: keyColumn,
    payload_hash: payloadHashValue,
    rev: inc.rev,
    occurred_ms: Date.parse(inc.occurredAt),
    occurred_until_ms: inc.occurredUntil ? Date.parse(inc.occurredUntil) : null,
    reported_ms: Date.parse(inc.reportedAt),
    lon: inc.lon,
    lat: inc.lat,
    event_type: inc.eventType,
    sub_event_type: inc.subEventType,
    violation_kind: inc.violation?.kind ?? null,
    weapon_class: inc.violation?.weaponClass ?? null,
    zone_id: inc.derived.zoneId,
    sector_id: inc.derived.sectorId,
    side: inc.derived.side,
    status: inc.status,
    source_grade: inc.sourceGrade,
    created_by: inc.createdBy,
    merged_into: inc.mergedInto,
    own_forces: inc.ownForces ? 1 : 0,
    data: JSON.stringify(inc),
  };
}
