/**
 * Unit symbols de-cluttered: one symbol a sector (its largest contingent's), labelled with how many
 * contingents stand there; clicking it lists them all. Up to three symbols a sector overlapped at any
 * zoom that shows the whole zone.
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { fmt } from "../format";

type FC = FeatureCollection<Geometry, Record<string, unknown>>;

export function declutterUnits(map: FC): FC {
  const bySector = new Map<string, Array<Feature<Geometry, Record<string, unknown>>>>();
  const rest: FC["features"] = [];
  for (const f of map.features) {
    if (f.properties?.layer !== "base") {
      rest.push(f);
      continue;
    }
    const k = String(f.properties.sector ?? "");
    bySector.set(k, [...(bySector.get(k) ?? []), f]);
  }
  if (bySector.size === 0) return map;
  const grouped: FC["features"] = [];
  for (const [sector, units] of bySector) {
    const ranked = [...units].sort((a, b) => Number(b.properties?.troops) - Number(a.properties?.troops));
    const top = ranked[0];
    const troops = ranked.reduce((n, u) => n + Number(u.properties?.troops ?? 0), 0);
    grouped.push({
      type: "Feature",
      // The middle symbol's place: the sector's stretch of line, away from its ends.
      geometry: ranked[Math.floor(ranked.length / 2)].geometry,
      properties: {
        layer: "base",
        id: `${sector}-units`,
        name: `Sector ${sector}: ${ranked.length} contingent${ranked.length === 1 ? "" : "s"}`,
        sector,
        planSector: top.properties?.planSector ?? null,
        troops,
        contingents: ranked.map((u) => `${u.properties?.name} (${fmt(Number(u.properties?.troops))})`).join("; "),
        count: ranked.length,
        sidc: top.properties?.sidc,
      },
    });
  }
  return { ...map, features: [...rest, ...grouped] };
}
