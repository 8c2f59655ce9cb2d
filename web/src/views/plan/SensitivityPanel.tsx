/**
 * Sensitivity of the simulation: the tornado over its behavioural assumptions (golden time, force
 * ladder, containment, detection, escalation), run as a server job with progress and cancel, drawn
 * with the report's tornado renderer for the KPI chosen. The numbers are `Planner.sensitivity`'s,
 * the same as `truce simulate --sensitivity` and `truce report --sensitivity`.
 */
import { useState } from "react";
import { formatKpi } from "../../../../src/report/labels";
import { simTornadoKpis, simTornadoSpec } from "../../../../src/report/tornado";
import type { SensitivityView } from "../../../../src/report/types";
import { TornadoChart } from "../../charts/Chart";
import { fmt } from "../../format";
import type { SimSettings, WhatIfState } from "../../urlState";
import { JobStatus, useJob } from "../useJob";

export function SensitivityPanel({
  scenarioId,
  sim,
  whatIf,
}: {
  scenarioId: string;
  sim: SimSettings;
  whatIf: WhatIfState;
}) {
  const job = useJob<SensitivityView>();
  const [troops, setTroops] = useState("");
  const [kpi, setKpi] = useState<string | undefined>(undefined);
  const r = job.state.result;
  const shown = r && kpi && r.kpis.includes(kpi) ? kpi : r?.rankedBy;
  const top = r?.bars[0];
  const value = (k: string, x: number) => formatKpi(x, r?.kpiInfo[k]?.unit ?? "");
  const troopsValue = troops.trim() === "" ? undefined : Number(troops);
  return (
    <section aria-labelledby="sim-sens-h">
      <h3 id="sim-sens-h">Sensitivity of the simulation</h3>
      <p className="muted">
        Which judgement-based assumption does the answer depend on most? Golden time, the force ladder's success,
        containment, detection and the escalation probability are each moved down and up, one at a time, with the same
        seed and force: a simulation of {fmt(sim.replications)} replications × {fmt(sim.days)} days (the simulation's
        settings above) for each end of each assumption, and one with all as stated
        {whatIf.veto && whatIf.backstop === undefined ? "" : "; the what-if toggles above apply"}.
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void job.start(`/api/plan/scenarios/${encodeURIComponent(scenarioId)}/sensitivities`, {
            replications: sim.replications,
            days: sim.days,
            seed: sim.seed,
            ...(troopsValue !== undefined ? { troops: troopsValue } : {}),
            whatIf,
          });
        }}
      >
        <label>
          Troops{" "}
          <input
            type="number"
            min={1}
            value={troops}
            placeholder="the plan's force"
            onChange={(e) => setTroops(e.target.value)}
            data-testid="sim-sens-troops"
          />
        </label>
        <button type="submit" disabled={job.state.status === "running"} data-testid="sim-sens-run">
          Run the sensitivity
        </button>
        {job.state.status === "running" && (
          <button type="button" onClick={() => void job.cancel()} data-testid="sim-sens-cancel">
            Cancel
          </button>
        )}
        {r && shown && (
          <label>
            KPI{" "}
            <select value={shown} onChange={(e) => setKpi(e.target.value)} data-testid="sim-sens-kpi">
              {simTornadoKpis(r).map((x) => (
                <option key={x.kpi} value={x.kpi}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      <JobStatus state={job.state} label="Sensitivity" messageTestId="sim-sens-message" />
      {r && shown && (
        <div data-testid="sim-sens-result">
          <p>
            {r.runs} simulations of {fmt(r.replications)} replications × {fmt(r.days)} days with {fmt(r.troops)} troops
            ({r.links.note}), seed {r.seed}
            {r.whatIf.veto ? "" : ", the parties' vetoes lifted"}
            {r.whatIf.backstop === undefined ? "" : r.whatIf.backstop ? ", backstops present" : ", backstops absent"}.
          </p>
          {top && (
            <p className="note" data-testid="sim-sens-top">
              Ranked by {(r.kpiInfo[r.rankedBy]?.label ?? r.rankedBy).toLowerCase()}: <strong>{top.factor}</strong>{" "}
              moves it most, to {value(r.rankedBy, top.low[r.rankedBy])} / {value(r.rankedBy, top.high[r.rankedBy])} at{" "}
              {top.change} (as stated: {value(r.rankedBy, r.base[r.rankedBy])}).
            </p>
          )}
          {/* The width of the panel's other charts, so its text stays readable beside the map. */}
          <TornadoChart testId="sim-sens-chart" spec={{ ...simTornadoSpec(r, shown), width: 640 }} />
        </div>
      )}
    </section>
  );
}
