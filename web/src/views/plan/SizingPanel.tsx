/** Sizing: the recommendation, estimates by method with their assumptions, and the sensitivity table. */

import { methodLabel, paramLabel } from "../../../../src/report/labels";
import type { SizingView } from "../../../../src/report/types";
import { fmt } from "../../format";

function Assumptions({ a, basis }: { a: Record<string, string>; basis?: string }) {
  const entries = Object.entries(a);
  if (entries.length === 0 && !basis) return null;
  return (
    <details>
      <summary>{basis ?? "Assumptions"}</summary>
      <dl className="facts small">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{paramLabel(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function SizingPanel({ s }: { s: SizingView }) {
  const r = s.recommended;
  return (
    <>
      <p className="headline" data-testid="sizing-recommended">
        Recommended: <strong>{fmt(r.troops)}</strong> troops deployed (range {fmt(r.low)}–{fmt(r.high)}),{" "}
        {fmt(r.civilians)} civilians and police; <strong>{fmt(r.committed)}</strong> committed with rotation
        {r.rotationMultiplier ? ` (×${fmt(r.rotationMultiplier)}, ${fmt(r.tourMonths)}-month tours)` : ""}.
      </p>
      {s.requirement && s.requirement.draws > 0 && (
        <p data-testid="sizing-percentiles">
          Requirement ({methodLabel(s.requirement.method)} method), every assumption drawn at once: 5–95%:{" "}
          {fmt(s.requirement.p5)}–{fmt(s.requirement.p95)}, median {fmt(s.requirement.p50)}.
        </p>
      )}
      {r.method && (
        <p>
          Driven by the <strong>{methodLabel(r.method)}</strong> method{r.why ? `, because ${r.why}` : ""}.
          {r.topParameter ? ` The assumption that moves the committed force most: ${paramLabel(r.topParameter)}.` : ""}
        </p>
      )}
      <div className="scroll">
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
                <th scope="row">{methodLabel(e.method)}</th>
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
                <th scope="row">{methodLabel(n.method)}</th>
                <td colSpan={4}>not applicable: {n.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {s.sensitivity.length > 0 && <SensitivityTable s={s} />}
    </>
  );
}

type SensitivityRow = SizingView["sensitivity"][number] & {
  /** Committed troops (with rotation) at the low / high value, when the plan carries them. */
  committedAtLow?: number;
  committedAtHigh?: number;
};

/** An assumption's value and range in its unit; shares as percentages ("35% (25–50%) of the deployed force"). */
function paramValue(t: SensitivityRow): string {
  const share = /^share\b/.exec(t.unit);
  if (!share) return `${fmt(t.value)} (${fmt(t.low)}–${fmt(t.high)}) ${t.unit}`;
  const pct = (x: number) => fmt(x * 100, 0);
  const rest = t.unit.slice(share[0].length).trim();
  return `${pct(t.value)}% (${pct(t.low)}–${pct(t.high)}%)${rest ? ` ${rest}` : ""}`;
}

/** How far a pair of troop numbers apart is, on a log scale (the sizing stage's own measure of swing). */
const swing = (a: number | undefined, b: number | undefined): number =>
  a !== undefined && b !== undefined && a > 0 && b > 0 ? Math.abs(Math.log(b / a)) : 0;

/**
 * The tornado as a table: deployed and committed troops with each assumption at its low and high value,
 * ranked by the column the caption names. Committed is the figure sizing ranks by (rotation assumptions
 * move it and not the deployed force); without it the table ranks by deployed.
 */
export function SensitivityTable({ s }: { s: SizingView }) {
  const rows = s.sensitivity as SensitivityRow[];
  const hasCommitted = rows.some((r) => r.committedAtLow !== undefined && r.committedAtHigh !== undefined);
  const ranked = [...rows].sort(
    (a, b) =>
      (hasCommitted
        ? swing(b.committedAtLow, b.committedAtHigh) - swing(a.committedAtLow, a.committedAtHigh)
        : swing(b.troopsAtLow, b.troopsAtHigh) - swing(a.troopsAtLow, a.troopsAtHigh)) ||
      a.parameter.localeCompare(b.parameter),
  );
  const by = hasCommitted ? "committed" : "deployed";
  return (
    <details open>
      <summary>Sensitivity: troops with each assumption at its low and high value, ranked by {by} troops</summary>
      <div className="scroll">
        <table className="data sensitivity" data-testid="sensitivity-table" data-ranked-by={by}>
          <caption>
            Ranked by how far each assumption moves the {by} force (largest first); the others stay at their defaults.
          </caption>
          <thead>
            <tr>
              <th scope="col">Assumption</th>
              <th scope="col">Value (low–high)</th>
              <th scope="col">Deployed at low – high</th>
              {hasCommitted && <th scope="col">Committed at low – high</th>}
            </tr>
          </thead>
          <tbody>
            {ranked.map((t) => (
              <tr key={`${t.method}-${t.parameter}`}>
                <th scope="row">
                  {paramLabel(t.parameter)} <span className="muted">({methodLabel(t.method)})</span>
                </th>
                <td className="num">{paramValue(t)}</td>
                <td className="num" data-testid="sens-deployed">
                  {fmt(t.troopsAtLow)} – {fmt(t.troopsAtHigh)}
                </td>
                {hasCommitted && (
                  <td className="num" data-testid="sens-committed">
                    {fmt(t.committedAtLow)} – {fmt(t.committedAtHigh)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
