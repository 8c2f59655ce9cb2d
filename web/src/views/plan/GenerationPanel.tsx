/** Force generation: feasibility, the nation × capability table, binding rules and assumptions. */
import type { GenerationView } from "../../../../src/report/types";
import { fmt } from "../../format";

export function GenerationPanel({ g }: { g: GenerationView }) {
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
