/**
 * Editing a scenario's line of contact and zone widths on the map. Each change is sent as an
 * upload (the edited scenario's YAML) and re-planned with the planning API's lite plan (zone and
 * sizing), the latest edit winning. The map draws the line with terra-draw; this hook owns the state.
 */
import type { Position } from "geojson";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PlanView } from "../../../src/report/types";
import { api, uploadScenario } from "../api";
import type { PlanState } from "../views/usePlan";
import { cleanParts } from "./clean";

/** The line the map should show; `rev` changes only when it is set from outside the map (start, import, new). */
export interface EditLine {
  parts: Position[][];
  rev: number;
}

export type DrawMode = "select" | "linestring";

export interface Editor {
  active: boolean;
  baseId?: string;
  line: EditLine;
  leftKm: number;
  rightKm: number;
  mode: DrawMode;
  plan: PlanState;
  /** The upload the current edit was planned as (open it as a scenario). */
  uploadedId?: string;
  error?: string;
  start: () => Promise<void>;
  stop: () => void;
  /** A change made on the map (vertex moved, added, deleted; a line drawn). */
  fromMap: (parts: Position[][]) => void;
  /** A line from a dropped file, or none to draw a new one. */
  replace: (parts: Position[][]) => void;
  setSides: (leftKm: number, rightKm: number) => void;
  setMode: (m: DrawMode) => void;
  yaml: () => Promise<string | undefined>;
}

/** Wait this long after the last change before re-planning: a drag sends many. */
const REPLAN_DELAY_MS = 350;

export function useEditor(scenarioId: string | undefined, plan: PlanView | undefined): Editor {
  const [active, setActive] = useState(false);
  const [baseId, setBaseId] = useState<string>();
  const [base, setBase] = useState<Record<string, unknown>>();
  const [line, setLine] = useState<EditLine>({ parts: [], rev: 0 });
  const [sides, setSidesState] = useState({ leftKm: 5, rightKm: 5 });
  const [mode, setMode] = useState<DrawMode>("select");
  const [editPlan, setEditPlan] = useState<PlanState>({ loading: false });
  const [uploadedId, setUploadedId] = useState<string>();
  const [error, setError] = useState<string>();
  const rev = useRef(0);

  const start = useCallback(async () => {
    if (!scenarioId) return;
    setError(undefined);
    try {
      const r = await api<{ data: Record<string, unknown> }>(`/api/plan/scenarios/${encodeURIComponent(scenarioId)}`);
      const g = r.data.contactLine as { type: string; coordinates: Position[] | Position[][] };
      const parts = g.type === "LineString" ? [g.coordinates as Position[]] : (g.coordinates as Position[][]);
      const z = plan?.zone.status === "ok" ? plan.zone.value : undefined;
      setBase(r.data);
      setBaseId(scenarioId);
      setSidesState({ leftKm: z?.leftKm ?? 5, rightKm: z?.rightKm ?? 5 });
      rev.current += 1;
      setLine({ parts: cleanParts(parts), rev: rev.current });
      setMode("select");
      setActive(true);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [scenarioId, plan]);

  const stop = useCallback(() => {
    setActive(false);
    setEditPlan({ loading: false });
    setUploadedId(undefined);
  }, []);

  // Another scenario picked: leave the editor.
  useEffect(() => {
    if (baseId && scenarioId !== baseId && !scenarioId?.startsWith("upload-")) stop();
  }, [scenarioId, baseId, stop]);

  const fromMap = useCallback((parts: Position[][]) => setLine((l) => ({ parts: cleanParts(parts), rev: l.rev })), []);
  const replace = useCallback((parts: Position[][]) => {
    rev.current += 1;
    setLine({ parts: cleanParts(parts), rev: rev.current });
    setMode(parts.length === 0 ? "linestring" : "select");
  }, []);
  const setSides = useCallback((leftKm: number, rightKm: number) => setSidesState({ leftKm, rightKm }), []);

  const yaml = useCallback(
    async () =>
      base && line.parts.length > 0
        ? // The YAML writer loads with the first edit, not with the page.
          (await import("./scenarioYaml")).editedScenarioYaml(base, {
            parts: line.parts,
            leftKm: sides.leftKm,
            rightKm: sides.rightKm,
          })
        : undefined,
    [base, line.parts, sides.leftKm, sides.rightKm],
  );

  // Re-plan the latest edit: upload it, then ask for the lite plan. An older request is dropped.
  useEffect(() => {
    if (!active || !base || !baseId) return;
    if (line.parts.length === 0) {
      setEditPlan({ loading: false });
      return;
    }
    const ctl = new AbortController();
    setEditPlan((s) => ({ data: s.data, loading: true }));
    const timer = setTimeout(async () => {
      try {
        const text = await yaml();
        if (!text || ctl.signal.aborted) return;
        const up = await uploadScenario(`${baseId}-edited.yaml`, text);
        if (ctl.signal.aborted) return;
        const data = await api<PlanView>(`/api/plan/scenarios/${encodeURIComponent(up.scenario.id)}/plan?lite=1`, {
          signal: ctl.signal,
        });
        setUploadedId(up.scenario.id);
        setEditPlan({ data, loading: false });
      } catch (e) {
        if ((e as Error).name !== "AbortError" && !ctl.signal.aborted)
          setEditPlan((s) => ({ data: s.data, loading: false, error: (e as Error).message }));
      }
    }, REPLAN_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [active, base, baseId, yaml, line.parts.length]);

  return {
    active,
    baseId,
    line,
    leftKm: sides.leftKm,
    rightKm: sides.rightKm,
    mode,
    plan: editPlan,
    uploadedId,
    error,
    start,
    stop,
    fromMap,
    replace,
    setSides,
    setMode,
    yaml,
  };
}
