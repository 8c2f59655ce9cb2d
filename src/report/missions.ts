/**
 * Historical and proposed missions from data/missions.csv (with sources), for the
 * comparison charts: the KFOR troop timeline and the proposals marked on sweeps.
 */

export interface MissionRow {
  mission: string;
  year: number;
  kind: string;
  posture: string;
  lineKm?: number;
  zoneWidthKm?: number;
  zoneAreaKm2?: number;
  theaterAreaKm2?: number;
  population?: number;
  troops?: number;
  police?: number;
  civilianMonitors?: number;
  contributors?: number;
  status: string;
  source: string;
}

/** Split CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== "")) rows.push(row);
  return rows;
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s.trim() === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

/** Parse missions.csv text into typed rows (unknown extra columns are ignored). */
export function parseMissions(text: string): MissionRow[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const col = (name: string) => header.indexOf(name);
  const get = (r: string[], name: string) => (col(name) >= 0 ? r[col(name)] : undefined);
  return rows.map((r) => ({
    mission: get(r, "mission") ?? "",
    year: num(get(r, "year")) ?? Number.NaN,
    kind: get(r, "kind") ?? "",
    posture: get(r, "posture") ?? "",
    lineKm: num(get(r, "line_km")),
    zoneWidthKm: num(get(r, "zone_width_km")),
    zoneAreaKm2: num(get(r, "zone_area_km2")),
    theaterAreaKm2: num(get(r, "theater_area_km2")),
    population: num(get(r, "population")),
    troops: num(get(r, "troops")),
    police: num(get(r, "police")),
    civilianMonitors: num(get(r, "civilian_monitors")),
    contributors: num(get(r, "contributors")),
    status: get(r, "status") ?? "",
    source: get(r, "source") ?? "",
  }));
}

/** KFOR's troop strength by year (one point per year, the latest row of a year wins), sorted by year. */
export function kforTimeline(
  missions: readonly MissionRow[],
): Array<{ year: number; troops: number; label: string; source: string; status: string }> {
  const byYear = new Map<number, { year: number; troops: number; label: string; source: string; status: string }>();
  for (const m of missions) {
    if (!/^KFOR\b/.test(m.mission) || m.troops === undefined || !Number.isFinite(m.year)) continue;
    byYear.set(m.year, { year: m.year, troops: m.troops, label: m.mission, source: m.source, status: m.status });
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
