/**
 * Markdown renderings of the calibration and the comparison, so that the tables in
 * docs/sizing.md and the README are produced by the code (`truce calibrate --markdown`,
 * `truce size --compare ... --markdown`) and a test can check they have not drifted.
 */
import type { Calibration } from "./calibrate.js";
import type { ProposalRow } from "./compare.js";
import { defaultParams, PARAM_NAMES, type Param } from "./params.js";
import { METHOD_NAMES } from "./size.js";

/** 12345.6 -> "12,346"; 12.34 -> "12.3"; 1.234 -> "1.23"; 0.1234 -> "0.123". */
function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function mdTable(headers: string[], rows: string[][], rightAlign: boolean[]): string {
  const sep = rightAlign.map((r) => (r ? "---:" : "---"));
  return [headers, sep, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

const SUMMARY_ORDER = [...METHOD_NAMES, "precedent", "recommended", "density-fit", "frontage-fit", "zoneArea-fit"];

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`);

/**
 * The summary only: one row per method, calibration set and hold-out side by side (for the README).
 * Fitted variants and the precedent show their leave-one-out error only: never an in-sample fit.
 */
export function calibrationSummaryMarkdown(cal: Calibration): string {
  const out = cal.outOfSample?.summary;
  const rows = SUMMARY_ORDER.filter((m) => cal.summary[m]).map((m) => {
    const s = cal.summary[m];
    const o = out?.[m];
    const loo = s.fitted || m === "precedent";
    return [
      m,
      String(s.n),
      `×${(loo ? s.looMedianErrorFactor : s.medianErrorFactor).toFixed(2)}${loo ? " (LOO)" : ""}`,
      s.fitted ? "–" : pct(s.withinFactor2),
      pct(s.coverage),
      o ? String(o.n) : "0",
      o ? `×${o.medianErrorFactor.toFixed(2)}` : "–",
      o ? pct(o.withinFactor2) : "–",
      o ? pct(o.coverage) : "–",
    ];
  });
  return mdTable(
    [
      "method",
      "calibration missions",
      "median error",
      "within ×2",
      "in range",
      "hold-out missions",
      "median error",
      "within ×2",
      "in range",
    ],
    rows,
    [false, true, true, true, true, true, true, true, true],
  );
}

/** Per-mission predicted versus actual troops, then the summary (for docs/sizing.md). */
export function calibrationMarkdown(cal: Calibration): string {
  const methods = [...METHOD_NAMES, "precedent", "recommended"];
  const table = (missions: Calibration["missions"]) =>
    mdTable(
      ["mission", "posture", "threat", "actual", ...methods],
      missions.map((r) => [
        `${r.mission}${r.status === "confirmed" ? "" : ` (${r.status})`}`,
        r.posture,
        r.threat,
        fmt(r.actual),
        ...methods.map((m) =>
          r.predicted[m] === undefined ? "–" : `${fmt(r.predicted[m])} (${r.ratio[m].toFixed(2)}×)`,
        ),
      ]),
      [false, false, false, true, ...methods.map(() => true)],
    );
  const perMission = table(cal.missions);
  const held = cal.outOfSample
    ? [
        "",
        "Hold-out missions (data/missions-holdout.csv), predicted from the calibration set alone:",
        "",
        table(cal.outOfSample.missions),
      ]
    : [];
  const skipped = cal.skipped.map((s) => `- ${s.mission}: ${s.reason}`).join("\n");
  const fits = ["density-fit", "frontage-fit", "zoneArea-fit"]
    .filter((m) => cal.summary[m]?.rates)
    .map(
      (m) =>
        `- ${m}: ${Object.entries(cal.summary[m].rates!)
          .map(([cell, v]) => `${cell} ${fmt(v)}`)
          .join(", ")}`,
    )
    .join("\n");
  return [
    "Predicted deployed troops with the default parameters (ratio predicted/actual in brackets; sources and their status in data/missions.csv):",
    "",
    perMission,
    ...held,
    "",
    "Summary: the median error factor exp(median |ln(predicted/actual)|), the share within a factor of 2 and the share whose actual strength lies inside the printed range, on the calibration set (data/missions.csv; fitted variants and the precedent left-one-out) and on the hold-out set (data/missions-holdout.csv, never used for fitting):",
    "",
    calibrationSummaryMarkdown(cal),
    "",
    "Fitted rates (median over the missions in each cell):",
    "",
    fits,
    "",
    "Left out:",
    "",
    skipped,
  ].join("\n");
}

/** The side-by-side comparison of proposals. */
export function comparisonMarkdown(rows: readonly ProposalRow[]): string {
  return mdTable(
    [
      "scenario",
      "posture",
      "stated troops",
      "per km of line",
      "per 1,000 inhabitants",
      "per km² (zone or territory)",
      "recommended (method or precedent)",
      "stated / recommended",
      "best match (posture, method)",
    ],
    rows.map((r) => [
      r.name,
      `${r.posture}, ${r.threat}`,
      fmt(r.stated.troops),
      fmt(r.implied.troopsPerKm),
      fmt(r.implied.troopsPer1000),
      fmt(r.implied.troopsPerKm2),
      `${fmt(r.recommended.troops)} (${r.recommended.follows === "precedent" ? "precedent" : r.recommended.method})`,
      r.statedVsRecommended === null ? "–" : `${r.statedVsRecommended.toFixed(2)}×`,
      r.bestMatch
        ? `${r.bestMatch.posture}, ${r.bestMatch.method}: ${fmt(r.bestMatch.troops)} (${r.bestMatch.ratio.toFixed(2)}×)`
        : "–",
    ]),
    [false, false, true, true, true, true, true, true, false],
  );
}

/**
 * The default assumptions by posture (line missions, threat medium, per 100 km of line),
 * then the rates that change with threat or with a territory.
 */
export function defaultsMarkdown(): string {
  const postures = ["monitor", "interpose", "deter", "stabilise"] as const;
  const sets = postures.map((posture) => defaultParams({ posture, threat: "medium", lengthKm: 100 }));
  const cell = (p: Param) => (p.low === p.high ? fmt(p.value) : `${fmt(p.value)} [${fmt(p.low)}–${fmt(p.high)}]`);
  const lineRows = PARAM_NAMES.filter((n) => n !== "troopsPer1000" && n !== "policePer1000").map((n) => [
    `\`${n}\``,
    sets[0][n].unit,
    ...sets.map((s) => cell(s[n])),
    sets[0][n].source,
  ]);
  const lineTable = mdTable(["parameter", "unit", ...postures, "source"], lineRows, [
    false,
    false,
    true,
    true,
    true,
    true,
    false,
  ]);
  const threats = ["low", "medium", "high"] as const;
  const byThreat = threats.map((threat) =>
    defaultParams({ posture: "stabilise", threat, territory: true, lengthKm: 100 }),
  );
  const threatTable = mdTable(
    ["parameter", "unit", ...threats],
    [
      ["`troopsPer1000`", byThreat[0].troopsPer1000.unit, ...byThreat.map((s) => cell(s.troopsPer1000))],
      ["`policePer1000` (stabilise)", byThreat[0].policePer1000.unit, ...byThreat.map((s) => cell(s.policePer1000))],
      [
        "`incidentsPerDay` per 100 km",
        "incidents/day",
        ...threats.map((threat) => cell(defaultParams({ posture: "monitor", threat, lengthKm: 100 }).incidentsPerDay)),
      ],
    ],
    [false, false, true, true, true],
  );
  const territory = postures.map((posture) => defaultParams({ posture, threat: "medium", territory: true }));
  const territoryTable = mdTable(
    ["parameter", "unit", ...postures],
    [["`troopsPerKm2` (territory)", territory[0].troopsPerKm2.unit, ...territory.map((s) => cell(s.troopsPerKm2))]],
    [false, false, true, true, true, true],
  );
  return [
    "Line missions (threat medium, per 100 km of line; value [low–high]):",
    "",
    lineTable,
    "",
    "By threat (density: territory missions; incidents: line missions):",
    "",
    threatTable,
    "",
    "Territory missions (the Kosovo model, theater.areaKm2 given):",
    "",
    territoryTable,
  ].join("\n");
}
