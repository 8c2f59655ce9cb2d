/**
 * Tornado charts as SVG strings, for the report and the web app alike: one bar per assumption
 * from the base value to the result with the assumption at its low and at its high end, widest
 * swing first. Sizing draws recommended troops this way; the simulation's sensitivity draws one
 * KPI (`simTornadoSpec`). Pure: no DOM. Each chart has a <title>, a <desc>, a legend, and its
 * data as a table (`tornadoTableHtml`) as the text alternative.
 */
import type { SensitivityView } from "../plan/types.js";
import { factorLabel, formatKpi } from "./labels.js";
import { esc, fmt, uid } from "./svg.js";

export interface TornadoRow {
  label: string;
  /** A second, smaller line under the label: how far the assumption moved. */
  note?: string;
  /** The result with the assumption at its low and at its high end. */
  low: number;
  high: number;
}

export interface TornadoSpec {
  title: string;
  /** One sentence saying what the chart shows (screen readers, the figure caption). */
  description: string;
  /** The result with every assumption as stated: the line the bars start from. */
  base: number;
  rows: TornadoRow[];
  /** Legend of the low-end and high-end bars, and of the base line. */
  lowLegend: string;
  highLegend: string;
  baseLegend?: string;
  /** Values as shown (default `fmt`). */
  format?: (n: number) => string;
  /** Text beside each bar: its range ("min–max", default) or both ends in order ("low / high"). */
  values?: "range" | "lowHigh";
  /** Most rows drawn, widest first (default 10). */
  maxRows?: number;
  width?: number;
}

export const TORNADO_LOW = "#56B4E9";
export const TORNADO_HIGH = "#E69F00";

const swing = (r: TornadoRow) => Math.abs(r.high - r.low);

/** The rows drawn: widest swing first (stable for ties), at most `maxRows`. */
export function tornadoRows(spec: Pick<TornadoSpec, "rows" | "maxRows">): TornadoRow[] {
  return spec.rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => swing(b.r) - swing(a.r) || a.i - b.i)
    .slice(0, spec.maxRows ?? 10)
    .map((x) => x.r);
}

/**
 * The text beside a bar. An assumption whose ends round to the same figure says so in words
 * ("no change", "12,600 at both ends") rather than as a range like "12,649–12,649".
 */
export function barText(
  r: TornadoRow,
  base: number,
  f: (n: number) => string,
  values: TornadoSpec["values"] = "range",
): string {
  const [low, high] = [f(r.low), f(r.high)];
  if (low === high) return low === f(base) ? "no change" : `${low} at both ends`;
  if (values === "lowHigh") return `${low} / ${high}`;
  return r.low <= r.high ? `${low}–${high}` : `${high}–${low}`;
}

