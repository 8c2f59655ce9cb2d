/**
 * The mission map: an offline Natural Earth basemap and the plan's layers (line of
 * contact, zone, sectors by lead nation, patrol coverage, posts, withdrawal lines,
 * units as APP-6 symbols, protected sites, incidents clustered). No text layers,
 * so no glyphs are needed: labels are HTML markers.
 */
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import {
  type GeoJSONSource,
  type LngLatBoundsLike,
  Map as MaplibreMap,
  Marker,
  type Map as MlMap,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
// MapLibre's worker is a separate ES module; let Vite bundle it and tell MapLibre where it went.
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url";
import { useEffect, useRef, useState } from "react";
import type { DrawMode, EditLine } from "../edit/useEditor";
import { STATUS_STYLE } from "../palette";
import { loadBasemap } from "./basemap";
import type { Drawing } from "./drawing";
import { COLOURS, COVERAGE_STOPS, type LayerKey } from "./legend";
import "./testHook";
import { loadPlaces, PLACES_ATTRIBUTION, type Place, pickPlaces } from "./places";

type SymbolsModule = typeof import("./symbols");
// milsymbol is large (about a third of the app): load it with the first plan that has units.
let symbols: SymbolsModule | undefined;
const loadSymbols = async (): Promise<SymbolsModule> => (symbols ??= await import("./symbols"));

export type { LayerKey };

export const LAYER_LABELS: Record<LayerKey, string> = {
  basemap: "Basemap (Natural Earth)",
  line: "Line of contact",
  zone: "Buffer zone",
  sectors: "Sectors by lead nation",
  coverage: "Patrol coverage",
  posts: "Observation posts",
  withdrawal: "Withdrawal lines",
  units: "Bases and units (APP-6)",
  sites: "Protected sites",
  incidents: "Incidents",
  labels: "Sector labels",
  places: "Place names (GeoNames)",
};

/** Map style layer ids per toggle. */
const STYLE_LAYERS: Record<LayerKey, string[]> = {
  basemap: ["countries-fill", "countries-border"],
  line: ["contact-line"],
  zone: ["zone-fill", "zone-outline"],
  sectors: ["sectors-fill", "sectors-outline"],
  coverage: ["coverage-fill"],
  posts: ["posts"],
  withdrawal: ["withdrawal"],
  units: ["units"],
  sites: ["sites"],
  incidents: ["incident-clusters", "incidents-verified", "incidents-unverified"],
  labels: [],
  places: [],
};

/**
 * Clickable layers in click priority: what a click means when features overlap. Posts and the line
 * come before unit symbols, which are large and drawn on top but rarely what a click is after.
 */
const CLICKABLE = [
  "incidents-verified",
  "incidents-unverified",
  "incident-clusters",
  "posts",
  "sites",
  "contact-line",
  "withdrawal",
  "units",
  "coverage-fill",
  "sectors-fill",
  "zone-fill",
];

/** The feature a click means: the first by layer priority, not the one drawn on top. */
function byPriority<T extends { layer: { id: string } }>(hits: T[]): T | undefined {
  let best: T | undefined;
  let rank = Number.POSITIVE_INFINITY;
  for (const h of hits) {
    const r = CLICKABLE.indexOf(h.layer.id);
    if (r >= 0 && r < rank) {
      best = h;
      rank = r;
    }
  }
  return best;
}

export interface Selection {
  layer: string;
  properties: Record<string, unknown>;
  lngLat: [number, number];
}

type FC = FeatureCollection<Geometry, Record<string, unknown>>;

export interface MissionMapProps {
  plan: FC | undefined;
  incidents: FC | undefined;
  bbox: [number, number, number, number] | undefined;
  visible: Record<LayerKey, boolean>;
  onSelect: (s: Selection | undefined) => void;
  /** Every click on the map, with its coordinates (e.g. to place a report). */
  onClickAt?: (lngLat: [number, number]) => void;
  /** Highlight one incident (table in step with the map). */
  highlightId?: string;
  /** Where to start (a shared URL's view); the first zone then does not refit the map. */
  initialView?: { center: [number, number]; zoom: number };
  /** The view after each move, for the shareable URL. */
  onViewChange?: (v: { center: [number, number]; zoom: number }) => void;
  /** Editing the line of contact: the line to show, the tool, and where its changes go. */
  edit?: { line: EditLine; mode: DrawMode; onChange: (parts: Position[][]) => void };
  /** A file dropped on the map (a line to import). */
  onFileDrop?: (file: File) => void;
}

setWorkerUrl(workerUrl);

const EMPTY: FC = { type: "FeatureCollection", features: [] };

function byLayer(fc: FC | undefined, layer: string): FC {
  if (!fc) return EMPTY;
  return { type: "FeatureCollection", features: fc.features.filter((f) => f.properties?.layer === layer) };
}

/** A point in the middle of a sector's stretch of line, for its label. */
function labelPoint(f: Feature<Geometry, Record<string, unknown>>): [number, number] | undefined {
  const line = f.properties?.labelAt as [number, number] | undefined;
  if (line) return line;
  const g = f.geometry;
  const ring = g.type === "Polygon" ? g.coordinates[0] : g.type === "MultiPolygon" ? g.coordinates[0]?.[0] : undefined;
  if (!ring || ring.length === 0) return undefined;
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0];
    y += p[1];
  }
  return [x / ring.length, y / ring.length];
}

