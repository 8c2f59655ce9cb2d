/**
 * Compare view: scenarios side by side (what each implies per km of line, per
 * 1,000 inhabitants, per km² of zone), the KPI-versus-troops sweep with the
 * proposals marked, and KFOR's troop strength from 1999 to 2025.
 */
import { useEffect, useState } from "react";
import type { ProposalMarker } from "../../../src/plan/proposals";
import type { MissionRow } from "../../../src/report/missions";
import type { PlanView, SimulationView } from "../../../src/report/types";
import { api, type ScenarioEntry } from "../api";
import { LineChart } from "../charts/Chart";
import { fmt } from "../format";
import { NumberField } from "../NumberField";
import { kpiLabel as fallbackLabel } from "./kpis";
import { ProgressBar, useJob } from "./useJob";

interface MissionsResponse {
  missions: MissionRow[];
  kfor: Array<{ year: number; troops: number; label: string; source: string; status: string }>;
  /** The proposals marked on force-size charts (missions.csv rows with a chart label). */
  proposals: ProposalMarker[];
}

/** The proposals the article argues about, from the API (data/missions.csv), marked on every force-size chart. */
function useProposals(): ProposalMarker[] {
  const [proposals, setProposals] = useState<ProposalMarker[]>([]);
  useEffect(() => {
    let live = true;
    api<MissionsResponse>("/api/plan/missions")
      .then((r) => live && setProposals(r.proposals))
      .catch(() => live && setProposals([]));
    return () => {
      live = false;
    };
  }, []);
  return proposals;
}

function ratios(p: PlanView) {
  const troops = p.scenario.force?.troops ?? (p.sizing.status === "ok" ? p.sizing.value.recommended.troops : undefined);
  const z = p.zone.status === "ok" ? p.zone.value : undefined;
  const pop = p.scenario.theater?.population;
  return {
    troops,
    perKm: troops !== undefined && z ? troops / z.lengthKm : undefined,
    perKm2: troops !== undefined && z && z.areaKm2 > 0 ? troops / z.areaKm2 : undefined,
    per1000: troops !== undefined && pop ? (troops / pop) * 1000 : undefined,
  };
}

const stated = (p: PlanView) => (p.sizing.status === "ok" ? p.sizing.value.stated : undefined);

function ratioText(p: PlanView): string {
  const r = stated(p)?.statedVsRecommended;
  return r === null || r === undefined ? "–" : `${r.toFixed(2)}×`;
}

/** As `truce size` says it: "0.18× the recommendation; closest: interpose, frontage, 26,757". */
function statedLine(p: PlanView): string | undefined {
  const s = stated(p);
  if (!s) return undefined;
  const ratio = s.statedVsRecommended !== null ? `${s.statedVsRecommended.toFixed(2)}× the recommendation` : "";
  const closest = s.bestMatch
    ? `closest: ${s.bestMatch.posture}, ${s.bestMatch.method}, ${fmt(Math.round(s.bestMatch.troops))} (${s.bestMatch.ratio.toFixed(2)}×)`
    : "";
  return `${fmt(s.troops)} troops stated, ${[ratio, closest].filter(Boolean).join("; ")}`;
}