/** A tornado chart as an SVG string. */
export function tornadoChartSvg(spec: TornadoSpec): string {
  const top = tornadoRows(spec);
  const f = spec.format ?? ((n: number) => fmt(n));
  const W = spec.width ?? 760;
  const rowH = top.some((r) => r.note) ? 32 : 22;
  // Room for the longest label (~6 px a character at 11 px).
  const longest = Math.max(0, ...top.map((r) => r.label.length));
  const m = { left: Math.min(360, Math.max(150, 6 * longest + 16)), right: 90, top: 24, bottom: 26 };
  const H = m.top + m.bottom + rowH * Math.max(1, top.length);
  const base = spec.base;
  const lo = Math.min(base, ...top.map((r) => Math.min(r.low, r.high)));
  const hi = Math.max(base, ...top.map((r) => Math.max(r.low, r.high)));
  const px = (v: number) => m.left + ((v - lo) / (hi - lo || 1)) * (W - m.left - m.right);
  const titleId = uid("tornado-title");
  const descId = uid("tornado-desc");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" class="chart tornado" font-family="system-ui, sans-serif" font-size="11">`,
    `<title id="${titleId}">${esc(spec.title)}</title><desc id="${descId}">${esc(spec.description)}</desc>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ];
  const bar = (r: TornadoRow, end: "low" | "high", y: number) => {
    const v = end === "low" ? r.low : r.high;
    const legend = end === "low" ? spec.lowLegend : spec.highLegend;
    return `<rect class="bar ${end}" x="${px(Math.min(base, v)).toFixed(1)}" y="${y + 4}" width="${Math.abs(px(v) - px(base)).toFixed(1)}" height="${rowH - 8}" fill="${end === "low" ? TORNADO_LOW : TORNADO_HIGH}"><title>${esc(`${r.label}, ${legend.toLowerCase()}: ${f(v)}`)}</title></rect>`;
  };
  top.forEach((r, i) => {
    const y = m.top + i * rowH;
    const right = px(Math.max(base, r.low, r.high));
    const text = barText(r, spec.base, f, spec.values);
    parts.push(
      r.note
        ? `<text x="${m.left - 6}" y="${y + rowH / 2 - 6}" text-anchor="end" dominant-baseline="middle" fill="#111">${esc(r.label)}</text><text x="${m.left - 6}" y="${y + rowH / 2 + 7}" text-anchor="end" dominant-baseline="middle" fill="#5b6470" font-size="10">${esc(r.note)}</text>`
        : `<text x="${m.left - 6}" y="${y + rowH / 2}" text-anchor="end" dominant-baseline="middle" fill="#111">${esc(r.label)}</text>`,
    );
    // The longer bar first, so a shorter one on the same side of the line stays visible on top.
    const ends: Array<"low" | "high"> =
      Math.abs(r.low - base) >= Math.abs(r.high - base) ? ["low", "high"] : ["high", "low"];
    parts.push(...ends.map((e) => bar(r, e, y)));
    parts.push(
      `<text x="${(right + 4).toFixed(1)}" y="${y + rowH / 2}" dominant-baseline="middle" fill="#444">${esc(text)}</text>`,
    );
  });
  const bx = px(base).toFixed(1);
  parts.push(
    `<line class="base" x1="${bx}" x2="${bx}" y1="${m.top - 6}" y2="${H - m.bottom + 4}" stroke="#000" stroke-width="1.5"/>`,
    `<text x="${bx}" y="${m.top - 10}" text-anchor="middle" font-weight="600">${esc(f(base))}</text>`,
  );
  // Legend: a swatch per bar end, and the base line when it is named.
  const items: Array<[string, string]> = [
    [`<rect width="10" height="10" y="-9" fill="${TORNADO_LOW}"/>`, spec.lowLegend],
    [`<rect width="10" height="10" y="-9" fill="${TORNADO_HIGH}"/>`, spec.highLegend],
    ...(spec.baseLegend
      ? ([[`<line x1="5" x2="5" y1="-11" y2="1" stroke="#000" stroke-width="1.5"/>`, spec.baseLegend]] as Array<
          [string, string]
        >)
      : []),
  ];
  let x = 0;
  const legend = items.map(([swatch, text]) => {
    const g = `<g class="legend-item" transform="translate(${x} 0)">${swatch}<text x="14">${esc(text)}</text></g>`;
    x += 14 + 6 * text.length + 18;
    return g;
  });
  // Under the bars when it fits there, else from the left edge.
  const lx = m.left + x <= W ? m.left : 16;
  parts.push(`<g class="legend" transform="translate(${lx} ${H - 8})">${legend.join("")}</g>`, "</svg>");
  return parts.join("");
}

/** The chart's data as an HTML table (its text alternative): every row, widest swing first. */
export function tornadoTableHtml(spec: TornadoSpec): string {
  const f = spec.format ?? ((n: number) => fmt(n));
  const rows = tornadoRows({ rows: spec.rows, maxRows: spec.rows.length });
  const hasNote = rows.some((r) => r.note);
  return `<table class="data"><caption>Data: ${esc(spec.title)} (as stated: ${esc(f(spec.base))})</caption><thead><tr><th scope="col">Assumption</th>${hasNote ? '<th scope="col">Moved</th>' : ""}<th scope="col">${esc(spec.lowLegend)}</th><th scope="col">${esc(spec.highLegend)}</th></tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.label)}</th>${hasNote ? `<td>${esc(r.note ?? "")}</td>` : ""}<td class="num">${esc(f(r.low))}</td><td class="num">${esc(f(r.high))}</td></tr>`,
    )
    .join("")}</tbody></table>`;
}

/** The KPIs a simulation tornado offers, in its order, with their labels. */
export function simTornadoKpis(view: SensitivityView): Array<{ kpi: string; label: string }> {
  return view.kpis.map((k) => ({ kpi: k, label: view.kpiInfo[k]?.label ?? k }));
}

/**
 * The simulation's sensitivity as a tornado of one KPI (the web's Plan view and the report draw
 * this same spec): each behavioural assumption at its unfavourable (low) and favourable (high)
 * end, labelled with how far it moved.
 */
export function simTornadoSpec(view: SensitivityView, kpi: string = view.rankedBy): TornadoSpec {
  const info = view.kpiInfo[kpi] ?? { label: kpi, unit: "" };
  const format = (x: number) => formatKpi(x, info.unit);
  const label = info.label;
  return {
    title: `Sensitivity of the simulation: ${label.toLowerCase()} with each behavioural assumption moved`,
    description: `${label}, mean over ${fmt(view.replications)} replications of ${fmt(view.days)} days with ${fmt(view.troops)} troops (seed ${view.seed}), with each judgement-based assumption moved down and up, one at a time, the others as stated (${format(view.base[kpi])}, the line). Widest swing first.`,
    base: view.base[kpi],
    rows: view.bars.map((b) => ({
      label: factorLabel(b.factor),
      note: `low / high: ${b.change}`,
      low: b.low[kpi],
      high: b.high[kpi],
    })),
    lowLegend: "Low end (unfavourable to the force)",
    highLegend: "High end (favourable)",
    baseLegend: "As stated",
    format,
    values: "lowHigh",
  };
}
