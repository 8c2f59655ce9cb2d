/**
 * `truce fit SCENARIO`: fit the simulator's incident processes (Hawkes: background rate per sector
 * and type, branching ratio, decay, spill-over) by maximum likelihood to recorded incidents, from
 * an ACLED-format CSV (`--acled FILE`) or the monitoring store (`--data DIR` or DATABASE_URL).
 * Prints a `simulation:` section a scenario can use as it is, with standard errors and a
 * time-rescaling KS line as comments; `--json` gives everything.
 */
import type { Command } from "commander";
import { stringify } from "yaml";
import { TruceInputError } from "../errors/index.js";
import { type FitEvent, fitIncidents, type IncidentFit, simTypeOf, spreadWithinDays } from "../fit/index.js";
import { parseAcledCsv } from "../monitor/acled.js";
import { derivePlace, type MissionZone } from "../monitor/place.js";
import { openStore } from "../monitor/store/open.js";
import { loadMissionZone } from "../monitor/zones.js";
import { readInputFile } from "../scenario/load.js";
import { outputFileFlag } from "./flags.js";
import { printJson, writeFileAtomic } from "./io.js";

interface Opts {
  acled?: string;
  data: string;
  from?: string;
  to?: string;
  json?: boolean;
  out?: string;
  minEvents?: string;
}

function dateFlag(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(t))
    throw new TruceInputError({ path: flag, problem: `"${v}" is not a date.`, fix: "Use YYYY-MM-DD or an ISO time." });
  return t;
}

/** Incidents of an ACLED CSV placed in the scenario's zone and sectors (dates only: spread within days). */
function acledEvents(file: string, mz: MissionZone): { events: FitEvent[]; skipped: number; bad: number } {
  const parsed = parseAcledCsv(readInputFile(file));
  if (parsed.rows.length === 0 && parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new TruceInputError({
      file,
      path: e.column ?? `line ${e.line}`,
      problem: e.message,
      fix: "Give an ACLED export (event_id_cnty, event_date, event_type, sub_event_type, latitude, longitude).",
    });
  }
  const raw: Array<FitEvent & { coarse: boolean }> = [];
  let skipped = 0;
  for (const row of parsed.rows) {
    const inp = row.input as { occurredAt: string; lon: number; lat: number; eventType: string; subEventType?: string };
    const type = simTypeOf(inp.eventType, inp.subEventType);
    const place = derivePlace([mz], inp.lon, inp.lat, undefined, mz.id);
    if (type === null || place.sectorId === null || !place.inZone) {
      skipped++;
      continue;
    }
    raw.push({ atMs: Date.parse(inp.occurredAt), sector: place.sectorId, type, coarse: true });
  }
  return { events: spreadWithinDays(raw), skipped, bad: parsed.errors.length };
}

