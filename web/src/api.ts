/** Thin client for the planning API (/api/plan) and the incident API (/api/incidents). */
import type { FeatureCollection, Geometry } from "geojson";

export interface ScenarioEntry {
  id: string;
  name: string;
  description?: string;
  file: string;
  bundled: boolean;
  /** An upload every planner may read (uploads are otherwise private to their token's name). */
  shared?: boolean;
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string; detail?: unknown } | string;
  message?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody | undefined;
  constructor(status: number, message: string, body?: ApiErrorBody) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** The one message a failed request shows: the server's (CLI-identical) message when it gave one. */
function messageOf(status: number, body: ApiErrorBody | undefined, fallback: string): string {
  if (body) {
    if (typeof body.error === "object" && body.error?.message) return body.error.message;
    if (typeof body.error === "string" && body.message) return body.message;
    if (body.message) return body.message;
    if (typeof body.error === "string") return body.error;
  }
  return `${fallback} (HTTP ${status})`;
}

let token = typeof localStorage !== "undefined" ? (localStorage.getItem("truce.token") ?? "") : "";
export const getToken = (): string => token;
export function setToken(t: string): void {
  token = t.trim();
  if (typeof localStorage !== "undefined") localStorage.setItem("truce.token", token);
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const message = messageOf(res.status, parsed as ApiErrorBody, res.statusText || "Request failed");
    throw new ApiError(
      res.status,
      needsPlanner(path, res.status) ? `${PLANNER_TOKEN_NEEDED} (${message})` : message,
      parsed as ApiErrorBody,
    );
  }
  return parsed as T;
}

/** What the upload, simulate and report buttons say when the server wants a (better) token. */
export const PLANNER_TOKEN_NEEDED =
  "This needs a planner token (or analyst or admin): enter it under Incidents → API token, then try again.";

/** Uploading, planning uploads, jobs and reports need a planner token; bundled scenarios are open. */
const needsPlanner = (path: string, status: number) =>
  path.startsWith("/api/plan/") && (status === 401 || status === 403);

/**
 * A planning-API URL that carries the stored token in its query, for what cannot send headers:
 * EventSource (a job's progress) and links (a finished report opened in a new tab or downloaded).
 */
export function withToken(url: string): string {
  if (!token) return url;
  return `${url}${url.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`;
}

export type Geo = FeatureCollection<Geometry, Record<string, unknown>>;

export const listScenarios = () => api<{ scenarios: ScenarioEntry[] }>("/api/plan/scenarios");
export const uploadScenario = (file: string, text: string) =>
  api<{ scenario: ScenarioEntry }>("/api/plan/scenarios", { method: "POST", json: { file, text } });
