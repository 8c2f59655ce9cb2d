/**
 * Plan view: sizing estimates with their assumptions, the force-generation table
 * (nation × capability) with what-if toggles, patrol coverage, and a simulation
 * run with progress, cancel, KPIs and their confidence intervals.
 */
import { useState } from "react";
import {
  type GenerationView,
  HEADLINE_KPIS,
  type PatrolView as PatrolData,
  type SimulationView,
  type SizingView,
  type Stage,
} from "../../../src/report/types";
import { withToken } from "../api";
import { IntervalChart, LineChart } from "../charts/Chart";
import { fmt } from "../format";
import { NumberField } from "../NumberField";
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

function Assumptions({ a, basis }: { a: Record<string, string>; basis?: string }) {
  const entries = Object.entries(a);
  if (entries.length === 0 && !basis) return null;
  return (
    <details>
      <summary>{basis ?? "Assumptions"}</summary>
      <dl className="facts small">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Sizing({ s }: { s: SizingView }) {
  const r = s.recommended;
  return (
    <>
      <p className="headline" data-testid="sizing-recommended">
        Recommended: <strong>{fmt(r.troops)}</strong> troops deployed (range {fmt(r.low)}–{fmt(r.high)}),{" "}
        {fmt(r.civilians)} civilians and police; <strong>{fmt(r.committed)}</strong> committed with rotation
        {r.rotationMultiplier ? ` (×${fmt(r.rotationMultiplier)}, ${fmt(r.tourMonths)}-month tours)` : ""}.
      </p>
      {r.method && (
        <p>
          Driven by the <strong>{r.method}</strong> method{r.why ? `, because ${r.why}` : ""}.
          {r.topParameter ? ` The assumption that moves it most: ${r.topParameter}.` : ""}
        </p>
      )}
      <table className="data">
        <caption>Estimates by method (deployed troops; range from each assumption's plausible low and high)</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Troops</th>
            <th scope="col">Range</th>
            <th scope="col">Civilians / police</th>
            <th scope="col">How (assumptions)</th>
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
                <Assumptions a={e.assumptions} basis={e.basis} />
              </td>
            </tr>
          ))}
          {s.notApplicable.map((n) => (
            <tr key={n.method} className="muted">
              <th scope="row">{n.method}</th>
              <td colSpan={4}>not applicable: {n.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.sensitivity.length > 0 && (
        <details>
          <summary>Sensitivity: recommended troops with each assumption at its low and high value</summary>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Assumption</th>
                <th scope="col">Method</th>
                <th scope="col">Value (low–high)</th>
                <th scope="col">Troops at low</th>
                <th scope="col">Troops at high</th>
              </tr>
            </thead>
            <tbody>
              {s.sensitivity.map((t) => (
                <tr key={`${t.method}-${t.parameter}`}>
                  <th scope="row">{t.parameter}</th>
                  <td>{t.method}</td>
                  <td className="num">
                    {fmt(t.value)} ({fmt(t.low)}–{fmt(t.high)}) {t.unit}
                  </td>
                  <td className="num">{fmt(t.troopsAtLow)}</td>
                  <td className="num">{fmt(t.troopsAtHigh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}

function Generation({ g }: { g: GenerationView }) {
  const nations = g.byNation.map((n) => n.nation);
  const caps = [...new Set(g.allocations.map((a) => a.capability))];
  const cell = (n: string, c: string) =>
    g.allocations.filter((a) => a.nation === n && a.capability === c).reduce((s, a) => s + a.troops, 0);
  return (
    <>
      <p className={g.feasible ? "headline" : "headline warn"} data-testid="generation-status">
        {g.feasible ? "Feasible" : "Infeasible"}: {fmt(g.totalTroops)} troops generated
        {g.requiredTroops !== undefined ? ` for ${fmt(g.requiredTroops)} required` : ""}
        {g.largestForce !== undefined ? `; the largest force the rules allow is ${fmt(g.largestForce)}` : ""}.
      </p>
      {g.explanation && <p className="explanation">{g.explanation}</p>}
      {g.relax.length > 0 && (
        <>
          <p>Smallest set of rules to relax:</p>
          <ul>
            {g.relax.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {g.unmet.length > 0 && (
        <ul className="unmet">
          {g.unmet.map((u) => (
            <li key={u.text}>{u.text}</li>
          ))}
        </ul>
      )}
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
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {g.byNation.map((n) => (
                <tr key={n.nation}>
                  <th scope="row">{n.name ? `${n.name} (${n.nation})` : n.nation}</th>
                  {caps.map((c) => (
                    <td key={c} className="num">
                      {cell(n.nation, c) ? fmt(cell(n.nation, c)) : ""}
                    </td>
                  ))}
                  <td className="num">{fmt(n.troops)}</td>
                  <td className="num">{n.share !== undefined ? `${fmt(n.share * 100, 0)}%` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {g.bySector.some((s) => s.lead) && (
        <p className="muted">
          Lead nations by sector: {g.bySector.map((s) => `${s.sector} ${s.lead ?? "–"}`).join(" · ")} (sectors coloured
          by lead nation on the map).
        </p>
      )}
      {g.binding.length > 0 && (
        <details>
          <summary>Binding constraints ({g.binding.length})</summary>
          <ul>
            {g.binding.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </details>
      )}
      {g.assumptions.length > 0 && (
        <details>
          <summary>Assumptions</summary>
          <ul>
            {g.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function Patrol({ p }: { p: PatrolData }) {
  const best = p.coverage.find((c) => c.target === p.attackerBestResponse.target);
  const sites = p.coverage.filter((c) => c.kind === "site").sort((a, b) => a.probability - b.probability);
  return (
    <>
      <p className="headline" data-testid="patrol-summary">
        Randomised patrols from a Stackelberg game ({p.solver}, {p.coverage.length} targets). The adversary's best
        target: <strong>{best?.name ?? p.attackerBestResponse.target}</strong>.
      </p>
      <table className="data">
        <caption>Worst-case utility of the force (higher is better): the game's plan against naive plans</caption>
        <tbody>
          <tr>
            <th scope="row">Game-theoretic plan</th>
            <td className="num">{fmt(p.defenderWorstCase)}</td>
            <td />
          </tr>
          {Object.entries(p.baselines).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k} coverage</th>
              <td className="num">{fmt(v.defenderWorstCase)}</td>
              <td className="num">game plan +{fmt(v.marginWorstCase)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data">
        <caption>Coverage by sector (also on the map: the “Patrol coverage” layer)</caption>
        <thead>
          <tr>
            <th scope="col">Sector</th>
            <th scope="col">Teams</th>
            <th scope="col">Line covered</th>
            <th scope="col">Sites covered</th>
          </tr>
        </thead>
        <tbody>
          {p.sectors.map((x) => (
            <tr key={x.sectorId}>
              <th scope="row">{x.sectorId}</th>
              <td className="num">{fmt(x.teams)}</td>
              <td className="num">{fmt(x.lineCoverage * 100, 0)}%</td>
              <td className="num">{x.siteCoverage === null ? "–" : `${fmt(x.siteCoverage * 100, 0)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sites.length > 0 && (
        <details>
          <summary>Protected sites, least covered first ({sites.length})</summary>
          <table className="data">
            <tbody>
              {sites.map((c) => (
                <tr key={c.target}>
                  <th scope="row">
                    {c.name} <span className="muted">({c.type})</span>
                  </th>
                  <td className="num">{fmt(c.probability * 100, 0)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}

function Simulation({ scenarioId }: { scenarioId: string }) {
  const job = useJob<SimulationView>();
  const [replications, setReplications] = useState(20);
  const [days, setDays] = useState(30);
  const [seed, setSeed] = useState(1);
  const r = job.state.result;
  const label = (k: string) => {
    const info = r?.kpiInfo?.[k];
    return info ? `${info.label}${info.unit && info.unit !== "count" ? ` (${info.unit})` : ""}` : kpiLabel(k);
  };
  const rows = r
    ? // Every KPI is a count, share or time: a normal-approximation bound below 0 is shown as 0.
      Object.entries(r.kpis).map(([k, v]) => ({
        key: k,
        label: label(k),
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
            description={`Mean and 95% confidence interval of the headline KPIs over ${r.replications} replications of ${fmt(r.days)} days with ${fmt(r.troops)} troops; every KPI is in the table below.`}
            rows={headline.length > 0 ? headline : rows}
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

function Report({ scenarioId }: { scenarioId: string }) {
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
          void job.start(`/api/plan/scenarios/${encodeURIComponent(scenarioId)}/reports`, { replications, seed: 1 });
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
        <button type="submit" disabled={job.state.status === "running"} data-testid="report-build">
          Build the report
        </button>
        {job.state.status === "running" && (
          <button type="button" onClick={() => void job.cancel()} data-testid="report-cancel">
            Cancel
          </button>
        )}
      </form>
      {job.state.status === "running" && (
        <ProgressBar
          done={job.state.done}
          total={job.state.total}
          label={job.state.message ? `Report: ${job.state.message}` : "Report"}
        />
      )}
      {(job.state.status === "error" || job.state.status === "cancelled") && (
        <p
          role={job.state.status === "error" ? "alert" : "status"}
          className={job.state.status === "error" ? "error" : "note"}
        >
          {job.state.message}
        </p>
      )}
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

export function PlanView({
  scenarioId,
  plan,
  whatIf,
  onWhatIf,
}: {
  scenarioId: string | undefined;
  plan: PlanState;
  whatIf: { veto: boolean; backstop?: boolean };
  onWhatIf: (w: { veto: boolean; backstop?: boolean }) => void;
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
                  checked={whatIf.backstop ?? d.whatIf.backstop ?? false}
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
          <Report scenarioId={scenarioId} />
        </>
      )}
    </div>
  );
}
