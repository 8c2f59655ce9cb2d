/**
 * The map's colours, in one table the map's paint and its legend both read, so the legend can never
 * drift from what is drawn; and a small swatch per layer toggle.
 */
import { STATUS_STYLE } from "../palette";

export const COLOURS = {
  land: "#f4f1ea",
  border: "#8c8c8c",
  line: "#D55E00",
  zone: "#0072B2",
  sector: "#56B4E9",
  withdrawal: "#CC79A7",
  post: "#000000",
  site: "#CC79A7",
  unit: "#80e0ff",
} as const;

/** Patrol coverage 0 → 1 (viridis ends and middle): [stop, colour] pairs for an `interpolate` expression. */
export const COVERAGE_STOPS = [0, "#fde725", 0.5, "#21918c", 1, "#440154"] as const;

/** The map layers a user can switch (one legend swatch each). */
export type LayerKey =
  | "basemap"
  | "line"
  | "zone"
  | "sectors"
  | "coverage"
  | "posts"
  | "withdrawal"
  | "units"
  | "sites"
  | "incidents"
  | "labels"
  | "places";

const W = 28;
const H = 14;

/** What each layer looks like, drawn small; `data-colour` is the colour the map paints it with. */
export function LegendSwatch({ layer }: { layer: LayerKey }) {
  const svg = (colour: string, body: React.ReactNode, title: string) => (
    <svg
      className="swatch"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={title}
      data-testid={`legend-${layer}`}
      data-colour={colour.toLowerCase()}
    >
      {body}
    </svg>
  );
  switch (layer) {
    case "basemap":
      return svg(
        COLOURS.land,
        <rect x={1} y={1} width={W - 2} height={H - 2} fill={COLOURS.land} stroke={COLOURS.border} />,
        "land with country borders",
      );
    case "line":
      return svg(
        COLOURS.line,
        <line x1={1} y1={H / 2} x2={W - 1} y2={H / 2} stroke={COLOURS.line} strokeWidth={3} />,
        "solid orange line",
      );
    case "zone":
      return svg(
        COLOURS.zone,
        <rect
          x={1}
          y={2}
          width={W - 2}
          height={H - 4}
          fill={COLOURS.zone}
          fillOpacity={0.12}
          stroke={COLOURS.zone}
          strokeWidth={1.5}
        />,
        "light blue band with a blue outline",
      );
    case "sectors":
      return svg(
        COLOURS.sector,
        <>
          <rect
            x={1}
            y={2}
            width={W / 2 - 1}
            height={H - 4}
            fill={COLOURS.sector}
            fillOpacity={0.45}
            stroke="#333"
            strokeWidth={0.8}
          />
          <rect
            x={W / 2}
            y={2}
            width={W / 2 - 1}
            height={H - 4}
            fill="#E69F00"
            fillOpacity={0.45}
            stroke="#333"
            strokeWidth={0.8}
          />
        </>,
        "areas coloured by lead nation",
      );
    case "coverage":
      return svg(
        String(COVERAGE_STOPS[1]),
        <>
          <defs>
            <linearGradient id="legend-coverage">
              <stop offset="0" stopColor={COVERAGE_STOPS[1]} />
              <stop offset="0.5" stopColor={COVERAGE_STOPS[3]} />
              <stop offset="1" stopColor={COVERAGE_STOPS[5]} />
            </linearGradient>
          </defs>
          <rect x={1} y={2} width={W - 2} height={H - 4} fill="url(#legend-coverage)" />
        </>,
        "yellow (0% covered) to purple (100%)",
      );
    case "posts":
      return svg(
        COLOURS.post,
        <circle cx={W / 2} cy={H / 2} r={3} fill={COLOURS.post} stroke="#fff" />,
        "small black dots",
      );
    case "withdrawal":
      return svg(
        COLOURS.withdrawal,
        <line
          x1={1}
          y1={H / 2}
          x2={W - 1}
          y2={H / 2}
          stroke={COLOURS.withdrawal}
          strokeWidth={1.5}
          strokeDasharray="4 3"
        />,
        "dashed pink line",
      );
    case "units":
      return svg(
        COLOURS.unit,
        <rect x={W / 2 - 8} y={2} width={16} height={H - 4} fill={COLOURS.unit} stroke="#000" />,
        "APP-6 friendly unit frames",
      );
    case "sites":
      return svg(
        COLOURS.site,
        <circle cx={W / 2} cy={H / 2} r={5} fill={COLOURS.site} stroke="#000" strokeWidth={1.5} />,
        "pink dots",
      );
    case "incidents":
      return svg(
        STATUS_STYLE.verified.colour,
        <>
          <circle cx={7} cy={H / 2} r={5} fill={STATUS_STYLE.verified.colour} stroke="#000" />
          <circle cx={W - 7} cy={H / 2} r={4.5} fill="#fff" stroke={STATUS_STYLE.reported.colour} strokeWidth={2.5} />
        </>,
        "solid blue: verified; hollow ring: unverified",
      );
    case "labels":
      return svg(
        "#333333",
        <>
          <rect x={2} y={2} width={W - 4} height={H - 4} rx={2} fill="#fff" stroke="#333" />
          <text x={W / 2} y={H / 2 + 3} fontSize={8} textAnchor="middle">
            S01
          </text>
        </>,
        "sector id and lead nation",
      );
    case "places":
      return svg(
        "#222222",
        <>
          <circle cx={4} cy={H / 2} r={2.5} fill="#222" />
          <text x={9} y={H / 2 + 3} fontSize={8} fill="#222">
            Town
          </text>
        </>,
        "dot and place name",
      );
  }
}
