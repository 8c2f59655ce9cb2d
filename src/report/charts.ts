/**
 * Charts as self-contained SVG strings, used by both the report (inline SVG) and
 * the web app. Pure: no DOM. Each chart has a <title> and <desc> and comes with
 * its data as a table (`chartTable`) as the text alternative.
 */
import { OKABE_ITO } from "./palette.js";
import { esc, fmt, shortNum, uid } from "./svg.js";

export interface ChartPoint {
  x: number;
  y: number;
  /** Confidence band, when known. */
  lo?: number;
  hi?: number;
  label?: string;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
  colour?: string;
  /** Draw dots only (no joining line). */
  dots?: boolean;
}

export interface LineChartSpec {
  title: string;
  /** One sentence saying what the chart shows, for screen readers (and the figure caption). */
  description: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  xScale?: "linear" | "log";
  yMin?: number;
  yMax?: number;
  /** Vertical markers, e.g. the proposals at 10k, 30k and 200k troops. */
  markers?: Array<{ x: number; label: string }>;
  width?: number;
  height?: number;
  yFormat?: (n: number) => string;
  xFormat?: (n: number) => string;
}

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const norm = step0 / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

/** A line chart with optional confidence bands and vertical markers, as an SVG string. */
export function lineChartSvg(spec: LineChartSpec): string {
  const W = spec.width ?? 640;
  const H = spec.height ?? 320;
  const m = { left: 64, right: 16, top: 28, bottom: 48 };
  const pts = spec.series.flatMap((s) => s.points);
  const xs = [...pts.map((p) => p.x), ...(spec.markers ?? []).map((k) => k.x)];
  const log = spec.xScale === "log";
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  if (!Number.isFinite(x0)) {
    x0 = log ? 1 : 0;
    x1 = log ? 10 : 1;
  }
  if (x1 === x0) x1 = x0 + (log ? x0 * 9 : 1);
  if (log) {
    x0 /= 1.15;
    x1 *= 1.15;
  }
  const ys = pts.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]);
  let y0 = spec.yMin ?? Math.min(0, ...ys);
  let y1 = spec.yMax ?? Math.max(...ys);
  if (!Number.isFinite(y0)) y0 = 0;
  if (!Number.isFinite(y1) || y1 <= y0) y1 = y0 + 1;
  if (spec.yMax === undefined) y1 += (y1 - y0) * 0.05;
  const px = (x: number) =>
    m.left +
    ((log ? Math.log(x) - Math.log(x0) : x - x0) / (log ? Math.log(x1) - Math.log(x0) : x1 - x0)) *
      (W - m.left - m.right);
  const py = (y: number) => H - m.bottom - ((y - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const xf = spec.xFormat ?? shortNum;
  const yf = spec.yFormat ?? shortNum;
  const titleId = uid("chart-title");
  const descId = uid("chart-desc");
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" class="chart" font-family="system-ui, sans-serif" font-size="11">`,
    `<title id="${titleId}">${esc(spec.title)}</title><desc id="${descId}">${esc(spec.description)}</desc>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
  );
  // Axes and grid.
  for (const t of niceTicks(y0, y1)) {
    const y = py(t).toFixed(1);
    parts.push(
      `<line x1="${m.left}" x2="${W - m.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${m.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${esc(yf(t))}</text>`,
    );
  }
  const xt = log ? logTicks(x0, x1) : niceTicks(x0, x1, 6);
  for (const t of xt) {
    const x = px(t).toFixed(1);
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${H - m.bottom}" y2="${H - m.bottom + 4}" stroke="#333"/>`,
      `<text x="${x}" y="${H - m.bottom + 16}" text-anchor="middle" fill="#333">${esc(xf(t))}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`,
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 10}" text-anchor="middle" fill="#111">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#111">${esc(spec.yLabel)}</text>`,
  );
  // Markers.
  for (const k of spec.markers ?? []) {
    const x = px(k.x).toFixed(1);
    parts.push(
      `<g class="marker"><line x1="${x}" x2="${x}" y1="${m.top}" y2="${H - m.bottom}" stroke="#444" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="${m.top - 8}" text-anchor="middle" fill="#111" font-weight="600">${esc(k.label)}</text></g>`,
    );
  }
  // Series.
  spec.series.forEach((s, i) => {
    const colour = s.colour ?? OKABE_ITO[(i + 4) % OKABE_ITO.length];
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const banded = sorted.filter((p) => p.lo !== undefined && p.hi !== undefined);
    if (banded.length > 1) {
      const upper = banded.map((p) => `${px(p.x).toFixed(1)},${py(p.hi as number).toFixed(1)}`);
      const lower = banded
        .slice()
        .reverse()
        .map((p) => `${px(p.x).toFixed(1)},${py(p.lo as number).toFixed(1)}`);
      parts.push(
        `<polygon points="${[...upper, ...lower].join(" ")}" fill="${colour}" fill-opacity="0.18" stroke="none"/>`,
      );
    }
    if (!s.dots && sorted.length > 1) {
      const d = sorted.map((p, j) => `${j ? "L" : "M"}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join("");
      parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    for (const p of sorted) {
      parts.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${colour}" stroke="#fff"><title>${esc(
          `${s.name}: ${xf(p.x)} → ${yf(p.y)}${p.lo !== undefined ? ` (95% CI ${yf(p.lo)}–${yf(p.hi ?? p.y)})` : ""}${p.label ? ` — ${p.label}` : ""}`,
        )}</title></circle>`,
      );
    }
  });
  // Legend.
  if (spec.series.length > 1) {
    spec.series.forEach((s, i) => {
      const colour = s.colour ?? OKABE_ITO[(i + 4) % OKABE_ITO.length];
      const y = m.top + 6 + i * 16;
      parts.push(
        `<rect x="${W - m.right - 150}" y="${y - 5}" width="10" height="10" fill="${colour}"/>`,
        `<text x="${W - m.right - 136}" y="${y}" dominant-baseline="middle" fill="#111">${esc(s.name)}</text>`,
      );
    });
  }
  parts.push("</svg>");
  return parts.join("");
}

