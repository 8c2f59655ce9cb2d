import { useEffect, useState } from "react";
import type { PlanView } from "../../../src/report/types";
import { api } from "../api";

export interface PlanState {
  data?: PlanView;
  loading: boolean;
  error?: string;
}

/** Fetch the plan (zone, sizing, generation, patrols) for a scenario and the what-if toggles. */
export function usePlan(id: string | undefined, whatIf: { veto: boolean; backstop?: boolean }): PlanState {
  const [state, setState] = useState<PlanState>({ loading: false });
  useEffect(() => {
    if (!id) {
      setState({ loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    const q = new URLSearchParams({ veto: whatIf.veto ? "on" : "off" });
    if (whatIf.backstop !== undefined) q.set("backstop", whatIf.backstop ? "on" : "off");
    api<PlanView>(`/api/plan/scenarios/${encodeURIComponent(id)}/plan?${q}`, { signal: ctl.signal })
      .then((data) => setState({ data, loading: false }))
      .catch((e: Error) => {
        if (e.name !== "AbortError") setState({ loading: false, error: e.message });
      });
    return () => ctl.abort();
  }, [id, whatIf.veto, whatIf.backstop]);
  return state;
}
