/**
 * Plan view: sizing estimates with their assumptions, the force-generation table
 * (nation × capability) with what-if toggles, patrol coverage, and a simulation
 * run with progress, cancel, KPIs and their confidence intervals, and the simulation's sensitivity
 * tornado. One file per panel in plan/.
 */

import type { SimSettings } from "../urlState";
import { GenerationPanel } from "./plan/GenerationPanel";
import { PatrolPanel } from "./plan/PatrolPanel";
import { ReportPanel } from "./plan/ReportPanel";
import { SensitivityPanel } from "./plan/SensitivityPanel";
import { SimulationPanel } from "./plan/SimulationPanel";
import { SizingPanel } from "./plan/SizingPanel";
import { Unavailable } from "./plan/Unavailable";
import type { PlanState } from "./usePlan";

export function PlanView({
  scenarioId,
  plan,
  whatIf,
  onWhatIf,
  sim,
  onSim,
}: {
  scenarioId: string | undefined;
  plan: PlanState;
  whatIf: { veto: boolean; backstop?: boolean };
  onWhatIf: (w: { veto: boolean; backstop?: boolean }) => void;
  /** Replications, days and seed: shared by the simulation and the report, and kept in the URL. */
  sim: SimSettings;
  onSim: (s: SimSettings) => void;
}) {
  if (!scenarioId) return <p className="view">Pick a scenario first (Scenario view or the picker above).</p>;
  const d = plan.data;
  return (
    <div className="view plan-view" data-testid="plan-view">
      <h2>Plan{d ? `: ${d.scenario.name}` : ""}</h2>
      {plan.loading && <p aria-live="polite">Planning…</p>}
      {plan.error && (
        <p role="alert" className="error">
          {plan.error}
        </p>
      )}
      {d && (
        <>
          <section aria-labelledby="sizing-h">
            <h3 id="sizing-h">Sizing</h3>
            <Unavailable stage={d.sizing} name="Sizing" />
            {d.sizing.status === "ok" && <SizingPanel s={d.sizing.value} />}
          </section>
          <section aria-labelledby="gen-h">
            <h3 id="gen-h">Force generation</h3>
            <fieldset className="toggles">
              <legend>What if</legend>
              <label>
                <input
                  type="checkbox"
                  checked={whatIf.veto}
                  onChange={(e) => onWhatIf({ ...whatIf, veto: e.target.checked })}
                  data-testid="whatif-veto"
                />{" "}
                Parties' vetoes apply
              </label>
              <label>
                <input
                  type="checkbox"
                  checked={whatIf.backstop ?? d.whatIf.backstop ?? false}
                  onChange={(e) => onWhatIf({ ...whatIf, backstop: e.target.checked })}
                  data-testid="whatif-backstop"
                />{" "}
                US backstop present
              </label>
            </fieldset>
            <Unavailable stage={d.generation} name="Force generation" />
            {d.generation.status === "ok" && <GenerationPanel g={d.generation.value} />}
          </section>
          <section aria-labelledby="patrol-h">
            <h3 id="patrol-h">Patrols</h3>
            <Unavailable stage={d.patrol} name="Patrol planning" />
            {d.patrol.status === "ok" && <PatrolPanel p={d.patrol.value} />}
          </section>
          <SimulationPanel scenarioId={scenarioId} sim={sim} onSim={onSim} whatIf={whatIf} />
          <SensitivityPanel scenarioId={scenarioId} sim={sim} whatIf={whatIf} />
          <ReportPanel scenarioId={scenarioId} sim={sim} whatIf={whatIf} />
        </>
      )}
    </div>
  );
}
