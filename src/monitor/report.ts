/**
 * The daily report in the style of the OSCE Special Monitoring Mission's daily reports: based on
 * information received as of a cut-off time, ceasefire violations per sector and weapon class with
 * the change from the previous 24 hours, casualties, withdrawal-line violations, denials of freedom
 * of movement, other violations, and what is verified and what is not.
 *
 * The report is built once as plain data (`buildDailyReport`) and rendered to Markdown or HTML.
 * Merged duplicates are left out; disproved reports are counted only in the verification section.
 */
import { escapeXml } from "./export.js";
import type { Incident } from "./schema.js";
import { WEAPON_CLASSES, type WeaponClass } from "./taxonomy.js";

export interface ReportOptions {
  /** Report day, YYYY-MM-DD. */
  date: string;
  /** Cut-off time of day, HH:MM, in UTC plus `utcOffsetH`. Default 19:30 (the SMM's). */
  cutoff?: string;
  /** Offset of the mission's local time from UTC, hours. Default 0. */
  utcOffsetH?: number;
  /** Title line, e.g. the mission's name. */
  title?: string;
}

/** The two 24-hour periods a report covers: [prevStart, start) and [start, end). */
export function reportPeriod(o: ReportOptions): { prevStart: Date; start: Date; end: Date } {
  const [hh, mm] = (o.cutoff ?? "19:30").split(":").map(Number);
  const end = new Date(Date.parse(`${o.date}T00:00:00Z`) + ((hh * 60 + mm) * 60 - (o.utcOffsetH ?? 0) * 3600) * 1000);
  const day = 86_400_000;
  return { prevStart: new Date(end.getTime() - 2 * day), start: new Date(end.getTime() - day), end };
}

interface Cell {
  violations: number;
  explosions: number;
  bursts: number;
}

export interface SectorRow {
  zoneId: string;
  sectorId: string;
  weaponClass: string;
  current: Cell;
  previous: Cell;
}

export interface DailyReport {
  title: string;
  cutoffLabel: string;
  period: { start: string; end: string };
  totals: { current: Cell; previous: Cell };
  violationsBySector: SectorRow[];
  casualties: Array<{ group: string; outcome: string; best: number; low: number; high: number; verified: number }>;
  withdrawal: Incident[];
  freedomOfMovement: Incident[];
  other: Incident[];
  verification: Record<string, number>;
  unverifiedShare: number;
}

const empty = (): Cell => ({ violations: 0, explosions: 0, bursts: 0 });

/** Is it a ceasefire violation by fire (counted in the violations table)? */
function isFire(i: Incident): boolean {
  return (
    i.violation?.kind === "fire" ||
    (!i.violation && (i.eventType === "Explosions/Remote violence" || i.eventType === "Battles"))
  );
}

