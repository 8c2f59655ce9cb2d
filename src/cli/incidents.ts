/**
 * `truce incidents import|export|report`: the CLI twins of the API's import, export and daily
 * report, on the same store (`DATABASE_URL`, or SQLite under `--data`).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { TruceInputError } from "../errors/index.js";
import { parseAcledCsv } from "../monitor/acled.js";
import { parseDecimal } from "../monitor/csv.js";
import { TIERS, type Tier } from "../monitor/release.js";
import { dailyReport, type ExportFormat, exportIncidents, type ImportResult, importAcled } from "../monitor/service.js";
import { openStore } from "../monitor/store/open.js";
import type { IncidentFilter, IncidentStore } from "../monitor/store/store.js";
import { loadMissionZones } from "../monitor/zones.js";
import { BOUNDS } from "../scenario/bounds.js";
import { numberFlag } from "./flags.js";
import { printJson, table, writeFileAtomic } from "./io.js";
import { bundledScenariosDir } from "./serve.js";

async function withStore<T>(dataDir: string, f: (s: IncidentStore) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir });
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

function isoOption(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (Number.isNaN(Date.parse(v)) || !/^\d{4}-\d{2}-\d{2}/.test(v))
    throw new TruceInputError({
      path: name,
      problem: `"${v}" is not a date-time.`,
      fix: "Use ISO 8601, e.g. 2025-03-14T00:00:00Z.",
    });
  return new Date(v).toISOString();
}

function filterFrom(o: {
  from?: string;
  to?: string;
  zone?: string;
  sector?: string;
  bbox?: string;
  status?: string;
}): IncidentFilter {
  let bbox: IncidentFilter["bbox"];
  if (o.bbox) {
    // Plain decimals only: Number("") is 0, so ",,," would otherwise be the box 0,0,0,0.
    const v = o.bbox.split(",").map((c) => parseDecimal(c) ?? Number.NaN);
    if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[0] > v[2] || v[1] > v[3])
      throw new TruceInputError({
        path: "--bbox",
        problem: `"${o.bbox}" is not west,south,east,north.`,
        fix: "E.g. --bbox 37,47.5,38.5,48.5.",
      });
    bbox = v as [number, number, number, number];
  }
  return {
    from: isoOption("--from", o.from),
    to: isoOption("--to", o.to),
    zoneId: o.zone,
    sectorId: o.sector?.split(","),
    status: o.status?.split(","),
    bbox,
  };
}

interface ExportCliOptions {
  data: string;
  format: string;
  tier: string;
  out?: string;
  from?: string;
  to?: string;
  zone?: string;
  sector?: string;
  status?: string;
  bbox?: string;
}

export function registerIncidents(program: Command): void {
  const cmd = program
    .command("incidents")
    .description("Import, export and report monitored incidents (same store as `truce serve`).");

  cmd
    .command("import <file>")
    .description("Import an ACLED-format CSV; every bad row is reported. All or nothing unless --partial.")
    .option("--data <dir>", "folder of the SQLite database (ignored when DATABASE_URL is set)", "data")
    .option("--partial", "store the good rows even if some rows are bad")
    .option("--as <name>", "name recorded in the audit trail", "cli-import")
    .option(
      "--scenarios <dir>",
      "scenario folder whose zones derive sector and side (default: the bundled data/scenarios)",
    )
    .option("--json", "print one JSON document")
    .action(
      async (file: string, o: { data: string; partial?: boolean; as: string; json?: boolean; scenarios?: string }) => {
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch {
          throw new TruceInputError({ file, problem: `cannot read "${file}".`, fix: "Check the path." });
        }
        // Check the rows before computing the zones (seconds for the bundled scenarios).
        const pre = parseAcledCsv(text);
        const res: ImportResult =
          pre.errors.length > 0 && !o.partial
            ? { rows: pre.total, created: 0, alreadyPresent: 0, errors: pre.errors, stored: false, createdIds: [] }
            : await withStore(o.data, (s) =>
                importAcled(s, text, {
                  actor: { name: o.as, role: "analyst" },
                  zones: loadMissionZones(o.scenarios ?? bundledScenariosDir()),
                  partial: o.partial,
                }),
              );
        if (o.json) printJson({ ...res, createdIds: undefined });
        else {
          process.stdout.write(
            `${file}: ${res.rows} rows, ${res.created} stored, ${res.alreadyPresent} already present, ${res.errors.length} bad\n`,
          );
          if (res.errors.length > 0)
            process.stdout.write(
              `${table(
                ["line", "event id", "column", "problem"],
                res.errors.map((e) => [String(e.line), e.eventId ?? "", e.column ?? "", e.message]),
              )}\n`,
            );
        }
        if (!res.stored)
          throw new TruceInputError({
            file,
            problem: `${res.errors.length} bad row(s); nothing was stored.`,
            fix: "Fix the rows listed above, or pass --partial to store the good ones.",
          });
      },
    );

  cmd
    .command("export")
    .description("Export incidents as CSV (ACLED columns first), GeoJSON or KML, released at a tier.")
    .option("--data <dir>", "folder of the SQLite database (ignored when DATABASE_URL is set)", "data")
    .option("--format <f>", "csv, geojson or kml", "csv")
    .option("--tier <t>", "internal, parties or public", "public")
    .option("--from <iso>", "occurred at or after")
    .option("--to <iso>", "occurred before")
    .option("--zone <id>", "zone (scenario id)")
    .option("--sector <ids>", "sector ids, comma-separated")
    .option("--status <list>", "statuses, comma-separated")
    .option("--bbox <w,s,e,n>", "bounding box, degrees")
    .option("-o, --out <file>", "write to a file (atomically) instead of stdout")
    .action(async (o: ExportCliOptions) => {
      if (!["csv", "geojson", "kml"].includes(o.format))
        throw new TruceInputError({
          path: "--format",
          problem: `"${o.format}" is not a format.`,
          fix: "Use csv, geojson or kml.",
        });
      if (!(TIERS as readonly string[]).includes(o.tier))
        throw new TruceInputError({
          path: "--tier",
          problem: `"${o.tier}" is not a tier.`,
          fix: `Use one of ${TIERS.join(", ")}.`,
        });
      const filter = filterFrom(o);
      await withStore(o.data, async (s) => {
        const parts: string[] = [];
        for await (const chunk of exportIncidents(s, filter, o.format as ExportFormat, o.tier as Tier)) {
          if (o.out) parts.push(chunk);
          else process.stdout.write(chunk);
        }
        if (o.out) writeFileAtomic(o.out, parts.join(""));
      });
    });

  cmd
    .command("report")
    .description("The daily report in the OSCE SMM style, as Markdown or HTML.")
    .requiredOption("--date <yyyy-mm-dd>", "report day")
    .option("--cutoff <HH:MM>", "cut-off time of day", "19:30")
    .option("--utc-offset <h>", "local time offset from UTC, hours", "0")
    .option("--zone <id>", "only this zone (scenario id)")
    .option("--format <f>", "md or html", "md")
    .option("--data <dir>", "folder of the SQLite database (ignored when DATABASE_URL is set)", "data")
    .option("-o, --out <file>", "write to a file (atomically) instead of stdout")
    .action(
      async (o: {
        date: string;
        cutoff: string;
        utcOffset: string;
        zone?: string;
        format: string;
        data: string;
        out?: string;
      }) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(o.date) || Number.isNaN(Date.parse(o.date)))
          throw new TruceInputError({ path: "--date", problem: `"${o.date}" is not a date.`, fix: "Use YYYY-MM-DD." });
        if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(o.cutoff))
          throw new TruceInputError({
            path: "--cutoff",
            problem: `"${o.cutoff}" is not HH:MM.`,
            fix: "E.g. --cutoff 19:30.",
          });
        if (o.format !== "md" && o.format !== "html")
          throw new TruceInputError({ path: "--format", problem: `"${o.format}" is not md or html.` });
        const off = numberFlag("--utc-offset", o.utcOffset, BOUNDS.utcOffsetH, { min: -12 }) as number;
        const text = await withStore(o.data, (s) =>
          dailyReport(s, {
            date: o.date,
            cutoff: o.cutoff,
            utcOffsetH: off,
            format: o.format as "md" | "html",
            title: `Truce daily report${o.zone ? `: ${o.zone}` : ""}, ${o.date}`,
            filter: o.zone ? { zoneId: o.zone } : {},
          }),
        );
        if (o.out) writeFileAtomic(o.out, text);
        else process.stdout.write(text);
      },
    );
}
