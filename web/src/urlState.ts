/**
 * The shareable part of the planner's state, in the URL hash:
 * `#/plan/ukraine-gcsp?veto=off&backstop=on&layers=-units,coverage&map=37.8,48.1,7.2&reps=40&days=7&seed=2`
 * (a layer name turns it on, `-name` off).
 * Only what differs from the defaults is written, so a plain `#/plan/ukraine-gcsp` stays plain.
 */
export interface WhatIfState {
  veto: boolean;
  backstop?: boolean;
}

export interface SimSettings {
  replications: number;
  days: number;
  seed: number;
}

export interface MapView {
  center: [number, number];
  zoom: number;
}

export interface UrlState<V extends string, L extends string> {
  view: V;
  id?: string;
  whatIf: WhatIfState;
  layers: Record<L, boolean>;
  map?: MapView;
  sim: SimSettings;
}

export const DEFAULT_SIM: SimSettings = { replications: 20, days: 30, seed: 1 };

const int = (s: string | null, min: number, max: number, fallback: number): number => {
  const n = s === null ? Number.NaN : Number(s);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

/** Read the hash; anything missing or malformed falls back to its default. */
export function parseHash<V extends string, L extends string>(
  hash: string,
  views: readonly V[],
  defaultLayers: Record<L, boolean>,
): UrlState<V, L> {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  const [, view, id] = path.split("/");
  const q = new URLSearchParams(query);
  const layers = { ...defaultLayers };
  for (const t of (q.get("layers") ?? "").split(",")) {
    const off = t.startsWith("-");
    const key = (off ? t.slice(1) : t) as L;
    if (key in layers) layers[key] = !off;
  }
  const m = (q.get("map") ?? "").split(",").map(Number);
  const map =
    m.length === 3 &&
    m.every(Number.isFinite) &&
    Math.abs(m[0]) <= 180 &&
    Math.abs(m[1]) <= 90 &&
    m[2] >= 0 &&
    m[2] <= 22
      ? { center: [m[0], m[1]] as [number, number], zoom: m[2] }
      : undefined;
  const onOff = (k: string) => (q.get(k) === "on" ? true : q.get(k) === "off" ? false : undefined);
  return {
    view: views.find((v) => v === view) ?? views[0],
    id: id ? decodeURIComponent(id) : undefined,
    whatIf: {
      veto: onOff("veto") ?? true,
      ...(onOff("backstop") !== undefined ? { backstop: onOff("backstop") } : {}),
    },
    layers,
    map,
    sim: {
      replications: int(q.get("reps"), 1, 2000, DEFAULT_SIM.replications),
      days: int(q.get("days"), 1, 365, DEFAULT_SIM.days),
      seed: int(q.get("seed"), 0, 2 ** 31 - 1, DEFAULT_SIM.seed),
    },
  };
}

/** The hash for a state, writing only what differs from the defaults. */
export function formatHash<V extends string, L extends string>(
  s: UrlState<V, L>,
  defaultLayers: Record<L, boolean>,
): string {
  const q = new URLSearchParams();
  if (!s.whatIf.veto) q.set("veto", "off");
  if (s.whatIf.backstop !== undefined) q.set("backstop", s.whatIf.backstop ? "on" : "off");
  const changed = (Object.keys(defaultLayers) as L[])
    .filter((k) => s.layers[k] !== defaultLayers[k])
    .map((k) => `${s.layers[k] ? "" : "-"}${k}`);
  if (changed.length > 0) q.set("layers", changed.join(","));
  if (s.map) q.set("map", `${s.map.center[0].toFixed(4)},${s.map.center[1].toFixed(4)},${s.map.zoom.toFixed(2)}`);
  if (s.sim.replications !== DEFAULT_SIM.replications) q.set("reps", String(s.sim.replications));
  if (s.sim.days !== DEFAULT_SIM.days) q.set("days", String(s.sim.days));
  if (s.sim.seed !== DEFAULT_SIM.seed) q.set("seed", String(s.sim.seed));
  const query = q.toString().replace(/%2C/g, ",");
  return `#/${s.view}${s.id ? `/${encodeURIComponent(s.id)}` : ""}${query ? `?${query}` : ""}`;
}