/** Build the report from the incidents of both periods (any incidents outside them are ignored). */
export function buildDailyReport(incidents: readonly Incident[], o: ReportOptions): DailyReport {
  const { prevStart, start, end } = reportPeriod(o);
  const inCur = (i: Incident) => {
    const t = Date.parse(i.occurredAt);
    return t >= start.getTime() && t < end.getTime();
  };
  const inPrev = (i: Incident) => {
    const t = Date.parse(i.occurredAt);
    return t >= prevStart.getTime() && t < start.getTime();
  };
  const live = incidents.filter((i) => !i.mergedInto);
  const counted = live.filter((i) => i.status !== "disproved");
  const cells = new Map<string, SectorRow>();
  const totals = { current: empty(), previous: empty() };
  for (const i of counted) {
    if (!isFire(i)) continue;
    const which = inCur(i) ? "current" : inPrev(i) ? "previous" : null;
    if (!which) continue;
    const zoneId = i.derived.zoneId ?? "-";
    const sectorId = i.derived.sectorId ?? "outside";
    const wc = i.violation?.weaponClass ?? "unknown";
    const key = `${zoneId}|${sectorId}|${wc}`;
    let r = cells.get(key);
    if (!r) {
      r = { zoneId, sectorId, weaponClass: wc, current: empty(), previous: empty() };
      cells.set(key, r);
    }
    for (const c of [r[which], totals[which]]) {
      c.violations += 1;
      c.explosions += i.violation?.explosions ?? 0;
      c.bursts += i.violation?.bursts ?? 0;
    }
  }
  const cur = counted.filter(inCur);
  const cas = new Map<
    string,
    { group: string; outcome: string; best: number; low: number; high: number; verified: number }
  >();
  for (const i of cur)
    for (const c of i.casualties) {
      const key = `${c.outcome}|${c.group}`;
      const e = cas.get(key) ?? { group: c.group, outcome: c.outcome, best: 0, low: 0, high: 0, verified: 0 };
      e.best += c.best;
      e.low += c.low ?? c.best;
      e.high += c.high ?? c.best;
      if (i.status === "verified") e.verified += c.best;
      cas.set(key, e);
    }
  const verification: Record<string, number> = { reported: 0, corroborated: 0, verified: 0, disproved: 0 };
  for (const i of live.filter(inCur)) verification[i.status]++;
  const considered = live.filter(inCur).length;
  const byTime = (a: Incident, b: Incident) => a.occurredAt.localeCompare(b.occurredAt);
  return {
    title: o.title ?? "Daily report",
    cutoffLabel: `${o.cutoff ?? "19:30"} (UTC${(o.utcOffsetH ?? 0) >= 0 ? "+" : ""}${o.utcOffsetH ?? 0}), ${o.date}`,
    period: { start: start.toISOString(), end: end.toISOString() },
    totals,
    violationsBySector: [...cells.values()].sort(
      (a, b) =>
        a.zoneId.localeCompare(b.zoneId) ||
        a.sectorId.localeCompare(b.sectorId) ||
        a.weaponClass.localeCompare(b.weaponClass),
    ),
    casualties: [...cas.values()].sort((a, b) => a.outcome.localeCompare(b.outcome) || a.group.localeCompare(b.group)),
    withdrawal: cur.filter((i) => i.derived.withdrawalViolation).sort(byTime),
    freedomOfMovement: cur.filter((i) => i.violation?.kind === "freedom_of_movement_denial").sort(byTime),
    other: cur.filter((i) => i.violation?.kind === "new_fortification" || i.violation?.kind === "jamming").sort(byTime),
    verification,
    unverifiedShare: considered === 0 ? 0 : (verification.reported + verification.corroborated) / considered,
  };
}

function change(c: number, p: number): string {
  const d = c - p;
  return d === 0 ? "±0" : d > 0 ? `+${d}` : `${d}`;
}

function weaponLabel(w: string): string {
  return (WEAPON_CLASSES as Record<string, { label: string }>)[w as WeaponClass]?.label ?? w;
}

/** Status as shown next to every item: unverified reports never look verified. */
function badge(i: Incident): string {
  return i.status === "verified"
    ? "VERIFIED"
    : i.status === "corroborated"
      ? "CORROBORATED, not verified"
      : i.status === "disproved"
        ? "DISPROVED"
        : "REPORTED, not verified";
}

function itemLine(i: Incident): string {
  const where = `${i.location ? `${i.location}, ` : ""}${i.derived.sectorId ?? "outside the sectors"}${i.derived.party ? ` (${i.derived.party} side)` : ""}`;
  const wl = i.derived.withdrawalViolation
    ? ` ${i.violation?.weaponCount ?? 1} × ${weaponLabel(i.violation?.weaponClass ?? "unknown")} ${i.derived.withdrawalViolation.distanceKm} km from the line, inside the ${i.derived.withdrawalViolation.km} km line ("${i.derived.withdrawalViolation.line}").`
    : "";
  return `${i.occurredAt.slice(11, 16)} UTC, ${where}: ${i.description || i.subEventType}.${wl} [${badge(i)}; source grade ${i.sourceGrade}, ${i.sourceCount} source${i.sourceCount === 1 ? "" : "s"}]`;
}

type Block = { h: string } | { p: string } | { table: { head: string[]; rows: string[][] } } | { list: string[] };

