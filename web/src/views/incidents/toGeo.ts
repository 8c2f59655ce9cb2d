/** Incidents as GeoJSON points for the map (merged duplicates left out). */
import type { Geo } from "../../api";
import type { IncidentRow } from "../../incidentsApi";
import { STATUS_STYLE } from "../../palette";

export function toGeo(rows: IncidentRow[]): Geo {
  return {
    type: "FeatureCollection",
    features: rows
      .filter((r) => !r.mergedInto)
      .map((r) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [r.lon, r.lat] },
        properties: {
          layer: "incident",
          id: r.id,
          name: `${r.subEventType} (${STATUS_STYLE[r.status]?.label ?? r.status})`,
          status: r.status,
          verified: r.status === "verified",
          colour: STATUS_STYLE[r.status]?.colour ?? "#999",
          eventType: r.eventType,
          occurredAt: r.occurredAt,
          sector: r.derived?.sectorId ?? null,
          sourceGrade: r.sourceGrade,
          description: r.description,
        },
      })),
  };
}
