/**
 * Incident view (operations): the token and its role, the report form (first, for the field), a
 * live feed over Server-Sent Events, filters, a table in step with the map, the verification queue
 * and the daily report. Unverified incidents never look like verified ones: hollow rings on the map,
 * a marked badge and row style in tables. One file per panel in incidents/.
 */
import { useCallback, useEffect, useState } from "react";
import { type Geo, getToken } from "../api";
import { type IncidentFilters, type IncidentRow, listIncidents, streamUrl } from "../incidentsApi";
import { DailyReport } from "./incidents/DailyReport";
import { ExportIncidents } from "./incidents/ExportIncidents";
import { Filters } from "./incidents/Filters";
import { IncidentTable } from "./incidents/IncidentTable";
import { Queue } from "./incidents/Queue";
import { ReportForm } from "./incidents/ReportForm";
import { SectorTrends } from "./incidents/SectorTrends";
import { TokenForm } from "./incidents/TokenForm";
import { toGeo } from "./incidents/toGeo";
import { useSession } from "./incidents/useSession";

export function IncidentView({
  scenarioId,
  scenarioName,
  onGeo,
  highlight,
  onHighlight,
  pickedLocation,
}: {
  scenarioId?: string;
  scenarioName?: string;
  onGeo: (g: Geo) => void;
  highlight?: string;
  onHighlight: (id?: string) => void;
  /** The last point clicked on the map: the report form's location. */
  pickedLocation?: [number, number];
}) {
  const [activeToken, setActiveToken] = useState(getToken());
  const session = useSession(activeToken);
  const [filters, setFilters] = useState<IncidentFilters>({});
  const [rows, setRows] = useState<IncidentRow[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [live, setLive] = useState<"connecting" | "live" | "off">("off");
  const [feed, setFeed] = useState<string[]>([]);
  const ok = session.status === "ok";

  const checking = session.status === "checking";
  const refresh = useCallback(async () => {
    if (checking) return; // keep the rows on screen while a new token is checked
    if (!ok) {
      setRows([]);
      return;
    }
    try {
      const r = await listIncidents(filters);
      setRows(r.rows);
      setMore(r.more);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [filters, ok, checking]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onGeo(toGeo(rows)), [rows, onGeo]);
  useEffect(() => () => onGeo({ type: "FeatureCollection", features: [] }), [onGeo]);

  // Live feed, only for a token the server accepted: any incident event refreshes the list (filters stay).
  useEffect(() => {
    if (!ok) return;
    setLive("connecting");
    const es = new EventSource(streamUrl(activeToken));
    es.onopen = () => setLive("live");
    es.onerror = () => setLive("connecting");
    const onEvent = (ev: MessageEvent) => {
      try {
        const d = JSON.parse(ev.data) as { incident?: IncidentRow } & Partial<IncidentRow>;
        const inc = d.incident ?? d;
        setFeed((f) =>
          [
            `${new Date().toISOString().slice(11, 19)}Z ${ev.type}: ${inc.subEventType ?? ""} ${inc.status ?? ""}`,
            ...f,
          ].slice(0, 20),
        );
      } catch {
        // keep the feed going on a malformed event
      }
      void refresh();
    };
    for (const t of ["incident", "created", "updated", "status", "merged", "message"])
      es.addEventListener(t, onEvent as EventListener);
    return () => {
      es.close();
      setLive("off");
    };
  }, [activeToken, ok, refresh]);

  const message =
    session.status === "none"
      ? "Enter an API token (viewer or above) to see incidents; reporters can report, analysts verify."
      : session.status === "rejected"
        ? `The server rejected this API token: ${session.message}. Paste a valid token and press "Use token".`
        : session.status === "error"
          ? `Could not check the token: ${session.message}`
          : error;
  const canReport = ok && session.role !== "viewer";

  return (
    <div className="view incident-view" data-testid="incident-view">
      <h2>Incidents</h2>
      <TokenForm session={session} live={live} onToken={setActiveToken} />
      {message && (
        <p role="alert" className="error" data-testid="incident-error">
          {message}
        </p>
      )}
      {canReport && (
        <ReportForm
          onReported={() => void refresh()}
          defaultCentre={pickedLocation}
          zone={scenarioId}
          zoneName={scenarioName}
        />
      )}
      {ok && (
        <>
          <Filters filters={filters} setFilters={setFilters} zones={session.zones} scenarioId={scenarioId} />
          <ExportIncidents filters={filters} role={session.role} />
          <IncidentTable rows={rows} more={more} highlight={highlight} onHighlight={onHighlight} />
          <Queue rows={rows} role={session.role} onChanged={() => void refresh()} />
          <SectorTrends filters={filters} version={rows} />
        </>
      )}
      {feed.length > 0 && (
        <section aria-labelledby="feed-h">
          <h3 id="feed-h">Live feed</h3>
          <ol className="feed" aria-live="polite">
            {feed.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only log
              <li key={i}>{f}</li>
            ))}
          </ol>
        </section>
      )}
      {ok && <DailyReport zone={scenarioId} />}
    </div>
  );
}
