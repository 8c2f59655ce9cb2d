/**
 * Operations shared by the HTTP API and the CLI (`truce incidents import|export|report`):
 * ACLED import, filtered and tiered export, and the daily report.
 */
import { parseAcledCsv, type RowError } from "./acled.js";
import { csvHeaderLine, csvLine, geoJsonFeature, KML_HEAD, KML_TAIL, kmlPlacemark } from "./export.js";
import { type Actor, newIncident } from "./incident.js";
import type { MissionZone } from "./place.js";
import { releaseIncident, type Tier } from "./release.js";
import { buildDailyReport, type ReportOptions, renderHtml, renderMarkdown, reportPeriod } from "./report.js";
import type { Incident } from "./schema.js";
import { type IncidentFilter, type IncidentStore, type PreparedCreate, payloadHash } from "./store/store.js";
import { uuidv7 } from "./uuid.js";

export interface ImportResult {
  /** Data rows in the file. */
  rows: number;
  created: number;
  /** Rows whose event id was imported before (not stored again). */
  alreadyPresent: number;
  errors: RowError[];
  /** True when rows were stored; false when errors stopped an all-or-nothing import. */
  stored: boolean;
  createdIds: string[];
}

/**
 * Import ACLED CSV. All or nothing by default: with any bad row nothing is stored and every bad
 * row is reported. With `partial`, the good rows are stored and the bad ones reported.
 */
export async function importAcled(
  store: IncidentStore,
  text: string,
  ctx: { actor: Actor; zones: readonly MissionZone[]; now?: Date; partial?: boolean },
): Promise<ImportResult> {
  const parsed = parseAcledCsv(text);
  const base = { rows: parsed.total, errors: parsed.errors };
  if (parsed.errors.length > 0 && !ctx.partial)
    return { ...base, created: 0, alreadyPresent: 0, stored: false, createdIds: [] };
  const now = ctx.now ?? new Date();
  const prepared: PreparedCreate[] = parsed.rows.map((r) => ({
    incident: newIncident(r.input, { id: uuidv7(now.getTime()), now, actor: ctx.actor, zones: ctx.zones }),
    payloadHash: payloadHash(r.raw),
  }));
  const res = await store.bulkCreate(prepared, ctx.actor.name);
  return {
    ...base,
    created: res.created.length,
    alreadyPresent: res.skipped.length,
    stored: true,
    createdIds: res.created,
  };
}

export type ExportFormat = "csv" | "geojson" | "kml";

export const EXPORT_MEDIA: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  geojson: "application/geo+json",
  kml: "application/vnd.google-earth.kml+xml",
};

/** Stream an export as text chunks: the filter's incidents, oldest first, released at `tier`. */
export async function* exportIncidents(
  store: IncidentStore,
  filter: IncidentFilter,
  format: ExportFormat,
  tier: Tier,
): AsyncGenerator<string> {
  if (format === "csv") yield csvHeaderLine();
  else if (format === "geojson") yield `{"type":"FeatureCollection","tier":${JSON.stringify(tier)},"features":[\n`;
  else yield KML_HEAD;
  let first = true;
  for await (const inc of store.all(filter)) {
    const r = releaseIncident(inc, tier);
    if (!r) continue;
    if (format === "csv") yield csvLine(r);
    else if (format === "geojson") {
      yield `${first ? "" : ",\n"}${JSON.stringify(geoJsonFeature(r))}`;
      first = false;
    } else yield kmlPlacemark(r);
  }
  yield format === "csv" ? "" : format === "geojson" ? "\n]}\n" : KML_TAIL;
}

/** The daily report for a day, as Markdown or HTML, over the incidents of the filter (zone, sectors). */
export async function dailyReport(
  store: IncidentStore,
  o: ReportOptions & { format: "md" | "html"; filter?: IncidentFilter },
): Promise<string> {
  const { prevStart, end } = reportPeriod(o);
  const incidents: Incident[] = [];
  for await (const i of store.all({
    ...o.filter,
    from: prevStart.toISOString(),
    to: end.toISOString(),
    includeMerged: false,
  }))
    incidents.push(i);
  const report = buildDailyReport(incidents, o);
  return o.format === "html" ? renderHtml(report) : renderMarkdown(report);
}
