/** Client for the incident-monitoring API (issue 7): list, report, verify, live feed, daily report. */
import type { Role } from "../../src/monitor/incident";
import { ApiError, api, getToken } from "./api";

export interface IncidentRow {
  id: string;
  rev: number;
  status: "reported" | "corroborated" | "verified" | "disproved";
  occurredAt: string;
  reportedAt: string;
  lon: number;
  lat: number;
  eventType: string;
  subEventType: string;
  description: string;
  location?: string;
  sourceGrade: string;
  sourceCount: number;
  createdBy: string;
  mergedInto: string | null;
  derived?: {
    zoneId?: string | null;
    sectorId: string | null;
    inZone: boolean;
    side: string | null;
    withdrawalViolation: unknown;
  };
  violation?: { kind: string; weaponClass?: string; explosions?: number; bursts?: number; weaponCount?: number };
  casualties?: Array<{ group: string; outcome: string; best: number; low?: number; high?: number }>;
  verification?: Array<{ from: string; to: string; at: string; by: string; reason: string }>;
}

export interface IncidentFilters {
  from?: string;
  to?: string;
  eventType?: string;
  zone?: string;
  sector?: string;
  status?: string;
}

export const ENDPOINTS = {
  list: "/api/incidents",
  one: (id: string) => `/api/incidents/${encodeURIComponent(id)}`,
  stream: "/api/incidents/stream",
  daily: "/api/reports/daily",
};

const LIST_LIMIT = 500;

/** The filters as the API's query string (shared by the list and the export). */
function filterQuery(f: IncidentFilters): URLSearchParams {
  const q = new URLSearchParams();
  // The filter inputs hold UTC wall-clock times (YYYY-MM-DDTHH:MM).
  if (f.from) q.set("from", new Date(`${f.from}:00Z`).toISOString());
  if (f.to) q.set("to", new Date(`${f.to}:00Z`).toISOString());
  if (f.eventType) q.set("type", f.eventType);
  if (f.zone) q.set("zone", f.zone);
  if (f.sector) q.set("sector", f.sector);
  if (f.status) q.set("status", f.status);
  return q;
}

export type ExportFormat = "csv" | "geojson" | "kml";
export type ReleaseTier = "internal" | "parties" | "public";

/** The filtered incidents as a file, in a release tier the token may see (the server strips what the tier hides). */
export async function exportIncidents(f: IncidentFilters, format: ExportFormat, tier: ReleaseTier): Promise<Blob> {
  const q = filterQuery(f);
  q.set("format", format);
  q.set("tier", tier);
  const res = await fetch(`/api/incidents/export?${q}`, { headers: { authorization: `Bearer ${getToken()}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new ApiError(res.status, body?.error?.message ?? `export failed (HTTP ${res.status})`);
  }
  return res.blob();
}

/** The newest incidents matching the filters (at most LIST_LIMIT), and whether more match. */
export async function listIncidents(f: IncidentFilters): Promise<{ rows: IncidentRow[]; more: boolean }> {
  const q = filterQuery(f);
  q.set("limit", String(LIST_LIMIT));
  const r = await api<{ items: IncidentRow[]; nextCursor: string | null }>(`${ENDPOINTS.list}?${q}`);
  return { rows: r.items, more: r.nextCursor !== null };
}

export function reportIncident(body: unknown): Promise<IncidentRow> {
  return api<{ incident?: IncidentRow } & IncidentRow>(ENDPOINTS.list, { method: "POST", json: body }).then(
    (r) => r.incident ?? r,
  );
}

export function changeStatus(id: string, status: string, reason: string, ifRev?: number): Promise<IncidentRow> {
  return api<{ incident?: IncidentRow } & IncidentRow>(ENDPOINTS.one(id), {
    method: "PATCH",
    json: { status, reason, ...(ifRev ? { ifRev } : {}) },
  }).then((r) => r.incident ?? r);
}

/** EventSource cannot send headers: the token goes in the query (the server allows it for streams only). */
export function streamUrl(token: string): string {
  return token ? `${ENDPOINTS.stream}?access_token=${encodeURIComponent(token)}` : ENDPOINTS.stream;
}

export async function dailyReportHtml(date?: string, zone?: string): Promise<string> {
  const q = new URLSearchParams({ format: "html" });
  if (date) q.set("date", date);
  if (zone) q.set("zone", zone);
  const headers: Record<string, string> = {};
  const t = getToken();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch(`${ENDPOINTS.daily}?${q}`, { headers });
  const text = await res.text();
  if (!res.ok) {
    try {
      const b = JSON.parse(text) as { error?: { message?: string } };
      throw new Error(b.error?.message ?? `HTTP ${res.status}`);
    } catch (e) {
      throw e instanceof SyntaxError ? new Error(`HTTP ${res.status}`) : e;
    }
  }
  return text;
}

/** The zones the monitor knows (the bundled scenarios), each with every sector id. */
export async function listZones(): Promise<Array<{ id: string; sectors: string[] }>> {
  const r = await api<{ zones: Array<{ id: string; sectors: Array<{ id: string }> }> }>("/api/zones");
  return r.zones.map((z) => ({ id: z.id, sectors: z.sectors.map((s) => s.id) }));
}

/** The token's role, from the server (`GET /api/me`); an unknown or revoked token rejects with 401: that message is thrown. */
export async function probeRole(): Promise<Role> {
  return (await api<{ role: Role }>("/api/me")).role;
}

/** Incidents per sector per UTC day for the filters (disproved reports and merged duplicates left out). */
export async function sectorDayStats(
  f: IncidentFilters,
): Promise<Array<{ zoneId: string | null; sectorId: string | null; day: string; count: number }>> {
  return (await api<{ perSectorDay: Awaited<ReturnType<typeof sectorDayStats>> }>(`/api/stats?${filterQuery(f)}`))
    .perSectorDay;
}
