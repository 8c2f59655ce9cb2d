/**
 * Synthetic ACLED-format CSV for the monitoring benchmarks (bench/monitor.ts, bench/health.ts):
 * shelling reports at seeded places and dates (mulberry32), one header row.
 */
import { mulberry32 } from "./mulberry32.js";

/** The synthetic incidents' dates: five years from 2020-01-01 (the stored incidents' too). */
export const T0 = Date.UTC(2020, 0, 1);
export const SPAN_MS = 5 * 365 * 86_400_000;

/** `n` rows; `place(r)` picks each row's [lon, lat] from the seeded uniform `r`. */
export function acledCsv(n: number, seed: number, place: (r: () => number) => [number, number]): string {
  const r = mulberry32(seed);
  const rows = [
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,latitude,longitude,geo_precision,source,notes,fatalities",
  ];
  for (let i = 0; i < n; i++) {
    const [lon, lat] = place(r);
    const d = new Date(T0 + Math.floor(r() * SPAN_MS)).toISOString().slice(0, 10);
    rows.push(
      `UKR${seed}${i},${d},${d.slice(0, 4)},1,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia,${lat.toFixed(4)},${lon.toFixed(4)},1,Local media,Shelling reported,0`,
    );
  }
  return rows.join("\n");
}
