/** Incidents per day in the busiest sectors (for the current filters), as a chart with its data table. */
import { useEffect, useState } from "react";
import { LineChart } from "../../charts/Chart";
import { type IncidentFilters, sectorDayStats } from "../../incidentsApi";

const MS_PER_DAY = 86_400_000;
const MAX_SERIES = 6;

export function SectorTrends({ filters, version }: { filters: IncidentFilters; version: unknown }) {
  const [stats, setStats] = useState<Awaited<ReturnType<typeof sectorDayStats>>>([]);
  const [error, setError] = useState<string>();
  // `version` changes whenever the incident list reloads, so the chart follows every report and verification.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the refresh trigger
  useEffect(() => {
    let live = true;
    sectorDayStats(filters)
      .then((s) => {
        if (!live) return;
        setStats(s);
        setError(undefined);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [filters, version]);
  if (error)
    return (
      <p role="alert" className="error">
        Trends: {error}
      </p>
    );
  const bySector = new Map<string, Map<number, number>>();
  for (const r of stats) {
    const key = `${r.zoneId ?? "outside"} ${r.sectorId ?? "–"}`;
    const days = bySector.get(key) ?? new Map<number, number>();
    const d = Date.parse(`${r.day}T00:00:00Z`) / MS_PER_DAY;
    days.set(d, (days.get(d) ?? 0) + r.count);
    bySector.set(key, days);
  }
  if (bySector.size === 0) return null;
  const all = [...bySector.values()].flatMap((m) => [...m.keys()]);
  const first = Math.min(...all);
  const last = Math.max(...all);
  const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const top = [...bySector.entries()].sort((a, b) => total(b[1]) - total(a[1])).slice(0, MAX_SERIES);
  return (
    <section aria-labelledby="trends-h">
      <h3 id="trends-h">Trends by sector</h3>
      <LineChart
        testId="sector-trends"
        spec={{
          title: "Incidents per day by sector",
          description: `Incidents per UTC day in the ${top.length} busiest sectors for the current filters; disproved reports and merged duplicates are left out.`,
          xLabel: "Day (UTC)",
          yLabel: "Incidents",
          xFormat: (n) => new Date(Math.round(n) * MS_PER_DAY).toISOString().slice(0, 10),
          yFormat: (n) => String(Math.round(n)),
          series: top.map(([name, days]) => ({
            name,
            dots: first === last,
            // Every day of the window, zeros included, so a quiet day reads as quiet.
            points: Array.from({ length: last - first + 1 }, (_, i) => ({ x: first + i, y: days.get(first + i) ?? 0 })),
          })),
        }}
      />
    </section>
  );
}
