/** Export the incidents the filters select, as CSV (ACLED columns), GeoJSON or KML, in a release tier. */
import { useState } from "react";
import { type Role, roleAtLeast } from "../../../../src/monitor/incident";
import { saveBlob } from "../../download";
import { type ExportFormat, exportIncidents, type IncidentFilters, type ReleaseTier } from "../../incidentsApi";

const TIERS: Array<{ tier: ReleaseTier; label: string; analyst: boolean }> = [
  { tier: "public", label: "public (sources removed, places coarsened)", analyst: false },
  { tier: "parties", label: "parties (sources removed)", analyst: false },
  { tier: "internal", label: "internal (everything; analysts)", analyst: true },
];

export function ExportIncidents({ filters, role }: { filters: IncidentFilters; role: Role }) {
  const tiers = TIERS.filter((t) => !t.analyst || roleAtLeast(role, "analyst"));
  const [tier, setTier] = useState<ReleaseTier>("public");
  const [error, setError] = useState<string>();
  const save = async (format: ExportFormat) => {
    setError(undefined);
    try {
      const ext = format === "geojson" ? "geojson" : format;
      saveBlob(await exportIncidents(filters, format, tier), `incidents-${tier}.${ext}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <fieldset className="inline-form export-bar">
      <legend className="muted">Export incidents (current filters)</legend>
      <label>
        Release tier{" "}
        <select value={tier} onChange={(e) => setTier(e.target.value as ReleaseTier)} data-testid="export-tier">
          {tiers.map((t) => (
            <option key={t.tier} value={t.tier}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {(["csv", "geojson", "kml"] as const).map((f) => (
        <button key={f} type="button" onClick={() => void save(f)} data-testid={`export-incidents-${f}`}>
          {f === "csv" ? "CSV" : f === "geojson" ? "GeoJSON" : "KML"}
        </button>
      ))}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