export interface IntervalRow {
  label: string;
  mean: number;
  lo: number;
  hi: number;
}

/** Horizontal dot-and-whisker chart: one row per KPI, mean with its 95% CI. */
export function intervalChartSvg(spec: {
  title: string;
  description: string;
  rows: IntervalRow[];
  width?: number;
  xLabel?: string;
}): string {
  const W = spec.width ?? 640;
  const rowH = 26;
  const m = { left: 300, right: 64, top: 16, bottom: 34 };
  const H = m.top + m.bottom + rowH * Math.max(1, spec.rows.length);
  const titleId = uid("chart-title");
  const descId = uid("chart-desc");
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" class="chart" font-family="system-ui, sans-serif" font-size="11">`,
    `<title id="${titleId}">${esc(spec.title)}</title><desc id="${descId}">${esc(spec.description)}</desc>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
  ];
  spec.rows.forEach((r, i) => {
    // Each KPI on its own scale (units differ): 0 .. max(hi) * 1.1.
    const max = Math.max(r.hi, r.mean, 1e-9) * 1.1;
    const min = Math.min(0, r.lo);
    const px = (v: number) => m.left + ((v - min) / (max - min)) * (W - m.left - m.right);
    const y = m.top + rowH * i + rowH / 2;
    parts.push(
      `<text x="${m.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#111">${esc(r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label)}<title>${esc(r.label)}</title></text>`,
      `<line x1="${m.left}" x2="${W - m.right}" y1="${y}" y2="${y}" stroke="#eee"/>`,
      `<line x1="${px(r.lo).toFixed(1)}" x2="${px(r.hi).toFixed(1)}" y1="${y}" y2="${y}" stroke="#0072B2" stroke-width="3"/>`,
      `<circle cx="${px(r.mean).toFixed(1)}" cy="${y}" r="5" fill="#0072B2" stroke="#fff"><title>${esc(`${r.label}: ${fmt(r.mean)} (95% CI ${fmt(r.lo)}–${fmt(r.hi)})`)}</title></circle>`,
      `<text x="${W - m.right + 6}" y="${y}" dominant-baseline="middle" fill="#111">${esc(fmt(r.mean))}</text>`,
    );
  });
  parts.push(
    `<text x="${m.left}" y="${H - 10}" fill="#444">${esc(spec.xLabel ?? "Mean (dot) and 95% confidence interval (bar); each row on its own scale from 0")}</text>`,
    "</svg>",
  );
  return parts.join("");
}

/** The chart's data as an HTML table (the text alternative). */
export function chartTableHtml(
  spec: Pick<LineChartSpec, "title" | "xLabel" | "yLabel" | "series" | "xFormat" | "yFormat">,
): string {
  const xf = spec.xFormat ?? ((n: number) => fmt(n));
  const yf = spec.yFormat ?? ((n: number) => fmt(n));
  const rows = spec.series.flatMap((s) =>
    s.points.map(
      (p) =>
        `<tr><td>${esc(s.name)}</td><td>${esc(xf(p.x))}</td><td>${esc(yf(p.y))}</td><td>${
          p.lo !== undefined ? esc(`${yf(p.lo)} – ${yf(p.hi ?? p.y)}`) : ""
        }</td><td>${esc(p.label ?? "")}</td></tr>`,
    ),
  );
  return `<table class="data"><caption>Data: ${esc(spec.title)}</caption><thead><tr><th scope="col">Series</th><th scope="col">${esc(spec.xLabel)}</th><th scope="col">${esc(spec.yLabel)}</th><th scope="col">95% CI</th><th scope="col">Note</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
