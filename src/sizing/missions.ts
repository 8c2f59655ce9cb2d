/**
 * Historical and proposed missions (data/missions.csv): parsing from text, and the
 * sizing inputs each row gives. Pure: the caller reads the file.
 */
import { TruceInputError } from "../errors/index.js";
import type { Posture } from "../scenario/posture.js";
import { type CsvRow, CsvSyntaxError, parseCsv as parseCsvRows, parseDecimal } from "../util/csv.js";
import type { Threat } from "./params.js";
import type { PrecedentCase } from "./precedent.js";
import type { MissionClass, SizingInputs } from "./types.js";

export interface Mission {
  mission: string;
  year: number;
  /** territory | buffer | zone | reassurance | interpose */
  kind: string;
  /** monitor | interpose | deter | stabilise, or another word (e.g. police) for rows no method sizes. */
  posture: string;
  threat: Threat;
  /** history (a force that deployed) or proposal. */
  record: "history" | "proposal";
  lineKm?: number;
  zoneWidthKm?: number;
  zoneAreaKm2?: number;
  theaterAreaKm2?: number;
  population?: number;
  troops?: number;
  police?: number;
  civilianMonitors?: number;
  contributors?: number;
  /** confirmed | secondary | recalled */
  status: string;
  source: string;
  /** Who led the force: UN, NATO, coalition, national or other (empty when not recorded). */
  lead?: string;
  /** Whether the force was judged sufficient for its mandate: yes, no, or undefined when not judged. */
  sufficient?: "yes" | "no";
  /** Short label when the row is a headline proposal marked on force-size charts ("10k GCSP"). */
  chartLabel?: string;
}

const REQUIRED = ["mission", "year", "kind", "posture", "threat", "record", "troops", "status", "source"] as const;
const POSTURES: readonly string[] = ["monitor", "interpose", "deter", "stabilise"];

/** Split CSV text into rows of fields (the shared RFC 4180 tokenizer, src/util/csv.ts). */
export function parseCsv(text: string): string[][] {
  return parseCsvRows(text).map((r) => r.cells);
}

/**
 * Parse missions.csv. Every problem is a TruceInputError naming the line and column.
 *
 * @param file name shown in error messages
 * @param text the CSV text
 */
export function parseMissions(file: string, text: string): Mission[] {
  let table: CsvRow[];
  try {
    table = parseCsvRows(text);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw new TruceInputError({
      file,
      line: e.line,
      problem: "a quoted field is not closed.",
      fix: "Close the quote.",
    });
  }
  const rows = table.map((r) => r.cells);
  if (rows.length === 0)
    throw new TruceInputError({ file, line: 1, problem: "the file is empty.", fix: "Start from data/missions.csv." });
  const header = rows[0].map((h) => h.trim());
  for (const col of REQUIRED) {
    if (!header.includes(col)) {
      throw new TruceInputError({
        file,
        line: 1,
        problem: `the header has no "${col}" column.`,
        fix: `Columns needed: ${REQUIRED.join(", ")}.`,
      });
    }
  }
  const idx = (name: string) => header.indexOf(name);
  return rows.slice(1).map((r, k) => {
    const line = table[k + 1].line;
    const get = (name: string): string => (idx(name) >= 0 ? (r[idx(name)] ?? "").trim() : "");
    const num = (name: string): number | undefined => {
      const s = get(name);
      if (s === "") return undefined;
      const x = parseDecimal(s) as number;
      if (!Number.isFinite(x) || x < 0) {
        throw new TruceInputError({
          file,
          line,
          path: name,
          problem: `"${s}" is not a non-negative number.`,
          fix: "Write a plain number (no thousands separators), or leave the cell empty.",
        });
      }
      return x;
    };
    const threat = get("threat");
    if (threat !== "low" && threat !== "medium" && threat !== "high") {
      throw new TruceInputError({
        file,
        line,
        path: "threat",
        problem: `"${threat}" is not low, medium or high.`,
        fix: "See docs/sizing.md for the rule.",
      });
    }
    const record = get("record");
    if (record !== "history" && record !== "proposal") {
      throw new TruceInputError({ file, line, path: "record", problem: `"${record}" is not history or proposal.` });
    }
    return {
      mission: get("mission"),
      year: num("year") ?? 0,
      kind: get("kind"),
      posture: get("posture"),
      threat,
      record,
      lineKm: num("line_km"),
      zoneWidthKm: num("zone_width_km"),
      zoneAreaKm2: num("zone_area_km2"),
      theaterAreaKm2: num("theater_area_km2"),
      population: num("population"),
      troops: num("troops"),
      police: num("police"),
      civilianMonitors: num("civilian_monitors"),
      contributors: num("contributors"),
      chartLabel: get("chart_label") || undefined,
      lead: get("lead") || undefined,
      sufficient: get("sufficient") === "yes" ? "yes" : get("sufficient") === "no" ? "no" : undefined,
      status: get("status"),
      source: get("source"),
    };
  });
}

/**
 * The sizing inputs a mission row gives, or undefined when its posture is not one the
 * methods size (e.g. a police-only mission). A row answers for a territory when its kind is
 * "territory"; the zone's area is zone_area_km2, else line_km × zone_width_km.
 */
export function missionInputs(m: Mission): SizingInputs | undefined {
  if (!POSTURES.includes(m.posture)) return undefined;
  const zoneAreaKm2 =
    m.zoneAreaKm2 ?? (m.lineKm !== undefined && m.zoneWidthKm !== undefined ? m.lineKm * m.zoneWidthKm : undefined);
  return {
    posture: m.posture as Posture,
    threat: m.threat,
    territory: m.kind === "territory",
    lengthKm: m.lineKm,
    zoneAreaKm2,
    theaterAreaKm2: m.theaterAreaKm2,
    population: m.population,
    missionClass: missionClassOf(m.kind),
    lead: m.lead,
  };
}

/**
 * The precedents a forecast can draw on: deployed forces (record history) with a troop figure and
 * a posture the methods size.
 */
export function precedentCases(missions: readonly Mission[]): PrecedentCase[] {
  const out: PrecedentCase[] = [];
  for (const m of missions) {
    if (m.record !== "history" || !(m.troops !== undefined && m.troops > 0)) continue;
    const i = missionInputs(m);
    if (!i) continue;
    out.push({
      mission: m.mission,
      year: m.year,
      missionClass: i.missionClass ?? "line",
      posture: m.posture,
      threat: m.threat,
      lead: m.lead,
      troops: m.troops,
      lengthKm: i.lengthKm,
      zoneAreaKm2: i.zoneAreaKm2,
      theaterAreaKm2: i.theaterAreaKm2,
      population: i.population,
    });
  }
  return out;
}

/** The reference class of a missions.csv `kind`: buffer and interpose rows hold a line. */
export function missionClassOf(kind: string): MissionClass {
  return kind === "territory" || kind === "zone" || kind === "reassurance" ? kind : "line";
}
