/**
 * The planner: four views over one scenario (Scenario, Plan, Compare, Incidents)
 * with the mission map beside them. The view and scenario live in the URL hash
 * (#/plan/ukraine-gcsp), so the back button and bookmarks work.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type Geo, listScenarios, type ScenarioEntry } from "./api";
import { importLineFile } from "./edit/EditPanel";
import { useEditor } from "./edit/useEditor";
import { ExportBar } from "./map/ExportBar";
import { LegendSwatch } from "./map/legend";
import { LAYER_LABELS, type LayerKey, MissionMap, type Selection } from "./map/MissionMap";
import { declutterUnits } from "./map/units";
import { withdrawalOnZoneSides } from "./map/withdrawal";
import { formatHash, type MapView, parseHash, type SimSettings, type UrlState } from "./urlState";
import { Details } from "./views/Details";
import { ScenarioView } from "./views/ScenarioView";
import { usePlan } from "./views/usePlan";

// The views after the first are loaded when first opened: the first view stays small (issue 17, delivery).
const PlanView = lazy(() => import("./views/PlanView").then((m) => ({ default: m.PlanView })));
const CompareView = lazy(() => import("./views/CompareView").then((m) => ({ default: m.CompareView })));
const IncidentView = lazy(() => import("./views/IncidentView").then((m) => ({ default: m.IncidentView })));

type ViewKey = "scenario" | "plan" | "compare" | "incidents";
const VIEWS: Array<{ key: ViewKey; label: string }> = [
  { key: "scenario", label: "Scenario" },
  { key: "plan", label: "Plan" },
  { key: "compare", label: "Compare" },
  { key: "incidents", label: "Incidents" },
];

const DEFAULT_LAYERS: Record<LayerKey, boolean> = {
  basemap: true,
  line: true,
  zone: true,
  sectors: true,
  coverage: false,
  posts: true,
  withdrawal: true,
  units: true,
  sites: true,
  incidents: true,
  labels: true,
  places: true,
};

const VIEW_KEYS = VIEWS.map((v) => v.key);
const readHash = () => parseHash(window.location.hash, VIEW_KEYS, DEFAULT_LAYERS);

export function App() {
  const [initial] = useState(readHash);
  const [{ view, id }, setRoute] = useState<{ view: ViewKey; id?: string }>(initial);
  const [scenarios, setScenarios] = useState<ScenarioEntry[]>([]);
  const [listError, setListError] = useState<string>();
  const [layers, setLayers] = useState(initial.layers);
  const [selection, setSelection] = useState<Selection>();
  const [incidentGeo, setIncidentGeo] = useState<Geo>();
  const [highlight, setHighlight] = useState<string>();
  const [clickedAt, setClickedAt] = useState<[number, number]>();
  const [whatIf, setWhatIf] = useState(initial.whatIf);
  const [sim, setSim] = useState<SimSettings>(initial.sim);
  const [mapView, setMapView] = useState<MapView | undefined>(initial.map);
  // On a phone the map sits below the view; it can be folded away to reach the form.
  const [mapOpen, setMapOpen] = useState(true);
  const plan = usePlan(id, whatIf);
  const editor = useEditor(id, plan.data);
  const [importError, setImportError] = useState<string>();

  // The URL carries the shareable state (urlState.ts): written in place as it changes, read back on
  // reload and when the back button changes the hash.
  const state: UrlState<ViewKey, LayerKey> = { view, id, whatIf, layers, map: mapView, sim };
  const stateRef = useRef(state);
  stateRef.current = state;
  const hash = formatHash(state, DEFAULT_LAYERS);
  // The hash last written or read here. When the location differs from it, someone else navigated
  // (a link, the back button, a typed URL) and its hashchange is still queued: writing the current
  // state then would overwrite that navigation before the handler reads it (a map move landing
  // just after a new hash once sent the app back to the old view).
  const known = useRef(window.location.hash);
  useEffect(() => {
    if (window.location.hash !== known.current) return;
    if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
    known.current = window.location.hash;
  }, [hash]);
  useEffect(() => {
    const onHash = () => {
      known.current = window.location.hash;
      const s = readHash();
      setRoute({ view: s.view, id: s.id });
      setWhatIf(s.whatIf);
      setLayers(s.layers);
      setSim(s.sim);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const refreshScenarios = useCallback(() => {
    listScenarios()
      .then((r) => {
        setScenarios(r.scenarios);
        setListError(undefined);
      })
      .catch((e: Error) => setListError(e.message));
  }, []);
  useEffect(() => refreshScenarios(), [refreshScenarios]);

  const go = useCallback((v: ViewKey, scenarioId?: string, reset = false) => {
    const cur = stateRef.current;
    const next = {
      ...cur,
      view: v,
      id: scenarioId ?? cur.id,
      ...(reset ? { whatIf: { veto: true }, map: undefined } : {}),
    };
    window.location.hash = formatHash(next, DEFAULT_LAYERS);
  }, []);

  const selectScenario = useCallback(
    (sid: string) => {
      setSelection(undefined);
      setMapView(undefined);
      go(stateRef.current.view, sid, true);
    },
    [go],
  );

  // Keep the details panel in step with the incident list: after a verification it shows the new status.
  useEffect(() => {
    setSelection((sel) => {
      if (!sel?.layer.startsWith("incidents-") || !incidentGeo) return sel;
      const f = incidentGeo.features.find((x) => x.properties?.id === sel.properties.id);
      // Not in the list (filtered out, or the list is reloading for a new token): keep what was clicked.
      return f ? { ...sel, properties: { ...f.properties } } : sel;
    });
  }, [incidentGeo]);

  const current = scenarios.find((s) => s.id === id);
  const bbox = plan.data?.zone.status === "ok" ? plan.data.zone.value.bbox : undefined;
  const showMap = view !== "compare";
  // While editing, the map shows the edit's live re-plan (the last one, until the next arrives).
  const shown = editor.active ? (editor.plan.data ?? plan.data) : plan.data;
  const mapData = useMemo(() => {
    if (!shown) return undefined;
    const map = shown.map as unknown as Geo;
    const z = shown.zone.status === "ok" ? shown.zone.value : undefined;
    return declutterUnits(z ? withdrawalOnZoneSides(map, z.leftKm, z.rightKm) : map);
  }, [shown]);
  const onFileDrop = useCallback(
    async (file: File) => {
      if (!editor.active) await editor.start();
      setImportError(await importLineFile(editor, file));
    },
    [editor],
  );

  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>
          Truce <span className="sub">mission planner</span>
        </h1>
        <nav aria-label="Views">
          <div role="tablist" className="tabs">
            {VIEWS.map((v) => (
              <button
                key={v.key}
                type="button"
                role="tab"
                id={`tab-${v.key}`}
                aria-selected={view === v.key}
                aria-controls="view-panel"
                className={view === v.key ? "active" : ""}
                tabIndex={view === v.key ? 0 : -1}
                onClick={() => go(v.key)}
                onKeyDown={(e) => {
                  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Home/End jump to the ends.
                  const i = VIEWS.findIndex((x) => x.key === v.key);
                  const next =
                    e.key === "ArrowRight"
                      ? (i + 1) % VIEWS.length
                      : e.key === "ArrowLeft"
                        ? (i + VIEWS.length - 1) % VIEWS.length
                        : e.key === "Home"
                          ? 0
                          : e.key === "End"
                            ? VIEWS.length - 1
                            : -1;
                  if (next < 0) return;
                  e.preventDefault();
                  go(VIEWS[next].key);
                  document.getElementById(`tab-${VIEWS[next].key}`)?.focus();
                }}
              >
                {v.label}
              </button>
            ))}
          </div>
        </nav>
        <label className="scenario-pick">
          Scenario{" "}
          <select
            value={id ?? ""}
            onChange={(e) => selectScenario(e.target.value)}
            aria-label="Scenario"
            data-testid="scenario-select"
          >
            <option value="" disabled>
              Pick a scenario…
            </option>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.bundled ? "" : " (uploaded)"}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className={`body ${showMap ? "with-map" : ""}`}>
        {/* The main landmark holds the tab panel: a main element may not take the tabpanel role (axe). */}
        <main id="main" tabIndex={-1}>
          <div id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`}>
            {listError && (
              <p role="alert" className="error">
                Could not list scenarios: {listError}
              </p>
            )}
            {view === "scenario" && (
              <ScenarioView
                scenarios={scenarios}
                current={current}
                plan={plan}
                onPick={(sid) => go("scenario", sid)}
                onUploaded={(sid) => {
                  refreshScenarios();
                  go("scenario", sid);
                }}
                onOpenPlan={() => go("plan")}
                editor={editor}
                importError={importError}
                onImportError={setImportError}
                onOpenEdited={(sid) => {
                  editor.stop();
                  refreshScenarios();
                  setSelection(undefined);
                  go("plan", sid, true);
                }}
              />
            )}
            <Suspense fallback={<p aria-live="polite">Loading the view…</p>}>
              {view === "plan" && (
                <PlanView scenarioId={id} plan={plan} whatIf={whatIf} onWhatIf={setWhatIf} sim={sim} onSim={setSim} />
              )}
              {view === "compare" && <CompareView scenarios={scenarios} currentId={id} />}
              {view === "incidents" && (
                <IncidentView
                  scenarioId={id}
                  scenarioName={current?.name}
                  onGeo={setIncidentGeo}
                  highlight={highlight}
                  onHighlight={setHighlight}
                  pickedLocation={clickedAt}
                />
              )}
            </Suspense>
          </div>
        </main>
        <aside className={`map-pane ${mapOpen ? "" : "folded"}`} hidden={!showMap} aria-label="Map and layers">
          <button
            type="button"
            className="map-toggle"
            aria-expanded={mapOpen}
            aria-controls="map-body"
            onClick={() => setMapOpen((o) => !o)}
            data-testid="map-toggle"
          >
            {mapOpen ? "Hide map" : "Show map"}
          </button>
          <div id="map-body" className="map-body">
            <MissionMap
              plan={mapData}
              incidents={incidentGeo}
              bbox={bbox}
              visible={layers}
              onSelect={(s) => {
                setSelection(s);
                const iid = s?.properties.id;
                if (s?.layer.startsWith("incidents-") && typeof iid === "string") setHighlight(iid);
              }}
              onClickAt={setClickedAt}
              initialView={initial.map}
              onViewChange={setMapView}
              highlightId={highlight}
              edit={editor.active ? { line: editor.line, mode: editor.mode, onChange: editor.fromMap } : undefined}
              onFileDrop={id ? (f) => void onFileDrop(f) : undefined}
            />
            <fieldset className="layers">
              <legend>Layers and legend</legend>
              {(Object.keys(LAYER_LABELS) as LayerKey[]).map((k) => (
                <label key={k}>
                  <input
                    type="checkbox"
                    checked={layers[k]}
                    onChange={(e) => setLayers((l) => ({ ...l, [k]: e.target.checked }))}
                    data-testid={`layer-${k}`}
                  />{" "}
                  <LegendSwatch layer={k} /> {LAYER_LABELS[k]}
                </label>
              ))}
            </fieldset>
            <ExportBar scenarioId={id} plan={plan.data} />
            <Details selection={selection} onClose={() => setSelection(undefined)} />
          </div>
        </aside>
      </div>
    </div>
  );
}
