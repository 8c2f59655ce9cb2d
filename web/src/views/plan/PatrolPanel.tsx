/** Patrols: the Stackelberg plan against naive baselines, coverage by sector and by protected site. */
import type { PatrolView } from "../../../../src/report/types";
import { fmt } from "../../format";

export function PatrolPanel({ p }: { p: PatrolView }) {
  const best = p.coverage.find((c) => c.target === p.attackerBestResponse.target);
  const sites = p.coverage.filter((c) => c.kind === "site").sort((a, b) => a.probability - b.probability);
  return (
    <>
      <p className="headline" data-testid="patrol-summary">
        Randomised patrols from a Stackelberg game ({p.solver}, {p.coverage.length} targets). The adversary's best
        target: <strong>{best?.name ?? p.attackerBestResponse.target}</strong>.
      </p>
      <div className="scroll">
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
      </div>
      <div className="scroll">
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
      </div>
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
