/** Export what the map shows: the zone as GeoJSON or KML, the plan as JSON, the map as a PNG. */
import { useState } from "react";
import type { ZoneFeatureCollection } from "../../../src/geo/geojson";
import { featureCollectionToKml } from "../../../src/geo/kml";
import { api, type Geo } from "../api";
import { saveBlob, saveText } from "../download";

export function ExportBar({ scenarioId, plan }: { scenarioId?: string; plan?: unknown }) {
  const [error, setError] = useState<string>();
  if (!scenarioId) return null;
  const zone = async (format: "geojson" | "kml") => {
    setError(undefined);
    try {
      const fc = await api<Geo>(`/api/plan/scenarios/${encodeURIComponent(scenarioId)}/zone`);
      if (format === "geojson") saveText(JSON.stringify(fc), `zone-${scenarioId}.geojson`, "application/geo+json");
      else
        saveText(
          featureCollectionToKml({ ...fc, name: scenarioId } as unknown as ZoneFeatureCollection),
          `zone-${scenarioId}.kml`,
          "application/vnd.google-earth.kml+xml",
        );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const png = () => {
    const canvas = window.__truce?.map?.getCanvas();
    if (!canvas) return setError("The map is not ready yet.");
    canvas.toBlob((b) => (b ? saveBlob(b, `map-${scenarioId}.png`) : setError("The map could not be drawn.")));
  };
  return (
    <fieldset className="export-bar">
      <legend className="muted">Export</legend>
      <button type="button" className="link" onClick={() => void zone("geojson")} data-testid="export-zone-geojson">
        Zone GeoJSON
      </button>
      <button type="button" className="link" onClick={() => void zone("kml")} data-testid="export-zone-kml">
        Zone KML
      </button>
      <button
        type="button"
        className="link"
        disabled={!plan}
        onClick={() => saveText(JSON.stringify(plan, null, 1), `plan-${scenarioId}.json`, "application/json")}
        data-testid="export-plan-json"
      >
        Plan JSON
      </button>
      <button type="button" className="link" onClick={png} data-testid="export-map-png">
        Map PNG
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
