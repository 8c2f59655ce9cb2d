/**
 * Incident filters: UTC time window, event type, zone, sector and status. The sectors offered are every
 * sector of the zone (from the monitor), never only those in the current results.
 */
import { EVENT_TYPES } from "../../../../src/monitor/taxonomy";
import type { IncidentFilters } from "../../incidentsApi";
import { STATUS_STYLE } from "../../palette";

export function Filters({
  filters,
  setFilters,
  zones,
  scenarioId,
}: {
  filters: IncidentFilters;
  setFilters: (f: (old: IncidentFilters) => IncidentFilters) => void;
  zones: Array<{ id: string; sectors: string[] }>;
  /** The selected scenario: its zone's sectors are offered when no zone is filtered. */
  scenarioId?: string;
}) {
  const zoneId = filters.zone ?? zones.find((z) => z.id === scenarioId)?.id;
  const sectors = zoneId
    ? (zones.find((z) => z.id === zoneId)?.sectors ?? [])
    : [...new Set(zones.flatMap((z) => z.sectors))].sort();
  return (
    <fieldset className="filters">
      <legend>Filters</legend>
      <label>
        From (UTC){" "}
        <input
          type="datetime-local"
          value={filters.from ?? ""}
          onChange={(e) => setFilters((f) => ({ ...f, from: e.target.value || undefined }))}
        />
      </label>
      <label>
        To (UTC){" "}
        <input
          type="datetime-local"
          value={filters.to ?? ""}
          onChange={(e) => setFilters((f) => ({ ...f, to: e.target.value || undefined }))}
        />
      </label>
      <label>
        Type
        <select
          value={filters.eventType ?? ""}
          onChange={(e) => setFilters((f) => ({ ...f, eventType: e.target.value || undefined }))}
        >
          <option value="">any</option>
          {EVENT_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Zone
        <select
          value={filters.zone ?? ""}
          onChange={(e) => setFilters((f) => ({ ...f, zone: e.target.value || undefined, sector: undefined }))}
          data-testid="filter-zone"
        >
          <option value="">any</option>
          {zones.map((z) => (
            <option key={z.id}>{z.id}</option>
          ))}
        </select>
      </label>
      <label>
        Sector
        <select
          value={filters.sector ?? ""}
          // A sector id names a stretch of one zone's line: choosing it also fixes the zone it was listed for.
          onChange={(e) =>
            setFilters((f) => ({
              ...f,
              sector: e.target.value || undefined,
              zone: e.target.value ? (f.zone ?? zoneId) : f.zone,
            }))
          }
          data-testid="filter-sector"
        >
          <option value="">any</option>
          {sectors.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          value={filters.status ?? ""}
          onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value || undefined }))}
          data-testid="filter-status"
        >
          <option value="">any</option>
          {Object.entries(STATUS_STYLE).map(([k, v]) => (
            <option key={k} value={k}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
