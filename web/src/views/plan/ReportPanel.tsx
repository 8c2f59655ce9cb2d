/** The mission-plan report: build it as a server job, then open or download it. */
import { useState } from "react";
import { withToken } from "../../api";
import { fmt } from "../../format";
import { NumberField } from "../../NumberField";
import type { SimSettings, WhatIfState } from "../../urlState";
import { JobStatus, useJob } from "../useJob";

export function ReportPanel({
  scenarioId,
  sim,
  whatIf,
}: {
  scenarioId: string;
  sim: SimSettings;
  whatIf: WhatIfState;
}) {
  const job = useJob<{ href: string; bytes: number }>();
  const [replications, setReplications] = useState(40);
  return (
    <section aria-labelledby="report-h">
      <h3 id="report-h">Mission-plan report</h3>
      <p className="muted">
        One self-contained HTML file to hand over: summary, zone, sizing with assumptions and history, force generation
        with what-ifs, patrols, simulation with confidence intervals, risks and sources. Print it to PDF from the
        browser, or run <code>truce report FILE --pdf</code>.
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          // Built with the simulation's days and seed and the what-if toggles, as the panels above.
          void job.start(`/api/plan/scenarios/${encodeURIComponent(scenarioId)}/reports`, {
            replications,
            days: sim.days,
            seed: sim.seed,
            whatIf,
          });
        }}
      >
        <NumberField
          label="Replications"
          value={replications}
          onChange={setReplications}
          min={1}
          max={1000}
          testId="report-replications"
        />
        <span className="muted" data-testid="report-settings">
          {fmt(sim.days)} days, seed {sim.seed} (as the simulation above)
          {!whatIf.veto || whatIf.backstop !== undefined ? "; with the what-if toggles above" : ""}
        </span>
        <button type="submit" disabled={job.state.status === "running"} data-testid="report-build">
          Build the report
        </button>
        {job.state.status === "running" && (
          <button type="button" onClick={() => void job.cancel()} data-testid="report-cancel">
            Cancel
          </button>
        )}
      </form>
      <JobStatus state={job.state} label="Report" />
      {job.state.result && (
        <p data-testid="report-ready">
          <a href={withToken(job.state.result.href)} target="_blank" rel="noopener" data-testid="report-link">
            Open the report
          </a>{" "}
          ({fmt(job.state.result.bytes / 1024, 0)} kB) ·{" "}
          <a href={withToken(job.state.result.href)} download={`mission-plan-${scenarioId}.html`}>
            Download
          </a>
        </p>
      )}
    </section>
  );
}
