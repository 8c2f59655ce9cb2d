/**
 * Operations shared by the HTTP API and the CLI (`truce incidents import|export|report`):
 * ACLED import, filtered and tiered export, and the daily report.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parseAcledCsv, type RowError } from "./acled.js";
import { type ExportFormat, exportChunks } from "./export.js";
import { type Actor, newIncident } from "./incident.js";
import type { MissionZone } from "./place.js";
import { type Reader, releaseFor, type Tier } from "./release.js";
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
/** Rows placed between yields to the event loop during an import (~20 ms of work). */
const IMPORT_BATCH = 100;

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
  const prepared: PreparedCreate[] = [];
  for (const [i, r] of parsed.rows.entries()) {
    // Placing a row in the zones takes ~0.2 ms: yield between batches, so a 1 MB import (6,000
    // rows) leaves the server answering instead of holding its event loop for over a second.
    if (i > 0 && i % IMPORT_BATCH === 0) await yieldToEventLoop();
    prepared.push({
      incident: newIncident(r.input, { id: uuidv7(now.getTime()), now, actor: ctx.actor, zones: ctx.zones }),
      payloadHash: payloadHash(r.raw),
    });
  }
  await yieldToEventLoop();
  const res = await store.bulkCreate(prepared, ctx.actor.name);
  return {
    ...base,
    created: res.created.length,
    alreadyPresent: res.skipped.length,
    stored: true,
    createdIds: res.created,
  };
}

export type { ExportFormat } from "./export.js";
export { EXPORT_MEDIA } from "./export.js";

/** Rows read from the store per query while exporting or reporting: a page parses in a few milliseconds. */
const EXPORT_PAGE = 500;

/** Stream an export as text chunks: the filter's incidents, oldest first, released at `tier` (or for `reader`). */
export function exportIncidents(
  store: IncidentStore,
  filter: IncidentFilter,
  format: ExportFormat,
  tier: Tier,
  reader: Reader = { tier },
): AsyncGenerator<string> {
  return exportChunks(store.all(filter, EXPORT_PAGE), format, reader);
}

/** Incidents read between yields to the event loop while the daily report collects its days. */
const REPORT_BATCH = 500;

/**
 * The daily report for a day, as Markdown or HTML, over the incidents of the filter (zone,
 * sectors), released for `reader` (default: internal, the CLI's): what a reader may not see is
 * neither listed nor counted.
 */
export async function dailyReport(
  store: IncidentStore,
  o: ReportOptions & { format: "md" | "html"; filter?: IncidentFilter; reader?: Reader },
): Promise<string> {
  const { prevStart, end } = reportPeriod(o);
  const reader = o.reader ?? { tier: "internal" };
  const incidents: Incident[] = [];
  let n = 0;
  for await (const i of store.all(
    { ...o.filter, from: prevStart.toISOString(), to: end.toISOString(), includeMerged: false },
    EXPORT_PAGE,
  )) {
    const r = releaseFor(i, reader);
    if (r) incidents.push(r);
    if (++n % REPORT_BATCH === 0) await yieldToEventLoop();
  }
  const report = buildDailyReport(incidents, o);
  return o.format === "html" ? renderHtml(report) : renderMarkdown(report);
}
