/** An SVG chart (shared with the report) with its data table as the text alternative. */
import { useId, useState } from "react";
import {
  chartTableHtml,
  type IntervalRow,
  intervalChartSvg,
  type LineChartSpec,
  lineChartSvg,
} from "../../../src/report/charts";
import { type TornadoSpec, tornadoChartSvg, tornadoTableHtml } from "../../../src/report/tornado";

/** SVG and tables built by src/report's string builders, which escape every value they insert. */
function RawHtml({ html, ...rest }: { html: string; className?: string; id?: string; hidden?: boolean }) {
  return (
    <div
      {...rest}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: markup from our own escaping builders, never user HTML
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/**
 * Every quantity Truce charts (troops, counts, shares, times, probabilities) is non-negative, so a
 * normal-approximation interval is cut at 0 and the axis starts at 0 unless a chart says otherwise.
 */
function clampSpec(spec: LineChartSpec): LineChartSpec {
  if (spec.series.some((s) => s.points.some((p) => p.y < 0))) return spec;
  return {
    ...spec,
    yMin: Math.max(0, spec.yMin ?? 0),
    series: spec.series.map((s) => ({
      ...s,
      points: s.points.map((p) => (p.lo !== undefined && p.lo < 0 ? { ...p, lo: 0 } : p)),
    })),
  };
}

/** A chart's SVG with its description and a data table shown on demand (the text alternative). */
function FigureWithTable({
  svg,
  table,
  description,
  testId,
}: {
  svg: string;
  table: string;
  description: string;
  testId?: string;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <figure className="chart-figure" data-testid={testId}>
      <RawHtml className="chart-svg" html={svg} />
      <figcaption>
        {description}{" "}
        <button
          type="button"
          className="link"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? "Hide data table" : "Show data table"}
        </button>
      </figcaption>
      <RawHtml id={tableId} hidden={!showTable} html={table} />
    </figure>
  );
}

export function LineChart({ spec: raw, testId }: { spec: LineChartSpec; testId?: string }) {
  const spec = clampSpec(raw);
  return (
    <FigureWithTable
      svg={lineChartSvg({ ...spec, width: spec.width ?? 640 })}
      table={chartTableHtml(spec)}
      description={spec.description}
      testId={testId}
    />
  );
}

export function IntervalChart({
  title,
  description,
  rows,
  testId,
}: {
  title: string;
  description: string;
  rows: IntervalRow[];
  testId?: string;
}) {
  return (
    <figure className="chart-figure" data-testid={testId}>
      <RawHtml
        className="chart-svg"
        html={intervalChartSvg({
          title,
          description,
          rows: rows.map((r) => (r.mean >= 0 && r.lo < 0 ? { ...r, lo: 0 } : r)),
        })}
      />
      <figcaption>{description}</figcaption>
    </figure>
  );
}

/** A tornado (the report's renderer): bars from the base to each end of every assumption, with its data table. */
export function TornadoChart({ spec, testId }: { spec: TornadoSpec; testId?: string }) {
  return (
    <FigureWithTable
      svg={tornadoChartSvg(spec)}
      table={tornadoTableHtml(spec)}
      description={spec.description}
      testId={testId}
    />
  );
}
