/** Simulation: run a Monte Carlo job with progress and cancel; KPIs with 95% CIs as a chart and a table. */
import { HEADLINE_KPIS, type SimulationView } from "../../../../src/report/types";
import { IntervalChart, LineChart } from "../../charts/Chart";
import { fmt } from "../../format";
import { NumberField } from "../../NumberField";
import type { SimSettings, WhatIfState } from "../../urlState";
import { kpiLabel } from "../kpis";
import { JobStatus, useJob } from "../useJob";

export function SimulationPanel({
  scenarioId,
  sim,
  onSim,
  whatIf,
}: {
  scenarioId: string;
  sim: SimSettings;
  onSim: (s: SimSettings) => void;
  /** The plan's what-if toggles: they choose the force and patrols simulated, as in the other panels. */
  whatIf: WhatIfState;
}) {
  const job = useJob<SimulationView>();
  const { replications, days, seed } = sim;
  const setReplications = (replications: number) => onSim({ ...sim, replications });
  const setDays = (days: number) => onSim({ ...sim, days });
  const setSeed = (seed: number) => onSim({ ...sim, seed });
  const r = job.state.result;
  const rows = r
    ? // Every KPI is a count, share or time: a normal-approximation bound below 0 is shown as 0.
      Object.entries(r.kpis).map(([k, v]) => ({
        key: k,
        label: kpiLabel(k),
        mean: v.mean,
        lo: Math.max(0, v.ci95[0]),
        hi: v.ci95[1],
      }))
    : [];
  const headline = HEADLINE_KPIS.map((k) => rows.find((x) => x.key === k)).filter((x) => x !== undefined);
  return (
    <section aria-labelledby="sim-h">
      <h3 id="sim-h">Simulation</h3>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void job.start(`/api/plan/scenarios/${encodeURIComponent(scenarioId)}/simulations`, {
            replications,
            days,
            seed,
            whatIf,
          });
        }}
      >
        <NumberField
          label="Replications"
          value={replications}
          onChange={setReplications}
          min={1}
          max={2000}
          testId="sim-replications"
        />
        <NumberField label="Days" value={days} onChange={setDays} min={1} max={365} testId="sim-days" />
        <label>
          Seed <input type="number" value={seed} onChange={(e) => setSeed(+e.target.value)} data-testid="sim-seed" />
        </label>
        <button type="submit" disabled={job.state.status === "running"} data-testid="sim-run">
          Run simulation
        </button>
        {job.state.status === "running" && (
          <button type="button" onClick={() => void job.cancel()} data-testid="sim-cancel">
            Cancel
          </button>
        )}
      </form>
      <JobStatus state={job.state} label="Replications" messageTestId="sim-message" />
      {r && (
        <div data-testid="sim-result">
          <p>
            {fmt(r.replications)} replications, seed {r.seed}, {fmt(r.events)} events ({fmt(r.eventsPerSecond)}{" "}
            events/s).
          </p>
          <IntervalChart
            testId="sim-chart"
            title="Simulation KPIs with 95% confidence intervals"
            description={`Mean and 95% confidence interval of the headline KPIs over ${r.replications} replications of ${fmt(r.days)} days with ${fmt(r.troops)} troops; every KPI is in the table below.`}
            rows={headline.length > 0 ? headline : rows}
          />
          <div className="scroll">
            <table className="data" data-testid="sim-table">
              <caption>KPIs (text alternative to the chart)</caption>
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">Mean</th>
                  <th scope="col">95% CI</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    <td className="num">{fmt(row.mean)}</td>
                    <td className="num">
                      {fmt(row.lo)} – {fmt(row.hi)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.sweep && r.sweep.length > 0 && (
            <LineChart
              spec={{
                title: "Share met in time versus troops",
                description: "Sweep over force size.",
                xLabel: "Troops",
                yLabel: "Share",
                xScale: "log",
                series: [
                  {
                    name: "met in time",
                    points: r.sweep.map((p) => ({ x: p.troops, y: p.kpis.metInTimeShare?.mean ?? 0 })),
                  },
                ],
              }}
            />
          )}
        </div>
      )}
    </section>
  );
}
