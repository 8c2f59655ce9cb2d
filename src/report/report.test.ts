import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { chartTableHtml, lineChartSvg } from "./charts.js";
import { clipRing } from "./map.js";

describe("map", () => {
  it("clips a ring to the view rectangle, keeping the part inside and its area", () => {
    const square: Position[] = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
    ];
    const clipped = clipRing(square, [2, 1, 10, 3]);
    const area = (r: Position[]) =>
      Math.abs(r.reduce((a, p, i) => a + p[0] * r[(i + 1) % r.length][1] - r[(i + 1) % r.length][0] * p[1], 0)) / 2;
    expect(area(clipped)).toBeCloseTo(4, 12); // x 2..4, y 1..3
    for (const p of clipped) {
      expect(p[0]).toBeGreaterThanOrEqual(2);
      expect(p[1]).toBeGreaterThanOrEqual(1);
      expect(p[1]).toBeLessThanOrEqual(3);
    }
    expect(clipRing(square, [5, 5, 6, 6])).toEqual([]);
  });
});

describe("charts", () => {
  it("places log-scale markers between their neighbours and lists every point in the data table", () => {
    const spec = {
      title: "t",
      description: "d",
      xLabel: "Troops",
      yLabel: "Share",
      xScale: "log" as const,
      markers: [{ x: 10_000, label: "10k" }],
      series: [
        { name: "s", points: [5000, 20000, 80000].map((x, i) => ({ x, y: i / 2, lo: i / 2 - 0.1, hi: i / 2 + 0.1 })) },
      ],
    };
    const svg = lineChartSvg(spec);
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    const marker = Number(/<g class="marker"><line x1="([\d.]+)"/.exec(svg)?.[1]);
    expect(xs).toHaveLength(3);
    // On a log axis 10k sits exactly halfway between 5k and 20k.
    expect(marker).toBeCloseTo((xs[0] + xs[1]) / 2, 0);
    expect(svg).toContain("<title");
    expect(svg).toContain('role="img"');
    const table = chartTableHtml(spec);
    expect((table.match(/<tr>/g) ?? []).length).toBe(4);
  });

  it("escapes text so a scenario name cannot inject markup", () => {
    const svg = lineChartSvg({
      title: '<script>alert("x")</script>',
      description: "&",
      xLabel: "x",
      yLabel: "y",
      series: [],
    });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });
});
