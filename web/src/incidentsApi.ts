/** Client for the incident-monitoring API (issue 7): list, report, verify, live feed, daily report. */
import { api, getToken } from "./api";

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
  derived?: { sectorId: string | null; inZone: boolean; side: string | null; withdrawalViolation: unknown };
  violation?: { kind: string };
  verification?: Array<{ from: string; to: string; at: string; by: string; reason: string }>;
}

export interface IncidentFilters {
  from?: string;
  to?: string;
  eventType?: string;
  sector?: string;
  status?: string;
}

export const ENDPOINTS = {
  list: "/api/incidents",
  one: (id: string) => `/api/incidents/${encodeURIComponent(id)}`,
  stream: "/api/incidents/stream",
  daily: "/api/reports/daily",
};

export async function listIncidents(f: IncidentFilters): Promise<IncidentRow[]> {
  const q = new URLSearchParams({ limit: "500" });
  if (f.from) q.set("from", new Date(f.from).toISOString());
  if (f.to) q.set("to", new Date(f.to).toISOString());
  if (f.eventType) q.set("type", f.eventType);
  if (f.sector) q.set("sector", f.sector);
  if (f.status) q.set("status", f.status);
  const r = await api<{ items?: IncidentRow[]; incidents?: IncidentRow[] } | IncidentRow[]>(`${ENDPOINTS.list}?${q}`);
  return Array.isArray(r) ? r : (r.items ?? r.incidents ?? []);
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

export async function dailyReportHtml(date?: string): Promise<string> {
  const q = new URLSearchParams({ format: "html" });
  if (date) q.set("date", date);
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

/** Allowed next statuses (the server enforces the same state machine and the analyst-only steps). */
export const NEXT_STATUS: Record<string, string[]> = {
  reported: ["corroborated", "disproved"],
  corroborated: ["verified", "disproved", "reported"],
  verified: ["corroborated"],
  disproved: ["corroborated"],
};