export function MissionMap({
  plan,
  incidents,
  bbox,
  visible,
  onSelect,
  onClickAt,
  highlightId,
  initialView,
  onViewChange,
  edit,
  onFileDrop,
}: MissionMapProps) {
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [styleReady, setStyleReady] = useState(false);
  const markers = useRef<Marker[]>([]);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onClickAtRef = useRef(onClickAt);
  onClickAtRef.current = onClickAt;
  const onViewChangeRef = useRef(onViewChange);
  onViewChangeRef.current = onViewChange;
  const initialViewRef = useRef(initialView);
  const editRef = useRef(edit);
  editRef.current = edit;
  const drawingRef = useRef<Drawing | null>(null);
  const [drawReady, setDrawReady] = useState(false);
  // A shared URL's view wins over fitting the first zone it shows.
  const skipFit = useRef(initialView !== undefined);

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    const map = new MaplibreMap({
      container: container.current,
      style: {
        version: 8,
        sources: {},
        layers: [{ id: "background", type: "background", paint: { "background-color": "#dfeaf2" } }],
      },
      center: initialViewRef.current?.center ?? [31, 48.5],
      zoom: initialViewRef.current?.zoom ?? 4,
      attributionControl: { compact: true, customAttribution: `Natural Earth (public domain) · ${PLACES_ATTRIBUTION}` },
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    });
    map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
    mapRef.current = map;
    window.__truce = { ...(window.__truce ?? {}), map };
    map.on("styleimagemissing", (e) => {
      const id = e.id;
      if (!symbols || !/^[SG][A-Z-]{14}$/.test(id) || map.hasImage(id)) return;
      const { data, pixelRatio } = symbols.symbolImage(id);
      map.addImage(id, data, { pixelRatio });
    });
    map.on("load", async () => {
      const base = await loadBasemap();
      map.addSource("countries", { type: "geojson", data: base.countries });
      map.addSource("borders", { type: "geojson", data: { type: "Feature", geometry: base.borders, properties: {} } });
      map.addLayer({ id: "countries-fill", type: "fill", source: "countries", paint: { "fill-color": COLOURS.land } });
      map.addLayer({
        id: "countries-border",
        type: "line",
        source: "borders",
        paint: { "line-color": COLOURS.border, "line-width": 0.8 },
      });
      for (const id of ["zone", "sectors", "line", "posts", "withdrawal", "units", "sites"]) {
        map.addSource(`plan-${id}`, { type: "geojson", data: EMPTY });
      }
      map.addSource("incidents", {
        type: "geojson",
        data: EMPTY,
        cluster: true,
        clusterRadius: 36,
        clusterMaxZoom: 11,
        clusterProperties: { unverified: ["+", ["case", ["==", ["get", "verified"], true], 0, 1]] },
      });
      map.addLayer({
        id: "sectors-fill",
        type: "fill",
        source: "plan-sectors",
        paint: { "fill-color": ["coalesce", ["get", "colour"], COLOURS.sector], "fill-opacity": 0.45 },
      });
      map.addLayer({
        id: "coverage-fill",
        type: "fill",
        source: "plan-sectors",
        filter: ["has", "coverage"],
        paint: {
          "fill-color": ["interpolate", ["linear"], ["get", "coverage"], ...COVERAGE_STOPS],
          "fill-opacity": 0.7,
        },
      });
      map.addLayer({
        id: "sectors-outline",
        type: "line",
        source: "plan-sectors",
        paint: { "line-color": "#333", "line-width": 0.8 },
      });
      map.addLayer({
        id: "zone-fill",
        type: "fill",
        source: "plan-zone",
        paint: { "fill-color": COLOURS.zone, "fill-opacity": 0.12 },
      });
      map.addLayer({
        id: "zone-outline",
        type: "line",
        source: "plan-zone",
        paint: { "line-color": COLOURS.zone, "line-width": 1.5 },
      });
      map.addLayer({
        id: "withdrawal",
        type: "line",
        source: "plan-withdrawal",
        paint: { "line-color": COLOURS.withdrawal, "line-width": 1.2, "line-dasharray": [4, 3] },
      });
      map.addLayer({
        id: "contact-line",
        type: "line",
        source: "plan-line",
        paint: { "line-color": COLOURS.line, "line-width": 3 },
      });
      map.addLayer({
        id: "posts",
        type: "circle",
        source: "plan-posts",
        paint: {
          "circle-radius": 3,
          "circle-color": COLOURS.post,
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 1,
        },
      });
      map.addLayer({
        id: "sites",
        type: "circle",
        source: "plan-sites",
        paint: {
          "circle-radius": 5,
          "circle-color": COLOURS.site,
          "circle-stroke-color": "#000",
          "circle-stroke-width": 1.5,
        },
      });
      map.addLayer({
        id: "units",
        type: "symbol",
        source: "plan-units",
        layout: {
          "icon-image": ["get", "sidc"],
          "icon-allow-overlap": true,
          "icon-size": ["interpolate", ["linear"], ["zoom"], 4, 0.6, 8, 1],
        },
      });
      map.addLayer({
        id: "incident-clusters",
        type: "circle",
        source: "incidents",
        filter: ["has", "point_count"],
        paint: {
          "circle-color": ["case", [">", ["get", "unverified"], 0], "#ffffff", STATUS_STYLE.verified.colour],
          "circle-stroke-color": ["case", [">", ["get", "unverified"], 0], STATUS_STYLE.reported.colour, "#000"],
          "circle-stroke-width": 3,
          "circle-radius": ["interpolate", ["linear"], ["get", "point_count"], 2, 10, 50, 20, 500, 30],
        },
      });
      map.addLayer({
        id: "incidents-verified",
        type: "circle",
        source: "incidents",
        filter: ["all", ["!", ["has", "point_count"]], ["==", ["get", "verified"], true]],
        paint: {
          "circle-radius": 7,
          "circle-color": STATUS_STYLE.verified.colour,
          "circle-stroke-color": "#000",
          "circle-stroke-width": 1.5,
        },
      });
      // Unverified: hollow ring, never a solid dot, so a rumour never looks like a confirmed fact.
      map.addLayer({
        id: "incidents-unverified",
        type: "circle",
        source: "incidents",
        filter: ["all", ["!", ["has", "point_count"]], ["!=", ["get", "verified"], true]],
        paint: {
          "circle-radius": 7,
          "circle-color": "rgba(255,255,255,0.85)",
          "circle-stroke-color": ["coalesce", ["get", "colour"], STATUS_STYLE.reported.colour],
          "circle-stroke-width": 3,
        },
      });
      setStyleReady(true);
      window.__truce = { ...(window.__truce ?? {}), map, styleReady: true };
    });
    map.on("moveend", () => {
      const c = map.getCenter();
      onViewChangeRef.current?.({ center: [c.lng, c.lat], zoom: map.getZoom() });
    });
    map.on("click", (e) => {
      // While the line is being edited, clicks belong to the editor.
      if (editRef.current) return;
      onClickAtRef.current?.([e.lngLat.lng, e.lngLat.lat]);
      const layers = CLICKABLE.filter((l) => map.getLayer(l) && map.getLayoutProperty(l, "visibility") !== "none");
      // A few pixels of slack, so a 3 px post or a 3 px line can be hit with a finger.
      const pad = 4;
      const hit = byPriority(
        map.queryRenderedFeatures(
          [
            [e.point.x - pad, e.point.y - pad],
            [e.point.x + pad, e.point.y + pad],
          ],
          { layers },
        ),
      );
      if (!hit) {
        onSelectRef.current(undefined);
        return;
      }
      if (hit.layer.id === "incident-clusters") {
        const src = map.getSource("incidents") as GeoJSONSource;
        const clusterId = hit.properties?.cluster_id as number;
        void src.getClusterExpansionZoom(clusterId).then((zoom) => {
          map.easeTo({ center: e.lngLat, zoom });
        });
      }
      onSelectRef.current({
        layer: hit.layer.id,
        properties: { ...hit.properties },
        lngLat: [e.lngLat.lng, e.lngLat.lat],
      });
    });
    for (const l of CLICKABLE) {
      map.on("mouseenter", l, () => {
        map.getCanvas().style.cursor = "pointer";
      });
      map.on("mouseleave", l, () => {
        map.getCanvas().style.cursor = "";
      });
    }
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Plan data.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    for (const [src, layer] of [
      ["zone", "zone"],
      ["sectors", "sector"],
      ["line", "line"],
      ["posts", "post"],
      ["withdrawal", "withdrawal"],
      ["sites", "site"],
    ] as const) {
      (map.getSource(`plan-${src}`) as GeoJSONSource | undefined)?.setData(byLayer(plan, layer));
    }
    const units = byLayer(plan, "base");
    let stale = false;
    const setUnits = (mod?: SymbolsModule) => {
      if (stale) return;
      // Register every unit symbol before the data that uses it, so all are placed in the same frame.
      for (const f of units.features) {
        const sidc = String(f.properties?.sidc ?? "");
        if (mod && sidc && !map.hasImage(sidc)) {
          const { data, pixelRatio } = mod.symbolImage(sidc);
          map.addImage(sidc, data, { pixelRatio });
        }
      }
      (map.getSource("plan-units") as GeoJSONSource | undefined)?.setData(units);
    };
    if (units.features.length === 0) setUnits();
    else void loadSymbols().then(setUnits);
    for (const m of markers.current) m.remove();
    markers.current = [];
    if (plan && visible.labels) {
      for (const f of plan.features) {
        if (f.properties?.layer !== "sector") continue;
        const at = labelPoint(f);
        if (!at) continue;
        const el = document.createElement("div");
        el.className = "map-label";
        el.textContent = String(f.properties.id);
        if (f.properties.leadNation) el.textContent += ` · ${String(f.properties.leadNation)}`;
        markers.current.push(new Marker({ element: el }).setLngLat(at).addTo(map));
      }
    }
    window.__truce = { ...(window.__truce ?? {}), planLoaded: plan?.features.length ?? 0 };
    return () => {
      stale = true;
    };
  }, [plan, styleReady, visible.labels]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady || !bbox) return;
    if (skipFit.current) {
      skipFit.current = false;
      return;
    }
    const b: LngLatBoundsLike = [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ];
    map.fitBounds(b, { padding: 40, duration: 0 });
  }, [bbox, styleReady]);

  // Incidents.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    (map.getSource("incidents") as GeoJSONSource | undefined)?.setData(incidents ?? EMPTY);
    window.__truce = { ...(window.__truce ?? {}), incidentsLoaded: incidents?.features.length ?? 0 };
  }, [incidents, styleReady]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    map.setPaintProperty("incidents-verified", "circle-radius", [
      "case",
      ["==", ["get", "id"], highlightId ?? ""],
      11,
      7,
    ]);
    map.setPaintProperty("incidents-unverified", "circle-radius", [
      "case",
      ["==", ["get", "id"], highlightId ?? ""],
      11,
      7,
    ]);
    if (highlightId && incidents) {
      const f = incidents.features.find((x) => x.properties?.id === highlightId);
      if (f && f.geometry.type === "Point")
        map.easeTo({ center: f.geometry.coordinates as [number, number], duration: 300 });
    }
  }, [highlightId, incidents, styleReady]);

  // Cluster counts as HTML labels (no glyphs needed). Only clusters drawn now get one: querySourceFeatures
  // also returns clusters of other zoom levels' tiles still in the cache, which left labels with no
  // cluster under them. Refreshed whenever the map settles (idle) after a move or new data.
  const clusterLabels = useRef(new Map<number, Marker>());
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    const update = () => {
      const seen = new Set<number>();
      if (visible.incidents && map.getLayer("incident-clusters")) {
        for (const f of map.queryRenderedFeatures({ layers: ["incident-clusters"] })) {
          const id = Number(f.properties?.cluster_id);
          if (seen.has(id) || f.geometry.type !== "Point") continue;
          seen.add(id);
          const at = f.geometry.coordinates as [number, number];
          const text = String(f.properties?.point_count ?? "");
          const unverified = Number(f.properties?.unverified) > 0;
          const old = clusterLabels.current.get(id);
          if (old) {
            old.setLngLat(at);
            old.getElement().textContent = text;
            old.getElement().classList.toggle("has-unverified", unverified);
            continue;
          }
          const el = document.createElement("div");
          el.className = `cluster-label${unverified ? " has-unverified" : ""}`;
          el.textContent = text;
          el.dataset.clusterId = String(id);
          el.setAttribute("aria-hidden", "true");
          clusterLabels.current.set(id, new Marker({ element: el }).setLngLat(at).addTo(map));
        }
      }
      for (const [id, m] of clusterLabels.current) {
        if (!seen.has(id)) {
          m.remove();
          clusterLabels.current.delete(id);
        }
      }
      window.__truce = { ...(window.__truce ?? {}), clusterLabels: clusterLabels.current.size };
    };
    map.on("idle", update);
    update();
    return () => {
      map.off("idle", update);
    };
  }, [styleReady, visible.incidents]);

  // Place names: HTML labels (no glyphs offline), chosen by size and zoom each time the map settles.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady || !visible.places) return;
    let places: Place[] | undefined;
    let shownMarkers: Marker[] = [];
    let cancelled = false;
    const draw = () => {
      if (!places) return;
      for (const m of shownMarkers) m.remove();
      const c = map.getCanvas();
      const picked = pickPlaces(places, map.getZoom(), (ll) => map.project(ll), {
        width: c.clientWidth,
        height: c.clientHeight,
      });
      shownMarkers = picked.map(({ place }) => {
        const el = document.createElement("div");
        el.className = place.population >= 500_000 ? "place-label big" : "place-label";
        el.textContent = place.name;
        el.dataset.population = String(place.population);
        return new Marker({ element: el, anchor: "left", offset: [-3, 0] })
          .setLngLat([place.lon, place.lat])
          .addTo(map);
      });
      window.__truce = { ...(window.__truce ?? {}), placeLabels: picked.map((p) => p.place.name) };
    };
    void loadPlaces().then((p) => {
      if (cancelled) return;
      places = p;
      draw();
    });
    map.on("moveend", draw);
    return () => {
      cancelled = true;
      map.off("moveend", draw);
      for (const m of shownMarkers) m.remove();
      window.__truce = { ...(window.__truce ?? {}), placeLabels: [] };
    };
  }, [styleReady, visible.places]);

  // The line editor (terra-draw, loaded only when editing starts).
  const editing = edit !== undefined;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady || !editing) return;
    let cancelled = false;
    void import("./drawing").then(({ startDrawing }) => {
      if (cancelled) return;
      drawingRef.current = startDrawing(map, (parts) => editRef.current?.onChange(parts));
      setDrawReady(true);
    });
    return () => {
      cancelled = true;
      drawingRef.current?.stop();
      drawingRef.current = null;
      setDrawReady(false);
    };
  }, [styleReady, editing]);
  const lineRev = edit?.line.rev;
  useEffect(() => {
    if (!drawReady || lineRev === undefined) return;
    drawingRef.current?.setParts(editRef.current?.line.parts ?? []);
  }, [drawReady, lineRev]);
  const drawMode = edit?.mode;
  useEffect(() => {
    if (!drawReady || !drawMode || lineRev === undefined) return;
    drawingRef.current?.setMode(drawMode);
  }, [drawReady, drawMode, lineRev]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    // terra-draw draws the line being edited; the plan's copy of it would lag behind.
    map.setLayoutProperty("contact-line", "visibility", visible.line && !editing ? "visible" : "none");
    window.__truce = { ...(window.__truce ?? {}), editing: drawReady };
  }, [editing, drawReady, styleReady, visible.line]);

  // Layer toggles.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleReady) return;
    for (const [key, ids] of Object.entries(STYLE_LAYERS) as Array<[LayerKey, string[]]>) {
      for (const id of ids)
        if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", visible[key] ? "visible" : "none");
    }
    for (const m of markers.current) m.getElement().style.display = visible.labels ? "" : "none";
    if (editRef.current) map.setLayoutProperty("contact-line", "visibility", "none");
  }, [visible, styleReady]);

  return (
    <section
      ref={container}
      className="map"
      onDragOver={(e) => {
        if (onFileDrop && e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        const f = e.dataTransfer.files[0];
        if (!onFileDrop || !f) return;
        e.preventDefault();
        onFileDrop(f);
      }}
      aria-label="Mission map. Focus it and use the arrow keys to pan, plus and minus to zoom. Layer details are also listed in the tables beside it."
    />
  );
}