function blocks(r: DailyReport): Block[] {
  const b: Block[] = [];
  b.push({ h: r.title });
  b.push({
    p: `Based on information received as of ${r.cutoffLabel}. Period: ${r.period.start} to ${r.period.end}; changes are against the previous 24 hours.`,
  });
  b.push({ h: "Summary" });
  const t = r.totals;
  b.push({
    p: `${t.current.violations} ceasefire violations by fire were recorded (${change(t.current.violations, t.previous.violations)} on the previous 24 hours), with ${t.current.explosions} explosions (${change(t.current.explosions, t.previous.explosions)}) and ${t.current.bursts} bursts and shots (${change(t.current.bursts, t.previous.bursts)}). ${r.withdrawal.length} withdrawal-line violations, ${r.freedomOfMovement.length} denials of freedom of movement. ${Math.round(r.unverifiedShare * 100)}% of this period's reports are not verified.`,
  });
  b.push({ h: "Ceasefire violations by sector and weapon class" });
  if (r.violationsBySector.length === 0) b.push({ p: "None recorded." });
  else
    b.push({
      table: {
        head: ["Zone", "Sector", "Weapon class", "Violations", "Change", "Explosions", "Change", "Bursts/shots"],
        rows: r.violationsBySector.map((s) => [
          s.zoneId,
          s.sectorId,
          weaponLabel(s.weaponClass),
          String(s.current.violations),
          change(s.current.violations, s.previous.violations),
          String(s.current.explosions),
          change(s.current.explosions, s.previous.explosions),
          String(s.current.bursts),
        ]),
      },
    });
  b.push({ h: "Casualties" });
  if (r.casualties.length === 0) b.push({ p: "None reported." });
  else
    b.push({
      table: {
        head: ["Outcome", "Group", "Best estimate", "Low", "High", "Of which verified"],
        rows: r.casualties.map((c) => [
          c.outcome,
          c.group,
          String(c.best),
          String(c.low),
          String(c.high),
          String(c.verified),
        ]),
      },
    });
  b.push({ h: "Weapons seen in violation of withdrawal lines" });
  b.push(r.withdrawal.length ? { list: r.withdrawal.map(itemLine) } : { p: "None recorded." });
  b.push({ h: "Freedom of movement" });
  b.push(
    r.freedomOfMovement.length
      ? { list: r.freedomOfMovement.map(itemLine) }
      : { p: "No denials of freedom of movement recorded." },
  );
  b.push({ h: "New fortifications and jamming" });
  b.push(r.other.length ? { list: r.other.map(itemLine) } : { p: "None recorded." });
  b.push({ h: "Verification" });
  b.push({
    table: {
      head: ["Status", "Incidents"],
      rows: Object.entries(r.verification).map(([k, v]) => [k, String(v)]),
    },
  });
  b.push({
    p: "Reported and corroborated incidents are unverified: they are marked as such in every line above and must not be quoted as established facts.",
  });
  return b;
}

function mdEscape(s: string): string {
  return s.replace(/([\\`*_[\]|<])/g, "\\$1");
}

export function renderMarkdown(r: DailyReport): string {
  const out: string[] = [];
  let first = true;
  for (const b of blocks(r)) {
    if ("h" in b) {
      out.push(`${first ? "#" : "##"} ${mdEscape(b.h)}`, "");
      first = false;
    } else if ("p" in b) out.push(mdEscape(b.p), "");
    else if ("list" in b) out.push(...b.list.map((x) => `- ${mdEscape(x)}`), "");
    else {
      out.push(`| ${b.table.head.map(mdEscape).join(" | ")} |`, `|${b.table.head.map(() => " --- ").join("|")}|`);
      for (const row of b.table.rows) out.push(`| ${row.map(mdEscape).join(" | ")} |`);
      out.push("");
    }
  }
  return out.join("\n");
}

export function renderHtml(r: DailyReport): string {
  const e = escapeXml;
  const body: string[] = [];
  let first = true;
  for (const b of blocks(r)) {
    if ("h" in b) {
      body.push(first ? `<h1>${e(b.h)}</h1>` : `<h2>${e(b.h)}</h2>`);
      first = false;
    } else if ("p" in b) body.push(`<p>${e(b.p)}</p>`);
    else if ("list" in b) body.push(`<ul>${b.list.map((x) => `<li>${e(x)}</li>`).join("")}</ul>`);
    else
      body.push(
        `<table><thead><tr>${b.table.head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>${b.table.rows
          .map((row) => `<tr>${row.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`)
          .join("")}</tbody></table>`,
      );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(r.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}th{background:#eee}</style>
</head><body>
${body.join("\n")}
</body></html>
`;
}
