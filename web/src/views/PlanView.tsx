/**
 * Plan view: sizing estimates with their assumptions, the force-generation table
 * (nation × capability) with what-if toggles, patrol coverage, and a simulation
 * run with progress, cancel, KPIs and their confidence intervals.
 */
import { useState } from "react";
import type {
  GenerationView,
  PatrolView as PatrolData,
  SimulationView,
  SizingView,
  Stage,
} from "../../../src/report/types";
import { IntervalChart, LineChart } from "../charts/Chart";
import { fmt } from "../format";
import { kpiLabel } from "./kpis";
import { ProgressBar, useJob } from "./useJob";
import type { PlanState } from "./usePlan";

function Unavailable({ stage, name }: { stage: Stage<unknown>; name: string }) {
  if (stage.status === "ok") return null;
  return (
    <p className={stage.status === "error" ? "error" : "note"} role={stage.status === "error" ? "alert" : undefined}>
      {name}: {stage.status === "error" ? stage.message : `not available — ${stage.reason}`}
    </p>
  );
}

function Assumptions({ a }: { a: Record<string, unknown> }) {
  const entries = Object.entries(a);
  if (entries.length === 0) return null;
  return (
    <details>
      <summary>Assumptions</summary>
      <dl className="facts small">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === "number" ? fmt(v) : typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Sizing({ s }: { s: SizingView }) {
  return (
    <>
      <p className="headline" data-testid="sizing-recommended">
        Recommended: <strong>{fmt(s.recommended.troops)}</strong> troops deployed (range {fmt(s.recommended.low)}–
        {fmt(s.recommended.high)}), {fmt(s.recommended.civilians)} civilians and police;{" "}
        <strong>{fmt(s.recommended.committed)}</strong> committed with rotation.
      </p>
      <table className="data">
        <caption>Estimates by method</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Troops</th>
            <th scope="col">Range</th>
            <th scope="col">Civilians / police</th>
            <th scope="col">Assumptions</th>
          </tr>
        </thead>
        <tbody>
          {s.estimates.map((e) => (
            <tr key={e.method}>
              <th scope="row">{e.method}</th>
              <td className="num">{fmt(e.troops)}</td>
              <td className="num">
                {fmt(e.low)}–{fmt(e.high)}
              </td>
              <td className="num">{fmt(e.civilians)}</td>
              <td>
                <Assumptions a={e.assumptions ?? {}} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.sensitivity.length > 0 && (
        <table className="data">
          <caption>Sensitivity: recommended troops with each parameter at its low and high value</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Low</th>
              <th scope="col">High</th>
            </tr>
          </thead>
          <tbody>
            {s.sensitivity.map((r) => (
              <tr key={r.parameter}>
                <th scope="row">{r.parameter}</th>
                <td className="num">{fmt(r.low)}</td>
                <td className="num">{fmt(r.high)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Generation({ g }: { g: GenerationView }) {
  const nations = [...new Set(g.allocations.map((a) => a.nation))];
  const caps = [...new Set(g.allocations.map((a) => a.capability))];
  const cell = (n: string, c: string) =>
    g.allocations.filter((a) => a.nation === n && a.capability === c).reduce((s, a) => s + a.troops, 0);
  return (
    <>
      <p className={g.feasible ? "headline" : "headline warn"} data-testid="generation-status">
        {g.feasible ? "Feasible" : "Infeasible"}: {fmt(g.totalTroops)} troops generated
        {g.requiredTroops !== undefined ? ` of ${fmt(g.requiredTroops)} required` : ""}.
      </p>
      {g.explanation && <p>{g.explanation}</p>}
      {nations.length > 0 && (
        <div className="scroll">
          <table className="data" data-testid="generation-table">
            <caption>Troops by nation and capability</caption>
            <thead>
              <tr>
                <th scope="col">Nation</th>
                {caps.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {nations.map((n) => (
                <tr key={n}>
                  <th scope="row">{n}</th>
                  {caps.map((c) => (
                    <td key={c} className="num">
                      {cell(n, c) ? fmt(cell(n, c)) : ""}
                    </td>
                  ))}
                  <td className="num">{fmt(caps.reduce((s, c) => s + cell(n, c), 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {g.binding.length > 0 && (
        <details>
          <summary>Binding constraints ({g.binding.length})</summary>
          <ul>
            {g.binding.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static list
              <li key={i}>{typeof b === "string" ? b : JSON.stringify(b)}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function Patrol({ p }: { p: PatrolData }) {
  const top = [...p.coverage].sort((a, b) => b.probability - a.probability);
  return (
    <>
      <p className="headline">
        Defender's worst-case utility {fmt(p.defenderUtility)}; the attacker's best target is{" "}
        <strong>{p.attackerBestResponse.target}</strong>.
      </p>
      <table className="data">
        <caption>Plans compared on the defender's worst-case utility (higher is better)</caption>
        <tbody>
          <tr>
            <th scope="row">Game-theoretic plan</th>
            <td className="num">{fmt(p.defenderUtility)}</td>
          </tr>
          {Object.entries(p.baselines).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{fmt(v.defenderUtility)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Coverage by target ({p.coverage.length}); also on the map as the “Patrol coverage” layer</summary>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Coverage probability</th>
            </tr>
          </thead>
          <tbody>
            {top.slice(0, 200).map((c) => (
              <tr key={c.target}>
                <th scope="row">{c.target}</th>
                <td className="num">{fmt(c.probability, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function Simulation({ scenarioId }: { scenarioId: string }) {
  const job = useJob<SimulationView>();
  const [replications, setReplications] = useState(20);
  const [days, setDays] = useState(30);
  const [seed, setSeed] = useState(1);
  const r = job.state.result;
  const rows = r
    ? Object.entries(r.kpis).map(([k, v]) => ({ label: kpiLabel(k), mean: v.mean, lo: v.ci95[0], hi: v.ci95[1] }))
    : [];
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
          });
        }}
      >
        <label>
          Replications{" "}
          <input
            type="number"
            min={1}
            max={2000}
            value={replications}
            onChange={(e) => setReplications(+e.target.value)}
            data-testid="sim-replications"
          />
        </label>
        <label>
          Days{" "}
          <input
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(e) => setDays(+e.target.value)}
            data-testid="sim-days"
          />
        </label>
        <label>
          Seed <input type="number" value={seed} onChange={(e) => setSeed(+e.target.value)} />
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
      {job.state.status === "running" && (
        <ProgressBar done={job.state.done} total={job.state.total} label="Replications" />
      )}
      {(job.state.status === "error" || job.state.status === "cancelled") && (
        <p
          role={job.state.status === "error" ? "alert" : "status"}
          className={job.state.status === "error" ? "error" : "note"}
          data-testid="sim-message"
        >
          {job.state.message}
        </p>
      )}
      {r && (
        <div data-testid="sim-result">
          <p>
            {fmt(r.replications)} replications, seed {r.seed}, {fmt(r.events)} events ({fmt(r.eventsPerSecond)}{" "}
            events/s).
          </p>
          <IntervalChart
            testId="sim-chart"
            title="Simulation KPIs with 95% confidence intervals"
            description={`Mean and 95% confidence interval of each KPI over ${r.replications} replications.`}
            rows={rows}
          />
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
                    points: r.sweep.map((p) => ({ x: p.troops, y: Object.values(p.kpis)[0]?.mean ?? 0 })),
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

export function PlanView({
  scenarioId,
  plan,
  whatIf,
  onWhatIf,
}: {
  scenarioId: string | undefined;
  plan: PlanState;
  whatIf: { veto: boolean; backstop: boolean };
  onWhatIf: (w: { veto: boolean; backstop: boolean }) => void;
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
            {d.sizing.status === "ok" && <Sizing s={d.sizing.value} />}
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
                  checked={whatIf.backstop}
                  onChange={(e) => onWhatIf({ ...whatIf, backstop: e.target.checked })}
                  data-testid="whatif-backstop"
                />{" "}
                US backstop present
              </label>
            </fieldset>
            <Unavailable stage={d.generation} name="Force generation" />
            {d.generation.status === "ok" && <Generation g={d.generation.value} />}
          </section>
          <section aria-labelledby="patrol-h">
            <h3 id="patrol-h">Patrols</h3>
            <Unavailable stage={d.patrol} name="Patrol planning" />
            {d.patrol.status === "ok" && <Patrol p={d.patrol.value} />}
          </section>
          <Simulation scenarioId={scenarioId} />
        </>
      )}
    </div>
  );
}
