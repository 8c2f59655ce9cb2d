/**
 * Import ACLED-format CSV. Each row becomes an incident input validated by the same schema as the
 * API, so a bad row gets the same message; every bad row is reported (line, ACLED event id,
 * column, problem), not only the first.
 *
 * Mapping (stated, as ACLED's fields are coarser than Truce's):
 * - idempotencyKey = "acled:" + event_id_cnty, so importing a file twice stores nothing new;
 * - time_precision 1/2/3 → day/week/month; event_date as YYYY-MM-DD or "14 March 2025";
 * - geo_precision 1/2/3 → a radius of 1 / 25 / 100 km;
 * - fatalities → killed civilians when civilian_targeting is set, else killed combatants;
 * - source → one source of type media (or monitor when it names the OSCE), grade F6.
 */
import { parseCsv, parseDecimal } from "./csv.js";
import { type IncidentInputParsed, importedIncidentSchema } from "./schema.js";

export interface RowError {
  /** 1-based line in the file. */
  line: number;
  eventId: string | null;
  /** ACLED column at fault, when one is. */
  column: string | null;
  message: string;
}

export interface AcledParse {
  rows: Array<{ line: number; raw: Record<string, string>; input: IncidentInputParsed }>;
  errors: RowError[];
  total: number;
}

const REQUIRED = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "latitude", "longitude"] as const;

const GEO_KM: Record<string, number> = { "1": 1, "2": 25, "3": 100 };
const TIME: Record<string, "day" | "week" | "month"> = { "1": "day", "2": "week", "3": "month" };

/** Truce field → ACLED column, to point row errors at the column the user can fix. */
const FIELD_COLUMN: Record<string, string> = {
  idempotencyKey: "event_id_cnty",
  occurredAt: "event_date",
  timePrecision: "time_precision",
  lon: "longitude",
  lat: "latitude",
  geoPrecisionKm: "geo_precision",
  eventType: "event_type",
  subEventType: "sub_event_type",
  actor1: "actor1",
  actor2: "actor2",
  casualties: "fatalities",
  sources: "source",
  description: "notes",
  location: "location",
};

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** "2025-03-14" or "14 March 2025" → "2025-03-14T00:00:00Z", or null. */
export function parseAcledDate(s: string): string | null {
  const t = s.trim();
  let y: number;
  let m: number;
  let d: number;
  let r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (r) {
    y = +r[1];
    m = +r[2];
    d = +r[3];
  } else {
    r = /^(\d{1,2})[\s-]+([A-Za-z]+)[\s-]+(\d{4})$/.exec(t);
    if (!r) return null;
    d = +r[1];
    m = MONTHS.findIndex((x) => x.startsWith(r![2].toLowerCase()) && r![2].length >= 3) + 1;
    y = +r[3];
    if (m === 0) return null;
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString();
}

/** Plain decimals only: `0x10` is NaN (a validation error), never 16. */
const num = parseDecimal;

/** Map one ACLED row (by column name) to an incident input, before validation. */
export function acledRowToInput(r: Record<string, string>): Record<string, unknown> {
  const fatalities = num(r.fatalities);
  const civ = (r.civilian_targeting ?? "").trim() !== "" || r.event_type === "Violence against civilians";
  const source = (r.source ?? "").trim();
  const input: Record<string, unknown> = {
    idempotencyKey: `acled:${(r.event_id_cnty ?? "").trim()}`,
    occurredAt: parseAcledDate(r.event_date ?? "") ?? r.event_date,
    timePrecision: TIME[(r.time_precision ?? "1").trim() || "1"] ?? r.time_precision,
    lon: num(r.longitude),
    lat: num(r.latitude),
    geoPrecisionKm: GEO_KM[(r.geo_precision ?? "1").trim() || "1"] ?? Number.NaN,
    eventType: r.event_type,
    subEventType: r.sub_event_type,
    casualties: fatalities ? [{ group: civ ? "civilian" : "combatant", outcome: "killed", best: fatalities }] : [],
    sources: [
      {
        type: /osce|smm/i.test(source) ? "monitor" : "media",
        grade: "F6",
        ...(source ? { name: source.slice(0, 200) } : {}),
      },
    ],
    description: r.notes ?? "",
  };
  if (r.actor1?.trim()) input.actor1 = r.actor1.trim().slice(0, 200);
  if (r.actor2?.trim()) input.actor2 = r.actor2.trim().slice(0, 200);
  if (r.location?.trim()) input.location = r.location.trim().slice(0, 200);
  return input;
}

/** Parse and validate a whole ACLED CSV; never throws for bad rows (they are in `errors`). */
export function parseAcledCsv(text: string): AcledParse {
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(text);
  } catch (e) {
    const m = /^line (\d+): (.*)$/.exec((e as Error).message);
    return {
      rows: [],
      errors: [{ line: m ? Number(m[1]) : 1, eventId: null, column: null, message: m ? m[2] : String(e) }],
      total: 0,
    };
  }
  if (table.length === 0)
    return {
      rows: [],
      errors: [{ line: 1, eventId: null, column: null, message: "the file is empty; expected an ACLED header row" }],
      total: 0,
    };
  const header = table[0].cells.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    return {
      rows: [],
      errors: [
        {
          line: 1,
          eventId: null,
          column: missing[0],
          message: `the header lacks ACLED column(s) ${missing.join(", ")}`,
        },
      ],
      total: table.length - 1,
    };
  const out: AcledParse = { rows: [], errors: [], total: table.length - 1 };
  const seen = new Map<string, number>();
  for (const row of table.slice(1)) {
    const raw: Record<string, string> = {};
    header.forEach((h, i) => {
      raw[h] = row.cells[i] ?? "";
    });
    const eventId = raw.event_id_cnty?.trim() || null;
    if (row.cells.length !== header.length) {
      out.errors.push({
        line: row.line,
        eventId,
        column: null,
        message: `row has ${row.cells.length} cells, the header has ${header.length}`,
      });
      continue;
    }
    if (!eventId) {
      out.errors.push({ line: row.line, eventId, column: "event_id_cnty", message: "event_id_cnty is empty" });
      continue;
    }
    if (seen.has(eventId)) {
      out.errors.push({
        line: row.line,
        eventId,
        column: "event_id_cnty",
        message: `event_id_cnty repeats line ${seen.get(eventId)}`,
      });
      continue;
    }
    seen.set(eventId, row.line);
    const parsed = importedIncidentSchema.safeParse(acledRowToInput(raw));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? "");
      out.errors.push({
        line: row.line,
        eventId,
        column: FIELD_COLUMN[field] ?? (field || null),
        message: issue.message,
      });
      continue;
    }
    out.rows.push({ line: row.line, raw, input: parsed.data });
  }
  return out;
}
