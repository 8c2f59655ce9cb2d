/** Daily schedules as CSV and as GeoJSON routes (pure: strings and objects, no files). */
import type { PatrolPlan } from "./plan.js";
import { scheduleRows } from "./plan.js";
import { scheduleGeometry } from "./targets.js";

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per team per shift: day, shift, sector, team, kind, schedule, targets (';'-separated), coverage. */
export function scheduleCsv(plan: PatrolPlan): string {
  const header = ["day", "shift", "sector", "team", "kind", "schedule", "targets"];
  const lines = [header.join(",")];
  for (const r of scheduleRows(plan)) {
    lines.push([r.day, r.shift, r.sector, r.team, r.kind, r.schedule, r.targets.join(";")].map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** A FeatureCollection: a LineString per route and a Point per guarded site, per team per shift. */
export function scheduleGeoJson(plan: PatrolPlan) {
  const features = [];
  for (const a of plan.assignments ?? []) {
    if (a.schedule < 0) continue;
    const pool = plan.game.pools[a.pool];
    const s = pool.schedules[a.schedule];
    features.push({
      type: "Feature" as const,
      geometry: scheduleGeometry(plan.targets, s),
      properties: {
        day: a.day,
        shift: a.shift,
        sector: pool.id,
        team: a.team,
        schedule: pool.scheduleIds?.[a.schedule] ?? `${pool.id}#${a.schedule}`,
        targets: s.map((t) => plan.targets[t].id).join(";"),
        names: s.map((t) => plan.targets[t].name).join("; "),
      },
    });
  }
  return { type: "FeatureCollection" as const, features };
}