async function storeEvents(
  dataDir: string,
  zoneId: string,
  fromMs?: number,
  toMs?: number,
): Promise<{ events: FitEvent[]; skipped: number; bad: number }> {
  const store = await openStore({ dataDir });
  const raw: Array<FitEvent & { coarse: boolean }> = [];
  let skipped = 0;
  try {
    const filter = {
      zoneId,
      ...(fromMs !== undefined ? { from: new Date(fromMs).toISOString() } : {}),
      ...(toMs !== undefined ? { to: new Date(toMs).toISOString() } : {}),
    };
    for await (const inc of store.all(filter)) {
      const type = simTypeOf(inc.eventType, inc.subEventType ?? undefined);
      if (type === null || inc.derived.sectorId === null || inc.status === "disproved") {
        skipped++;
        continue;
      }
      const coarse = inc.timePrecision !== "minute" && inc.timePrecision !== "hour";
      raw.push({ atMs: Date.parse(inc.occurredAt), sector: inc.derived.sectorId, type, coarse });
    }
  } finally {
    await store.close();
  }
  return { events: spreadWithinDays(raw), skipped, bad: 0 };
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

/** The YAML a scenario can paste: comments with the fit's quality, then the section. */
export function fitYaml(fit: IncidentFit, source: string): string {
  const from = new Date(fit.fromMs).toISOString().slice(0, 10);
  const to = new Date(fit.toMs).toISOString().slice(0, 10);
  const lines = [
    `# truce fit: ${source}, ${from} .. ${to} (${fmt(fit.days, 1)} days), ${fit.sectors.length} sectors`,
    "# Hawkes MLE per type; ± is one standard error (observed information), decay with its 95% profile interval;",
    "# KS: time-rescaling test of the fitted process (p < 0.05: the model does not describe these data).",
  ];
  for (const t of fit.types) {
    lines.push(
      `# ${t.type}: ${t.events} incidents; branching ${fmt(t.branchingRatio)} ± ${fmt(t.branchingRatioSe)}, decay ${fmt(t.decayH, 2)} h [${fmt(t.decayHCi95[0], 2)}, ${fmt(t.decayHCi95[1], 2)}], spill-over ${fmt(t.spilloverShare)} ± ${fmt(t.spilloverShareSe)}; KS D = ${fmt(t.ks.d)}, p = ${fmt(t.ks.p)}${t.converged ? "" : " (EM did not converge)"}`,
    );
    const rates = Object.entries(t.ratePerSectorDay)
      .map(([s, r]) => `${s} ${fmt(r)} ± ${fmt(t.ratePerSectorDaySe[s])}`)
      .join(", ");
    lines.push(`#   background per sector per day: ${rates}`);
  }
  for (const s of fit.skipped) lines.push(`# ${s.type}: only ${s.events} incidents, not fitted (the default stays)`);
  return `${lines.join("\n")}\n${stringify({ simulation: fit.section })}`;
}

export function registerFit(program: Command): void {
  program
    .command("fit")
    .description(
      "Fit the simulation's incident processes (Hawkes MLE per sector and type) to recorded incidents; prints a simulation: section.",
    )
    .argument("<scenario>", "scenario file whose zone gives the sectors (and, for the store, the zone id)")
    .option("--acled <file>", "ACLED-format CSV (otherwise the monitoring store)")
    .option("--data <dir>", "folder of the SQLite database (ignored when DATABASE_URL is set)", "data")
    .option("--from <date>", "window start (default: the first incident's day)")
    .option("--to <date>", "window end (default: the end of the last incident's day)")
    .option("--min-events <n>", "fewest incidents of a type to fit it (default 20)")
    .option("--json", "print the whole fit as one JSON document")
    .option("--out <file>", "also write the YAML section to this file (atomically)")
    .action(async (scenarioFile: string, o: Opts) => {
      outputFileFlag("--out", o.out);
      const fromMs = dateFlag("--from", o.from);
      const toMs = dateFlag("--to", o.to);
      const minEvents = o.minEvents === undefined ? undefined : Number(o.minEvents);
      if (minEvents !== undefined && !(Number.isInteger(minEvents) && minEvents >= 2))
        throw new TruceInputError({
          path: "--min-events",
          problem: `${o.minEvents} is not an integer >= 2.`,
          fix: "Use e.g. --min-events 20.",
        });
      const mz = loadMissionZone(scenarioFile);
      const zoneId = mz.id;
      const got = o.acled ? acledEvents(o.acled, mz) : await storeEvents(o.data, zoneId, fromMs, toMs);
      const fit = fitIncidents(
        got.events,
        mz.zone.sectors.map((s) => s.id),
        {
          fromMs,
          toMs,
          minEvents,
        },
      );
      const source = o.acled ? o.acled : `monitoring store (zone ${zoneId})`;
      const yaml = fitYaml(fit, source);
      if (o.out) writeFileAtomic(o.out, yaml);
      if (o.json) printJson({ ...fit, source, skippedIncidents: got.skipped, badRows: got.bad });
      else process.stdout.write(yaml);
      if (got.skipped > 0 || got.bad > 0)
        process.stderr.write(
          `fit: ${got.events.length} incidents used; ${got.skipped} outside the zone or of unmodelled types, ${got.bad} bad rows skipped\n`,
        );
    });
}
