/** Incidents per sector per UTC day, counted over released incidents (for readers below `internal`). */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { type Reader, releaseFor } from "../../monitor/release.js";
import type { Incident } from "../../monitor/schema.js";

const MS_PER_DAY = 86_400_000;

export interface SectorDay {
  zoneId: string | null;
  sectorId: string | null;
  day: string;
  count: number;
}

const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/**
 * The store's `statsPerSectorDay`, computed from the incidents a reader may see: what is withheld
 * from them (ownForces) is not counted either. Yields to the event loop every `batch` incidents.
 */
export async function releasedStatsPerSectorDay(
  incidents: AsyncIterable<Incident>,
  reader: Reader,
  batch = 1000,
): Promise<SectorDay[]> {
  const cells = new Map<string, SectorDay & { dayN: number }>();
  let n = 0;
  for await (const inc of incidents) {
    if (++n % batch === 0) await yieldToEventLoop();
    const r = releaseFor(inc, reader);
    if (!r) continue;
    const dayN = Math.floor(Date.parse(r.occurredAt) / MS_PER_DAY);
    const key = `${dayN}\u0000${r.derived.zoneId}\u0000${r.derived.sectorId}`;
    const c = cells.get(key);
    if (c) c.count++;
    else
      cells.set(key, {
        zoneId: r.derived.zoneId,
        sectorId: r.derived.sectorId,
        day: new Date(dayN * MS_PER_DAY).toISOString().slice(0, 10),
        dayN,
        count: 1,
      });
  }
  return [...cells.values()]
    .sort((a, b) => a.dayN - b.dayN || cmp(a.zoneId, b.zoneId) || cmp(a.sectorId, b.sectorId))
    .map(({ dayN: _d, ...c }) => c);
}
