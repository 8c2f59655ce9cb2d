/**
 * The mission-plan report as one self-contained HTML file: inline CSS, inline SVG
 * map and charts, no scripts, no external requests. Every figure says where it
 * comes from; every stage that could not run says so.
 */

import type { ReportData } from "./build.js";
import { chartTableHtml, intervalChartSvg, lineChartSvg } from "./charts.js";
import { factorLabel, formatKpi, methodLabel, paramLabel } from "./labels.js";
import { mapSvg } from "./map.js";
import { kforTimeline } from "./missions.js";
import { esc, fmt } from "./svg.js";
import { simTornadoSpec, tornadoChartSvg, tornadoTableHtml } from "./tornado.js";
import { HEADLINE_KPIS, type Kpi, type Stage } from "./types.js";

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;max-width:920px;margin:24px auto;padding:0 20px;line-height:1.45;font-size:14px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:2px solid #12263a;padding-bottom:3px;page-break-after:avoid}h3{font-size:15px;margin-top:20px;page-break-after:avoid}
.meta{color:#5b6470;font-size:12px}.note{background:#f1f4f7;border-left:4px solid #999;padding:6px 10px}.warn{background:#fff2ea;border-left:4px solid #D55E00;padding:6px 10px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:12.5px;page-break-inside:auto}tr{page-break-inside:avoid}caption{text-align:left;color:#5b6470;padding:4px 0}
th,td{border-bottom:1px solid #d6dbe1;padding:3px 6px;text-align:left;vertical-align:top}thead th{background:#f1f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:12px 0;page-break-inside:avoid}figcaption{font-size:12px;color:#5b6470}svg{max-width:100%;height:auto}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:8px;margin:10px 0}.kpi{border:1px solid #d6dbe1;border-radius:6px;padding:8px}.kpi b{font-size:20px;display:block}
details.data summary{cursor:pointer;color:#0072B2;font-size:12px}@media print{details.data{display:none}body{margin:0}}
.legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px;border:1px solid #333}
`;

function stageNote<T>(name: string, s: Stage<T>): string {
  if (s.status === "ok") return "";
  if (s.status === "error") return `<p class="warn"><strong>${esc(name)} failed:</strong> ${esc(s.message)}</p>`;
  return `<p class="note"><strong>${esc(name)}: not available.</strong> ${esc(s.reason)}</p>`;
}

function ci(k: Kpi | undefined, digits?: number): string {
  if (!k) return "–";
  return `${fmt(k.mean, digits)} <span class="meta">(95% CI ${fmt(Math.max(0, k.ci95[0]), digits)}–${fmt(k.ci95[1], digits)})</span>`;
}

/** The simulation's sensitivity: which judgement-based assumption the results depend on most. */
function sensitivityHtml(st: ReportData["sensitivity"]): string {
  const head = "<h3>Sensitivity to the simulation's behavioural assumptions</h3>";
  if (st.status !== "ok") return `${head}${stageNote("The sensitivity analysis", st)}`;
  const v = st.value;
  const label = (k: string) => v.kpiInfo[k]?.label ?? k;
  const value = (k: string, x: number) => formatKpi(x, v.kpiInfo[k]?.unit ?? "");
  const out = [
    head,
    `<p>Golden time, the force ladder's success, containment, detection and the escalation probability are judgement, not measurement. Each was moved down (the end unfavourable to the force) and up (favourable), one at a time, with the same seed, ${fmt(v.troops)} troops and ${fmt(v.replications)} replications of ${fmt(v.days)} days (${v.runs} simulations in all).</p>`,
  ];
  const top = v.bars[0];
  if (top)
    out.push(
      `<p class="note">Ranked by ${esc(label(v.rankedBy).toLowerCase())}: <strong>${esc(top.factor)}</strong> moves it most, to ${esc(value(v.rankedBy, top.low[v.rankedBy]))} / ${esc(value(v.rankedBy, top.high[v.rankedBy]))} at ${esc(top.change)} (as stated: ${esc(value(v.rankedBy, v.base[v.rankedBy]))}).</p>`,
    );
  for (const k of [v.rankedBy, "metInTimeShare"].filter((k, i, a) => v.kpis.includes(k) && a.indexOf(k) === i)) {
    const spec = simTornadoSpec(v, k);
    out.push(figure(tornadoChartSvg(spec), spec.description, tornadoTableHtml(spec)));
  }
  out.push(
    `<table><caption>Every KPI of the tornado: low / high end of each assumption</caption><thead><tr><th>Assumption</th><th>Moved (low / high)</th>${v.kpis.map((k) => `<th>${esc(label(k))}</th>`).join("")}</tr></thead><tbody><tr><td>As stated</td><td></td>${v.kpis.map((k) => `<td class="num">${esc(value(k, v.base[k]))}</td>`).join("")}</tr>${v.bars
      .map(
        (b) =>
          `<tr><td>${esc(factorLabel(b.factor))}</td><td>${esc(b.change)}</td>${v.kpis.map((k) => `<td class="num">${esc(`${value(k, b.low[k])} / ${value(k, b.high[k])}`)}</td>`).join("")}</tr>`,
      )
      .join("")}</tbody></table>`,
  );
  return out.join("");
}

function figure(svg: string, caption: string, table?: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption>${table ? `<details class="data"><summary>Data table</summary>${table}</details>` : ""}</figure>`;
}

/** Render the report. Pure: same data, same HTML. */
export function renderReportHtml(d: ReportData): string {
  const p = d.plan;
  const s = p.scenario;
  const zone = p.zone.status === "ok" ? p.zone.value : undefined;
  const sizing = p.sizing.status === "ok" ? p.sizing.value : undefined;
  const gen = p.generation.status === "ok" ? p.generation.value : undefined;
  const sim = d.simulation.status === "ok" ? d.simulation.value : undefined;
  const sw = d.sweep.status === "ok" ? d.sweep.value : undefined;
  const label = (k: string) => sim?.kpiInfo?.[k]?.label ?? sw?.kpiInfo?.[k]?.label ?? k;
  const out: string[] = [];
  out.push(
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`Mission plan: ${s.name}`)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>Mission plan: ${esc(s.name)}</h1><p class="meta">Generated by Truce on ${esc(d.generatedAt.slice(0, 10))} from <code>${esc(d.file)}</code>. Planning aid, not an order: every figure below states its assumptions.</p><p class="meta" data-testid="report-what-if">Political conditions: the parties' vetoes on contributors ${d.plan.whatIf.veto ? "apply" : "are lifted (what if)"}; backstops ${d.plan.whatIf.backstop ? "present" : "absent"}.</p></header>`,
  );

  // 1. Summary.
  out.push("<section><h2>1. Summary</h2>");
  if (s.description) out.push(`<p>${esc(s.description)}</p>`);
  const cards: string[] = [];
  if (s.force?.troops !== undefined)
    cards.push(
      `<div class="kpi">Proposed force<b>${fmt(s.force.troops)}</b>troops${s.force.civilianMonitors ? `, ${fmt(s.force.civilianMonitors)} civilian monitors` : ""}${s.force.police ? `, ${fmt(s.force.police)} police` : ""}</div>`,
    );
  if (sizing)
    cards.push(
      `<div class="kpi">Sizing recommends<b>${fmt(sizing.recommended.troops)}</b>deployed (${fmt(sizing.recommended.low)}–${fmt(sizing.recommended.high)}); ${fmt(sizing.recommended.committed)} committed with rotation</div>`,
    );
  if (zone)
    cards.push(
      `<div class="kpi">Zone<b>${fmt(zone.areaKm2)} km²</b>along ${fmt(zone.lengthKm)} km of line, ${zone.sectors.length} sectors</div>`,
    );
  if (gen)
    cards.push(
      `<div class="kpi">Force generation<b>${gen.feasible ? "Feasible" : "Infeasible"}</b>${fmt(gen.totalTroops)} troops generated${gen.requiredTroops ? ` of ${fmt(gen.requiredTroops)}` : ""}</div>`,
    );
  if (sim?.kpis.metInTimeShare)
    cards.push(
      `<div class="kpi">Incidents met in time<b>${fmt(sim.kpis.metInTimeShare.mean * 100, 1)}%</b>95% CI ${fmt(Math.max(0, sim.kpis.metInTimeShare.ci95[0]) * 100, 1)}–${fmt(sim.kpis.metInTimeShare.ci95[1] * 100, 1)}% (${fmt(sim.troops)} troops)</div>`,
    );
  if (sim?.kpis.breakdown)
    cards.push(
      `<div class="kpi">P(ceasefire breakdown)<b>${fmt(sim.kpis.breakdown.mean, 2)}</b>95% CI ${fmt(Math.max(0, sim.kpis.breakdown.ci95[0]), 2)}–${fmt(sim.kpis.breakdown.ci95[1], 2)} over ${fmt(sim.days)} days</div>`,
    );
  out.push(`<div class="kpis">${cards.join("")}</div>`);
  const lines: string[] = [];
  lines.push(
    `Mandate: <strong>${esc(s.posture)}</strong>, threat ${esc(s.threat)}, tours of ${fmt(s.tourMonths)} months.`,
  );
  if (sizing && s.force?.troops) {
    const ratio = s.force.troops / sizing.recommended.troops;
    lines.push(
      `The proposal's ${fmt(s.force.troops)} troops are ${fmt(ratio, 2)}× what the ${esc(sizing.recommended.method ?? "driving")} method recommends for a ${esc(s.posture)} mandate${sizing.recommended.why ? ` (${esc(sizing.recommended.why)})` : ""}.`,
    );
  }
  if (gen) lines.push(esc(gen.explanation));
  // sizing ↔ simulation: the stated force, and the sized force (a sweep point), against the target.
  for (const st of [d.simulation, d.sweep]) {
    const check = st.status === "ok" ? st.value.check : undefined;
    if (check) lines.push(esc(check.sentence));
  }
  out.push(`<ul>${lines.map((l) => `<li>${l}</li>`).join("")}</ul></section>`);

  // 2. Zone geometry.
  out.push("<section><h2>2. Zone geometry</h2>", stageNote("The zone", p.zone));
  if (zone) {
    out.push(
      figure(
        mapSvg(p.map, {
          title: `Map of ${s.name}`,
          description: `The line of contact (${fmt(zone.lengthKm)} km), the buffer zone (${fmt(zone.leftKm)} + ${fmt(zone.rightKm)} km wide, ${fmt(zone.areaKm2)} km²) in ${zone.sectors.length} sectors, ${zone.posts} observation posts, withdrawal lines${gen ? ", and the plan's units as APP-6 symbols" : ""}.`,
        }),
        "Line of contact (vermilion), buffer zone and sectors (coloured by lead nation where a force plan names one), observation posts (black dots), withdrawal lines (dashed), protected sites (purple) and units (APP-6 symbols, placed schematically within their sector).",
      ),
      `<p>Line of contact ${fmt(zone.lengthKm)} km (geodesic, WGS84); zone ${fmt(zone.leftKm)} km on the left and ${fmt(zone.rightKm)} km on the right of the line's direction; area ${fmt(zone.areaKm2)} km²; ${zone.posts} observation posts.</p>`,
      `<table><caption>Sectors</caption><thead><tr><th>Sector</th><th>From km</th><th>To km</th><th>Line km</th><th>Area km²</th><th>Lead nation</th></tr></thead><tbody>${zone.sectors
        .map(
          (x) =>
            `<tr><td>${esc(x.id)}</td><td class="num">${fmt(x.startKm)}</td><td class="num">${fmt(x.endKm)}</td><td class="num">${fmt(x.lengthKm)}</td><td class="num">${fmt(x.areaKm2)}</td><td>${esc(x.leadNation ?? "–")}</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
    if (zone.population)
      out.push(
        `<p>Population in the zone: ${fmt(zone.population.zone.people)} in ${fmt(zone.population.zone.places)} places${zone.population.withdrawalLines.map((w) => `; within ${esc(w.name)} (${fmt(w.km)} km, both sides): ${fmt(w.people)}`).join("")}. <span class="meta">Source: ${esc(zone.population.source)}.</span></p>`,
      );
    if (zone.withdrawalLines.length > 0)
      out.push(
        `<table><caption>Withdrawal lines (distance back from the line of contact, each side)</caption><tbody>${zone.withdrawalLines.map((w) => `<tr><td>${esc(w.name)}</td><td class="num">${fmt(w.km)} km</td></tr>`).join("")}</tbody></table>`,
      );
  }
  out.push("</section>");

  // 3. Sizing.
  out.push("<section><h2>3. Sizing, assumptions and history</h2>", stageNote("Sizing", p.sizing));
  if (sizing) {
    const r = sizing.recommended;
    out.push(
      `<p><strong>Recommended: ${fmt(r.troops)} troops deployed</strong> (range ${fmt(r.low)}–${fmt(r.high)}) and ${fmt(r.civilians)} civilians and police; <strong>${fmt(r.committed)} committed</strong> to keep them deployed${r.rotationMultiplier ? ` (rotation ×${fmt(r.rotationMultiplier)} with ${fmt(r.tourMonths)}-month tours)` : ""}. Driven by the ${esc(r.method ?? "")} method${r.why ? `, because ${esc(r.why)}` : ""}.</p>`,
      sizing.requirement && sizing.requirement.draws > 0
        ? `<p>Requirement (${esc(methodLabel(sizing.requirement.method))} method) with every assumption drawn at once (${fmt(sizing.requirement.draws)} draws, seed ${sizing.requirement.seed}): <strong>5–95%: ${fmt(sizing.requirement.p5)}–${fmt(sizing.requirement.p95)}</strong>, median ${fmt(sizing.requirement.p50)} troops deployed.</p>`
        : "",
      p.links.operations
        ? `<p class="note">Sizing and the simulation share one set of operational assumptions: ${fmt(p.links.operations.incidentsNeedingUnitPerDay, 1)} incidents a day need a unit on site, a unit is busy ${fmt(p.links.operations.serviceTimeH, 2)} h per incident, ${fmt(p.links.operations.qrfShare * 100, 0)}% of the troops stand in quick-reaction units, and the response-time target is ${fmt(p.links.operations.responseTimeTargetMin, 0)} min.${p.links.operations.notes.map((n) => ` ${esc(n)}`).join("")}</p>`
        : "",
      `<table><caption>Estimates by method</caption><thead><tr><th>Method</th><th>Troops</th><th>Range</th><th>Civilians/police</th><th>How</th></tr></thead><tbody>${sizing.estimates
        .map(
          (e) =>
            `<tr><td>${esc(methodLabel(e.method))}</td><td class="num">${fmt(e.troops)}</td><td class="num">${fmt(e.low)}–${fmt(e.high)}</td><td class="num">${fmt(e.civilians)}</td><td>${esc(e.basis ?? "")}<br><span class="meta">${Object.entries(
              e.assumptions,
            )
              .map(([k, v]) => `${esc(paramLabel(k))}: ${esc(v)}`)
              .join("; ")}</span></td></tr>`,
        )
        .join(
          "",
        )}${sizing.notApplicable.map((n) => `<tr><td>${esc(methodLabel(n.method))}</td><td colspan="4" class="meta">not applicable: ${esc(n.reason)}</td></tr>`).join("")}</tbody></table>`,
    );
    if (sizing.sensitivity.length > 0)
      out.push(
        figure(
          tornadoChartSvg({
            title: `Sensitivity (tornado): recommended troops with each assumption at its low and high value; the line is the recommendation, ${fmt(r.troops)}.`,
            description:
              "Recommended deployed troops with each sizing assumption at its plausible low and high value, the others at their defaults; widest swing first.",
            base: r.troops,
            rows: sizing.sensitivity.map((x) => ({
              label: paramLabel(x.parameter),
              low: x.troopsAtLow,
              high: x.troopsAtHigh,
            })),
            lowLegend: "Assumption at its low value",
            highLegend: "At its high value",
          }),
          "Which assumption moves the answer most: recommended deployed troops with each assumption at its plausible low and high value, the others at their defaults.",
        ),
      );
  }
  // Historical comparison.
  const hist = d.missions.filter((m) => m.troops !== undefined);
  if (hist.length > 0) {
    const per1000 = (m: { troops?: number; population?: number }) =>
      m.troops && m.population ? (m.troops / m.population) * 1000 : undefined;
    const perKm = (m: { troops?: number; lineKm?: number }) => (m.troops && m.lineKm ? m.troops / m.lineKm : undefined);
    const thisRow =
      s.force?.troops && zone
        ? `<tr><td><strong>${esc(s.name)}</strong> (stated)</td><td class="num">2025</td><td>${esc(s.posture)}</td><td class="num">${fmt(s.force.troops)}</td><td class="num">${fmt(s.theater?.population ? (s.force.troops / s.theater.population) * 1000 : undefined)}</td><td class="num">${fmt(s.force.troops / zone.lengthKm)}</td><td>this scenario</td></tr>`
        : "";
    out.push(
      "<h3>Historical comparison</h3>",
      `<table><caption>Past and proposed missions (data/missions.csv; each row names its source)</caption><thead><tr><th>Mission</th><th>Year</th><th>Posture</th><th>Troops</th><th>per 1,000 inhabitants</th><th>per km of line</th><th>Source</th></tr></thead><tbody>${thisRow}${hist
        .map(
          (m) =>
            `<tr><td>${esc(m.mission)}</td><td class="num">${m.year}</td><td>${esc(m.posture)}</td><td class="num">${fmt(m.troops)}</td><td class="num">${fmt(per1000(m))}</td><td class="num">${fmt(perKm(m))}</td><td class="meta">${esc(m.source)} (${esc(m.status)})</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
    const kfor = kforTimeline(d.missions);
    if (kfor.length > 1) {
      const spec = {
        title: "KFOR troop strength, 1999–2025",
        description: `KFOR entered Kosovo with ${fmt(kfor[0].troops)} troops in ${kfor[0].year}; ${fmt(kfor[kfor.length - 1].troops)} in ${kfor[kfor.length - 1].year}.`,
        xLabel: "Year",
        yLabel: "Troops",
        xFormat: (n: number) => String(Math.round(n)),
        series: [{ name: "KFOR", points: kfor.map((k) => ({ x: k.year, y: k.troops, label: k.label })) }],
      };
      out.push(figure(lineChartSvg(spec), spec.description, chartTableHtml(spec)));
    }
  }
  if (d.calibration.status === "ok") {
    const sum = d.calibration.value.summary;
    out.push(
      `<table><caption>How well each sizing method predicts past missions (same parameters for all, posture as input)</caption><thead><tr><th>Method</th><th>Missions</th><th>Median error factor</th><th>Leave-one-out</th><th>Within ×2</th></tr></thead><tbody>${Object.entries(
        sum,
      )
        .map(
          ([k, v]) =>
            `<tr><td>${esc(k)}</td><td class="num">${v.n}</td><td class="num">×${fmt(v.medianErrorFactor, 2)}</td><td class="num">${v.fitted ? `×${fmt(v.looMedianErrorFactor, 2)}` : "–"}</td><td class="num">${fmt(v.withinFactor2 * 100, 0)}%</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
  } else out.push(stageNote("Calibration", d.calibration));
  out.push("</section>");

  // 4. Force generation.
  out.push("<section><h2>4. Force generation</h2>", stageNote("Force generation", p.generation));
  if (gen) {
    out.push(`<p>${esc(gen.explanation)}</p>`);
    if (gen.relax.length > 0)
      out.push(
        `<p>Smallest set of rules to relax for a plan to exist:</p><ul>${gen.relax.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>`,
      );
    if (gen.byNation.length > 0) {
      const caps = [...new Set(gen.allocations.map((a) => a.capability))];
      const cell = (n: string, c: string) =>
        gen.allocations.filter((a) => a.nation === n && a.capability === c).reduce((t, a) => t + a.troops, 0);
      out.push(
        `<table><caption>Troops by nation and capability</caption><thead><tr><th>Nation</th>${caps.map((c) => `<th>${esc(c)}</th>`).join("")}<th>Total</th><th>Share</th></tr></thead><tbody>${gen.byNation
          .map(
            (n) =>
              `<tr><td>${esc(n.name ?? n.nation)}</td>${caps.map((c) => `<td class="num">${cell(n.nation, c) ? fmt(cell(n.nation, c)) : ""}</td>`).join("")}<td class="num">${fmt(n.troops)}</td><td class="num">${n.share !== undefined ? `${fmt(n.share * 100, 0)}%` : ""}</td></tr>`,
          )
          .join("")}</tbody></table>`,
      );
    }
  }
  if (d.whatIfs.length > 0) {
    out.push(
      `<table><caption>What if: the same requirement under other political conditions</caption><thead><tr><th>Case</th><th>Result</th><th>Troops</th><th>Explanation</th></tr></thead><tbody>${d.whatIfs
        .map((w) =>
          w.result.status === "ok"
            ? `<tr><td>${esc(w.label)}</td><td>${w.result.value.feasible ? "feasible" : "<strong>infeasible</strong>"}</td><td class="num">${fmt(w.result.value.totalTroops)}</td><td>${esc(w.result.value.explanation)}</td></tr>`
            : `<tr><td>${esc(w.label)}</td><td colspan="3">${esc(w.result.status === "error" ? w.result.message : w.result.reason)}</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
  }
  out.push("</section>");

  // 5. Patrols.
  out.push("<section><h2>5. Patrols</h2>", stageNote("Patrol planning", p.patrol));
  if (p.patrol.status === "ok") {
    const pv = p.patrol.value;
    const best = pv.coverage.find((c) => c.target === pv.attackerBestResponse.target);
    out.push(
      `<p>Patrols are randomised with a Stackelberg security game (${esc(pv.solver)} solver, ${fmt(pv.coverage.length)} targets: zone segments and protected sites): the force commits to a coverage the adversary can observe, and the adversary picks its best target. The attacker's best target is <strong>${esc(best?.name ?? pv.attackerBestResponse.target)}</strong>.</p>`,
      `<table><caption>Plans compared on the force's worst-case utility (higher is better; the adversary picks the weakest spot)</caption><thead><tr><th>Plan</th><th>Worst-case utility</th><th>Game plan's margin</th></tr></thead><tbody><tr><td>Game-theoretic (Stackelberg)</td><td class="num">${fmt(pv.defenderWorstCase)}</td><td></td></tr>${Object.entries(
        pv.baselines,
      )
        .map(
          ([k, v]) =>
            `<tr><td>${esc(k)} coverage</td><td class="num">${fmt(v.defenderWorstCase)}</td><td class="num">+${fmt(v.marginWorstCase)}</td></tr>`,
        )
        .join("")}</tbody></table>`,
      `<table><caption>Coverage by sector (expected share of the sector's line under patrol in a shift)</caption><thead><tr><th>Sector</th><th>Teams</th><th>Line coverage</th><th>Site coverage</th><th>Weakest target</th></tr></thead><tbody>${pv.sectors
        .map(
          (x) =>
            `<tr><td>${esc(x.sectorId)}</td><td class="num">${fmt(x.teams)}</td><td class="num">${fmt(x.lineCoverage * 100, 0)}%</td><td class="num">${x.siteCoverage === null ? "–" : `${fmt(x.siteCoverage * 100, 0)}%`}</td><td class="num">${fmt(x.minCoverage * 100, 0)}%</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
    if (pv.assumptions.length)
      out.push(
        `<details class="data"><summary>Assumptions</summary><ul>${pv.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul></details>`,
      );
  }
  out.push("</section>");

  // 6. Simulation.
  out.push("<section><h2>6. Simulation results</h2>", stageNote("The simulation", d.simulation));
  if (sim) {
    out.push(
      `<p>${fmt(sim.replications)} replications of ${fmt(sim.days)} days with ${fmt(sim.troops)} troops, seed ${sim.seed} (same seed, same numbers)${d.options.coverageFromPatrols ? "; detection in each sector follows the patrol plan's coverage of its line" : ""}. Troops: ${esc(sim.links?.note ?? "as stated")}. Means with 95% confidence intervals across replications.</p>`,
      sim.check ? `<p class="${sim.check.meets ? "note" : "warn"}">${esc(sim.check.sentence)}</p>` : "",
      `<table><caption>Key performance indicators</caption><thead><tr><th>KPI</th><th>Mean (95% CI)</th></tr></thead><tbody>${Object.entries(
        sim.kpis,
      )
        .map(([k, v]) => `<tr><td>${esc(label(k))}</td><td class="num">${ci(v)}</td></tr>`)
        .join("")}</tbody></table>`,
    );
    const rows = HEADLINE_KPIS.filter((k) => sim.kpis[k]).map((k) => ({
      label: label(k),
      mean: sim.kpis[k].mean,
      lo: Math.max(0, sim.kpis[k].ci95[0]),
      hi: sim.kpis[k].ci95[1],
    }));
    out.push(
      figure(
        intervalChartSvg({
          title: "Headline KPIs with 95% confidence intervals",
          description: "Mean and 95% CI of each headline KPI; each row on its own scale from 0.",
          rows,
        }),
        "Headline KPIs: mean (dot) and 95% confidence interval (bar).",
      ),
    );
  }
  if (sw?.sweep) {
    for (const k of ["metInTimeShare", "breakdown", "deathsTotal"]) {
      if (!sw.sweep[0]?.kpis[k]) continue;
      const spec = {
        title: `${label(k)} versus troops`,
        description: `${label(k)} as the force grows from ${fmt(sw.sweep[0].troops)} to ${fmt(sw.sweep[sw.sweep.length - 1].troops)} troops (${sw.replications} replications per point, ${fmt(sw.days)} days; mean and 95% CI); the proposals (${esc(d.proposals.map((p) => p.label).join(", "))}) are marked.`,
        xLabel: "Troops deployed (log scale)",
        yLabel: label(k),
        xScale: "log" as const,
        markers: d.proposals.map((p) => ({ x: p.x, label: p.label })),
        series: [
          {
            name: label(k),
            points: sw.sweep.map((pt) => ({
              x: pt.troops,
              y: pt.kpis[k].mean,
              lo: Math.max(0, pt.kpis[k].ci95[0]),
              hi: pt.kpis[k].ci95[1],
            })),
          },
        ],
      };
      out.push(figure(lineChartSvg(spec), spec.description, chartTableHtml(spec)));
    }
  } else if (d.sweep.status !== "ok") out.push(stageNote("The force-size sweep", d.sweep));
  out.push(sensitivityHtml(d.sensitivity));
  out.push("</section>");

  // 7. Risks and limits.
  const risks: string[] = [];
  if (gen && !gen.feasible)
    risks.push(`The force cannot be generated as the scenario states it: ${esc(gen.explanation)}`);
  if (sizing && s.force?.troops && s.force.troops < sizing.recommended.low)
    risks.push(
      `The proposed ${fmt(s.force.troops)} troops are below the low end of the sizing range (${fmt(sizing.recommended.low)}) for a ${esc(s.posture)} mandate: expect gaps in presence or response.`,
    );
  if (sim?.kpis.metInTimeShare && sim.kpis.metInTimeShare.mean < 0.5)
    risks.push(
      `Fewer than half of the incidents needing a response are met within their golden time (${fmt(sim.kpis.metInTimeShare.mean * 100, 1)}%): local incidents can escalate before help arrives, as in Kosovo in March 2004.`,
    );
  if (sim?.kpis.breakdown && sim.kpis.breakdown.ci95[1] > 0.05)
    risks.push(
      `Runs ending in a ceasefire breakdown are not rare (upper 95% bound ${fmt(sim.kpis.breakdown.ci95[1] * 100, 0)}%).`,
    );
  const limits = [
    "Lines of contact are hand-digitised from public maps and approximate; sector and post positions inherit that error.",
    "Sizing methods use ratios from the literature (Quinlivan, Dobbins et al.) calibrated on a few past missions; their error on history is shown in section 3, and a new mission can fall outside it.",
    "The simulation is a stylised Monte Carlo model (Hawkes incident processes, nearest-unit response, an escalation ladder) calibrated to the order of magnitude of Kosovo 2004 and OSCE counts; read its numbers as comparisons between plans, not forecasts.",
    "Force generation uses public pledges; sizes marked as assumed in the contributors file are planning figures.",
    "Unit positions on the map are schematic (the plan assigns sectors, not sites).",
    "Unverified incident reports must never be read as facts: the 2004 riots began with a false rumour.",
  ];
  out.push(
    "<section><h2>7. Risks and limits</h2>",
    risks.length
      ? `<h3>Risks this plan shows</h3><ul>${risks.map((r) => `<li>${r}</li>`).join("")}</ul>`
      : "<p>No stage flags a specific risk for this plan.</p>",
    `<h3>Limits of the analysis</h3><ul>${limits.map((l) => `<li>${esc(l)}</li>`).join("")}</ul></section>`,
  );

  // 8. Sources.
  const sources = [
    ...s.sources.map(
      (x) =>
        `${esc(x.title)}${x.url ? ` — ${esc(x.url)}` : ""}${x.note ? ` <span class="meta">(${esc(x.note)})</span>` : ""}`,
    ),
    "Historical and proposed missions: data/missions.csv in the Truce repository (each row cites its source and whether it was confirmed).",
    "Force ratios: J. T. Quinlivan, Force Requirements in Stability Operations (RAND, 1995; 2003); J. Dobbins et al., America's Role in Nation-Building (RAND, 2003).",
    "Basemap: Natural Earth 1:50m via the world-atlas package (public domain). Unit symbols: APP-6 via milsymbol.",
    "Colours: Okabe–Ito palette, readable with the common forms of colour blindness.",
  ];
  out.push(
    `<section><h2>8. Sources</h2><ol>${sources.map((x) => `<li>${x}</li>`).join("")}</ol></section>`,
    "</body></html>",
  );
  return out.join("\n");
}