function SideBySide({ scenarios }: { scenarios: ScenarioEntry[] }) {
  const [plans, setPlans] = useState<PlanView[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    Promise.all(
      scenarios
        .filter((s) => s.bundled)
        .map((s) => api<PlanView>(`/api/plan/scenarios/${encodeURIComponent(s.id)}/plan?lite=1`)),
    )
      .then((ps) => live && setPlans(ps))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [scenarios]);
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (plans.length === 0) return <p aria-live="polite">Loading the scenarios…</p>;
  return (
    <div className="scroll">
      <table className="data compare" data-testid="compare-table">
        <caption>
          Scenarios side by side: the force each proposal states, what the sizing recommends for its posture (deployed,
          with range), and what the stated force means per km of line, per 1,000 inhabitants and per km² of zone
        </caption>
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            <th scope="col">Posture</th>
            <th scope="col">Line km</th>
            <th scope="col">Zone km²</th>
            <th scope="col">Stated troops</th>
            <th scope="col">Sized troops</th>
            <th scope="col">per km of line</th>
            <th scope="col">per 1,000 inhabitants</th>
            <th scope="col">per km² of zone</th>
            <th scope="col">Stated ÷ sized</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => {
            const r = ratios(p);
            const z = p.zone.status === "ok" ? p.zone.value : undefined;
            return (
              <tr key={p.scenario.id}>
                <th scope="row">{p.scenario.name}</th>
                <td>{p.scenario.posture}</td>
                <td className="num">{fmt(z?.lengthKm)}</td>
                <td className="num">{fmt(z?.areaKm2)}</td>
                <td className="num">{fmt(p.scenario.force?.troops)}</td>
                <td className="num">
                  {p.sizing.status === "ok"
                    ? `${fmt(p.sizing.value.recommended.troops)} (${fmt(p.sizing.value.recommended.low)}–${fmt(p.sizing.value.recommended.high)})`
                    : "–"}
                </td>
                <td className="num">{fmt(r.perKm)}</td>
                <td className="num">{fmt(r.per1000)}</td>
                <td className="num">{fmt(r.perKm2)}</td>
                <td className="num">{ratioText(p)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className="stated" data-testid="compare-stated" aria-label="Each stated force against its recommendation">
        {plans.map((p) => {
          const line = statedLine(p);
          return line ? (
            <li key={p.scenario.id}>
              <strong>{p.scenario.name}</strong>: {line}
            </li>
          ) : null;
        })}
      </ul>
    </div>
  );
}

function Sweep({ scenarios, currentId }: { scenarios: ScenarioEntry[]; currentId?: string }) {
  const [id, setId] = useState(currentId ?? scenarios.find((s) => /gcsp/.test(s.id))?.id ?? scenarios[0]?.id ?? "");
  const [kpi, setKpi] = useState<string>("");
  const [replications, setReplications] = useState(10);
  const [days, setDays] = useState(30);
  const job = useJob<SimulationView>();
  const proposals = useProposals();
  useEffect(() => {
    if (!id && scenarios[0]) setId(scenarios[0].id);
  }, [id, scenarios]);
  const sweep = job.state.result?.sweep ?? [];
  const kpis = Object.keys(sweep[0]?.kpis ?? {});
  const k = kpi && kpis.includes(kpi) ? kpi : kpis.includes("metInTimeShare") ? "metInTimeShare" : kpis[0];
  const info = job.state.result?.kpiInfo;
  const kpiLabel = (x: string) => info?.[x]?.label ?? fallbackLabel(x);
  return (
    <section aria-labelledby="sweep-h">
      <h3 id="sweep-h">Outcome versus force size</h3>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void job.start(`/api/plan/scenarios/${encodeURIComponent(id)}/simulations`, {
            replications,
            days,
            seed: 1,
            sweep: { from: 5000, to: 250000, steps: 8 },
          });
        }}
      >
        <label>
          Scenario{" "}
          <select value={id} onChange={(e) => setId(e.target.value)}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Replications"
          value={replications}
          onChange={setReplications}
          min={1}
          max={500}
          testId="sweep-replications"
        />
        <NumberField label="Days" value={days} onChange={setDays} min={1} max={365} testId="sweep-days" />
        <button type="submit" disabled={!id || job.state.status === "running"} data-testid="sweep-run">
          Run sweep 5k–250k
        </button>
        {job.state.status === "running" && (
          <button type="button" onClick={() => void job.cancel()}>
            Cancel
          </button>
        )}
        {kpis.length > 0 && (
          <label>
            KPI{" "}
            <select value={k} onChange={(e) => setKpi(e.target.value)}>
              {kpis.map((x) => (
                <option key={x} value={x}>
                  {kpiLabel(x)}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      {job.state.status === "running" && <ProgressBar done={job.state.done} total={job.state.total} label="Sweep" />}
      {job.state.status === "error" && (
        <p role="alert" className="error">
          {job.state.message}
        </p>
      )}
      {job.state.status === "cancelled" && <p className="note">Cancelled.</p>}
      {sweep.length > 0 && k && (
        <LineChart
          testId="sweep-chart"
          spec={{
            title: `${kpiLabel(k)} versus troops`,
            description: `${kpiLabel(k)} (mean and 95% CI over replications) as the force grows from ${fmt(sweep[0].troops)} to ${fmt(sweep[sweep.length - 1].troops)} troops; the proposals (${proposals.map((p) => p.label).join(", ")}) are marked.`,
            xLabel: "Troops deployed (log scale)",
            yLabel: kpiLabel(k),
            xScale: "log",
            markers: proposals.map((p) => ({ x: p.x, label: p.label })),
            series: [
              {
                name: kpiLabel(k),
                points: sweep.map((p) => ({
                  x: p.troops,
                  y: p.kpis[k].mean,
                  lo: p.kpis[k].ci95[0],
                  hi: p.kpis[k].ci95[1],
                })),
              },
            ],
          }}
        />
      )}
    </section>
  );
}

function KforTimeline() {
  const [rows, setRows] =
    useState<Array<{ year: number; troops: number; label: string; source: string; status: string }>>();
  const [missions, setMissions] = useState<MissionRow[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<MissionsResponse>("/api/plan/missions")
      .then((r) => {
        setRows(r.kfor);
        setMissions(r.missions);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!rows) return null;
  const proposals = missions.filter((m) => /^Ukraine/.test(m.mission) && m.troops);
  return (
    <section aria-labelledby="kfor-h">
      <h3 id="kfor-h">KFOR troops, 1999–2025</h3>
      <LineChart
        testId="kfor-chart"
        spec={{
          title: "KFOR troop strength, 1999–2025",
          description: `KFOR entered Kosovo with ${fmt(rows[0]?.troops)} troops in ${rows[0]?.year} and had ${fmt(rows[rows.length - 1]?.troops)} in ${rows[rows.length - 1]?.year}; the Ukraine proposals range from ${fmt(Math.min(...proposals.map((p) => p.troops ?? 0)))} to ${fmt(Math.max(...proposals.map((p) => p.troops ?? 0)))}.`,
          xLabel: "Year",
          yLabel: "Troops",
          xFormat: (n) => String(Math.round(n)),
          series: [
            {
              name: "KFOR",
              points: rows.map((r) => ({ x: r.year, y: r.troops, label: `${r.label}; ${r.source} (${r.status})` })),
            },
          ],
        }}
      />
      <p className="muted">Sources: data/missions.csv (each row names its source and whether it was confirmed).</p>
    </section>
  );
}

export function CompareView({ scenarios, currentId }: { scenarios: ScenarioEntry[]; currentId?: string }) {
  return (
    <div className="view compare-view" data-testid="compare-view">
      <h2>Compare</h2>
      <SideBySide scenarios={scenarios} />
      <Sweep scenarios={scenarios} currentId={currentId} />
      <KforTimeline />
    </div>
  );
}
