/** Tornado charts: bars from the base to each end, widest swing first, a legend, and a data table. */
import { describe, expect, it } from "vitest";
import type { SensitivityView } from "../plan/types.js";
import { barText, simTornadoKpis, simTornadoSpec, tornadoChartSvg, tornadoRows, tornadoTableHtml } from "./tornado.js";

const view: SensitivityView = {
  replications: 3,
  seed: 5,
  days: 2,
  troops: 18500,
  links: {
    troops: 18500,
    troopsSource: "scenario",
    note: "18,500 troops from the scenario's force",
    detectionSource: "patrols",
  },
  whatIf: { veto: true },
  kpis: ["deathsTotal", "metInTimeShare"],
  rankedBy: "deathsTotal",
  kpiInfo: {
    deathsTotal: { label: "Deaths, all", unit: "count" },
    metInTimeShare: { label: "Share met within golden time", unit: "share" },
  },
  base: { deathsTotal: 21.7, metInTimeShare: 0.634 },
  bars: [
    {
      factor: "golden time (all types)",
      change: "× 0.5 / × 1.5",
      low: { deathsTotal: 38, metInTimeShare: 0.167 },
      high: { deathsTotal: 9, metInTimeShare: 0.847 },
      swing: 29,
    },
    {
      factor: "force ladder success (every rung)",
      change: "× 0.5 / × 1.5 (at most 1)",
      low: { deathsTotal: 23.3, metInTimeShare: 0.634 },
      high: { deathsTotal: 19, metInTimeShare: 0.632 },
      swing: 4.3,
    },
  ],
  runs: 11,
};

describe("tornado chart", () => {
  it("draws a low and a high bar per row from the base line, widest first, with a legend", () => {
    const spec = {
      title: "t",
      description: "d",
      base: 10,
      rows: [
        { label: "narrow", low: 9, high: 11 },
        { label: "wide", low: 2, high: 30 },
        { label: "one-sided", low: 12, high: 20 },
      ],
      lowLegend: "Low",
      highLegend: "High",
      baseLegend: "As stated",
    };
    expect(tornadoRows(spec).map((r) => r.label)).toEqual(["wide", "one-sided", "narrow"]);
    const svg = tornadoChartSvg(spec);
    expect(svg.match(/class="bar low"/g)).toHaveLength(3);
    expect(svg.match(/class="bar high"/g)).toHaveLength(3);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(3);
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<title id="[^"]+">t<\/title><desc id="[^"]+">d<\/desc>/);
    // Every bar starts or ends at the base line.
    const base = Number(/<line class="base" x1="([\d.]+)"/.exec(svg)?.[1]);
    for (const m of svg.matchAll(/class="bar \w+" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)) {
      const [x, w] = [Number(m[1]), Number(m[2])];
      expect(Math.min(Math.abs(x - base), Math.abs(x + w - base))).toBeLessThan(0.11);
    }
    // The one-sided row draws its longer (high) bar first, so the shorter low bar stays on top.
    const oneSided = svg.slice(svg.indexOf(">one-sided<"));
    expect(oneSided.indexOf('class="bar high"')).toBeLessThan(oneSided.indexOf('class="bar low"'));
    const table = tornadoTableHtml(spec);
    expect(table.match(/<tr>/g)).toHaveLength(4);
  });

  it("says in words when an assumption's ends round to one figure, instead of a range like 12,649–12,649", () => {
    const f = (n: number) => Math.round(n).toLocaleString("en-GB");
    expect(barText({ label: "a", low: 12649, high: 12649.2 }, 12649, f)).toBe("no change");
    expect(barText({ label: "a", low: 13000, high: 13000 }, 12649, f)).toBe("13,000 at both ends");
    // Negative controls: a real swing keeps its range, lowest first, or both ends in order.
    expect(barText({ label: "a", low: 14000, high: 11000 }, 12649, f)).toBe("11,000–14,000");
    expect(barText({ label: "a", low: 14000, high: 11000 }, 12649, f, "lowHigh")).toBe("14,000 / 11,000");
    const svg = tornadoChartSvg({
      title: "t",
      description: "d",
      base: 5,
      rows: [
        { label: "moves", low: 2, high: 8 },
        { label: "inert", low: 5, high: 5 },
      ],
      lowLegend: "Low",
      highLegend: "High",
    });
    expect(svg).toContain(">no change<");
    expect(svg).toContain(">2–8<");
  });

  it("escapes labels", () => {
    const svg = tornadoChartSvg({
      title: "<b>",
      description: "&",
      base: 0,
      rows: [{ label: '<script>alert("x")</script>', low: -1, high: 1 }],
      lowLegend: "l",
      highLegend: "h",
    });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });
});

describe("the simulation's tornado spec", () => {
  it("labels each factor with how far it moved and shows the chosen KPI in plain rounded numbers", () => {
    const deaths = simTornadoSpec(view);
    expect(deaths.base).toBe(21.7);
    expect(deaths.rows[0]).toEqual({
      label: "Golden time (all types)",
      note: "low / high: × 0.5 / × 1.5",
      low: 38,
      high: 9,
    });
    const svg = tornadoChartSvg(deaths);
    expect(svg).toContain("38 / 9");
    expect(svg).toContain(">22<"); // the base, rounded
    expect(svg).toContain("Low end (unfavourable to the force)");
    const share = simTornadoSpec(view, "metInTimeShare");
    expect(tornadoChartSvg(share)).toContain("17% / 85%");
    expect(share.title).toContain("share met within golden time");
    expect(simTornadoKpis(view).map((k) => k.kpi)).toEqual(["deathsTotal", "metInTimeShare"]);
  });
});
