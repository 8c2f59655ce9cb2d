/**
 * Incident view (operations): a live feed over Server-Sent Events, filters, a
 * table in step with the map, a report form, the verification queue and the
 * daily report. Unverified incidents never look like verified ones: hollow
 * rings on the map, a marked badge and row style in tables.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type Geo, getToken, setToken } from "../api";
import {
  changeStatus,
  dailyReportHtml,
  type IncidentFilters,
  type IncidentRow,
  listIncidents,
  NEXT_STATUS,
  reportIncident,
  streamUrl,
} from "../incidentsApi";
import { NumberField } from "../NumberField";
import { STATUS_STYLE } from "../palette";

const EVENT_TYPES: Record<string, string[]> = {
  Battles: ["Armed clash"],
  "Explosions/Remote violence": [
    "Shelling/artillery/missile attack",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Grenade",
  ],
  "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": [
    "Looting/property destruction",
    "Headquarters or base established",
    "Disrupted weapons use",
    "Other",
  ],
};
const SOURCE_TYPES = ["patrol", "post", "drone", "monitor", "local", "media", "social"];

export function StatusBadge({ status }: { status: string }) {
  const st = STATUS_STYLE[status] ?? { label: status, colour: "#999", verified: false };
  return (
    <span
      className={`badge ${st.verified ? "verified" : "unverified"} status-${status}`}
      style={{ borderColor: st.colour }}
    >
      <span aria-hidden="true">{st.verified ? "●" : status === "disproved" ? "✕" : "○"}</span> {st.label}
    </span>
  );
}

function toGeo(rows: IncidentRow[]): Geo {
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

function ReportForm({
  onReported,
  defaultCentre,
}: {
  onReported: (r: IncidentRow) => void;
  defaultCentre?: [number, number];
}) {
  const [eventType, setEventType] = useState("Explosions/Remote violence");
  const [sub, setSub] = useState(EVENT_TYPES["Explosions/Remote violence"][0]);
  const [lon, setLon] = useState(defaultCentre?.[0] ?? 37.8);
  const [lat, setLat] = useState(defaultCentre?.[1] ?? 48.0);
  const [when, setWhen] = useState(() => new Date(Date.now() - 10 * 60_000).toISOString().slice(0, 16));
  const [source, setSource] = useState("patrol");
  const [grade, setGrade] = useState("B2");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());
  useEffect(() => {
    if (defaultCentre) {
      setLon(+defaultCentre[0].toFixed(4));
      setLat(+defaultCentre[1].toFixed(4));
    }
  }, [defaultCentre]);
  return (
    <form
      className="incident-form"
      aria-labelledby="report-h"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          const r = await reportIncident({
            idempotencyKey: key.current,
            occurredAt: new Date(when).toISOString(),
            lon,
            lat,
            eventType,
            subEventType: sub,
            sources: [{ type: source, grade }],
            description,
          });
          key.current = crypto.randomUUID();
          setDescription("");
          onReported(r);
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id="report-h">Report an incident</h3>
      <label>
        Type
        <select
          value={eventType}
          onChange={(e) => {
            setEventType(e.target.value);
            setSub(EVENT_TYPES[e.target.value][0]);
          }}
          data-testid="report-type"
        >
          {Object.keys(EVENT_TYPES).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Sub-type
        <select value={sub} onChange={(e) => setSub(e.target.value)} data-testid="report-subtype">
          {EVENT_TYPES[eventType].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <NumberField label="Longitude" value={lon} onChange={setLon} step="0.0001" required testId="report-lon" />
      <NumberField label="Latitude" value={lat} onChange={setLat} step="0.0001" required testId="report-lat" />
      <label>
        Occurred at (your time){" "}
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
      </label>
      <label>
        Source
        <select value={source} onChange={(e) => setSource(e.target.value)}>
          {SOURCE_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Grade (Admiralty){" "}
        <input
          value={grade}
          onChange={(e) => setGrade(e.target.value.toUpperCase())}
          pattern="[A-F][1-6]"
          size={3}
          title="Reliability A–F then credibility 1–6, e.g. B2"
        />
      </label>
      <label className="wide">
        What was seen or heard
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={2}
          data-testid="report-description"
        />
      </label>
      <p className="hint wide">Tip: click the map to set the location.</p>
      <button type="submit" disabled={busy} data-testid="report-submit">
        Submit report
      </button>
      {error && (
        <p role="alert" className="error wide" data-testid="report-error">
          {error}
        </p>
      )}
    </form>
  );
}

function Queue({ rows, onChanged }: { rows: IncidentRow[]; onChanged: () => void }) {
  const pending = rows.filter((r) => (r.status === "reported" || r.status === "corroborated") && !r.mergedInto);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  return (
    <section aria-labelledby="queue-h">
      <h3 id="queue-h">Verification queue ({pending.length})</h3>
      {error && (
        <p role="alert" className="error" data-testid="queue-error">
          {error}
        </p>
      )}
      {pending.length === 0 && <p className="muted">Nothing waits for verification.</p>}
      <ul className="queue">
        {pending.map((r) => (
          <li key={r.id} data-testid={`queue-${r.id}`}>
            <StatusBadge status={r.status} /> {r.subEventType} · {new Date(r.occurredAt).toLocaleString()} · grade{" "}
            {r.sourceGrade}
            <label>
              Reason{" "}
              <input
                value={reason[r.id] ?? ""}
                onChange={(e) => setReason((x) => ({ ...x, [r.id]: e.target.value }))}
                placeholder="why (kept in the audit trail)"
                data-testid={`reason-${r.id}`}
              />
            </label>
            {NEXT_STATUS[r.status].map((to) => (
              <button
                key={to}
                type="button"
                data-testid={`to-${to}-${r.id}`}
                onClick={async () => {
                  setError(undefined);
                  try {
                    await changeStatus(r.id, to, reason[r.id] || `Moved to ${to} in the planner`, r.rev);
                    onChanged();
                  } catch (e) {
                    setError((e as Error).message);
                  }
                }}
              >
                {to === "corroborated"
                  ? "Corroborate"
                  : to === "verified"
                    ? "Verify"
                    : to === "disproved"
                      ? "Disprove"
                      : "Reopen"}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DailyReport() {
  const [html, setHtml] = useState<string>();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string>();
  return (
    <section aria-labelledby="daily-h">
      <h3 id="daily-h">Daily report</h3>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            setHtml(await dailyReportHtml(date));
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <label>
          Day <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit" data-testid="daily-show">
          Show
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {html && <iframe title="Daily report" className="daily" sandbox="" srcDoc={html} data-testid="daily-report" />}
    </section>
  );
}

export function IncidentView({
  scenarioId,
  onGeo,
  highlight,
  onHighlight,
  pickedLocation,
}: {
  scenarioId?: string;
  onGeo: (g: Geo) => void;
  highlight?: string;
  onHighlight: (id?: string) => void;
  /** The last point clicked on the map: the report form's location. */
  pickedLocation?: [number, number];
}) {
  const [token, setTok] = useState(getToken());
  // The token in use (saved); `token` is what is being typed.
  const [activeToken, setActiveToken] = useState(getToken());
  const [filters, setFilters] = useState<IncidentFilters>({});
  const [rows, setRows] = useState<IncidentRow[]>([]);
  const [error, setError] = useState<string>();
  const [live, setLive] = useState<"connecting" | "live" | "off">("off");
  const [feed, setFeed] = useState<string[]>([]);

  const refresh = useCallback(async () => {
    if (!activeToken) {
      setRows([]);
      setError("Enter an API token (viewer or above) to see incidents; reporters can report, analysts verify.");
      return;
    }
    try {
      const r = await listIncidents(filters);
      setRows(r);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [filters, activeToken]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onGeo(toGeo(rows)), [rows, onGeo]);
  useEffect(() => () => onGeo({ type: "FeatureCollection", features: [] }), [onGeo]);

  // Live feed: any incident event refreshes the list (filters stay in force) and is logged.
  useEffect(() => {
    if (!activeToken) return;
    setLive("connecting");
    const es = new EventSource(streamUrl(activeToken));
    es.onopen = () => setLive("live");
    es.onerror = () => setLive("connecting");
    const onEvent = (ev: MessageEvent) => {
      try {
        const d = JSON.parse(ev.data) as {
          id?: string;
          status?: string;
          subEventType?: string;
          incident?: IncidentRow;
        };
        const inc = d.incident ?? (d as IncidentRow);
        setFeed((f) =>
          [`${new Date().toLocaleTimeString()} ${ev.type}: ${inc.subEventType ?? ""} ${inc.status ?? ""}`, ...f].slice(
            0,
            20,
          ),
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
  }, [activeToken, refresh]);

  const sectors = useMemo(
    () => [...new Set(rows.map((r) => r.derived?.sectorId).filter(Boolean))].sort() as string[],
    [rows],
  );
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  useEffect(() => {
    if (highlight) rowRefs.current.get(highlight)?.scrollIntoView({ block: "nearest" });
  }, [highlight]);

  return (
    <div className="view incident-view" data-testid="incident-view">
      <h2>Incidents</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setToken(token);
          setActiveToken(getToken());
        }}
      >
        <label>
          API token{" "}
          <input
            type="password"
            value={token}
            onChange={(e) => setTok(e.target.value)}
            autoComplete="off"
            data-testid="token-input"
            size={30}
          />
        </label>
        <button type="submit" data-testid="token-save">
          Use token
        </button>
        <span className={`live ${live}`} aria-live="polite" data-testid="live-status">
          Live feed: {live}
        </span>
      </form>
      {error && (
        <p role="alert" className="error" data-testid="incident-error">
          {error}
        </p>
      )}
      <fieldset className="filters">
        <legend>Filters</legend>
        <label>
          From{" "}
          <input
            type="datetime-local"
            value={filters.from ?? ""}
            onChange={(e) => setFilters((f) => ({ ...f, from: e.target.value || undefined }))}
          />
        </label>
        <label>
          To{" "}
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
            {Object.keys(EVENT_TYPES).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Sector
          <select
            value={filters.sector ?? ""}
            onChange={(e) => setFilters((f) => ({ ...f, sector: e.target.value || undefined }))}
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
      <div className="scroll tall">
        <table className="data incidents" data-testid="incident-table">
          <caption>
            {rows.length} incidents{scenarioId ? "" : ""} — select a row to find it on the map
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Type</th>
              <th scope="col">Sector</th>
              <th scope="col">Status</th>
              <th scope="col">Grade</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                ref={(el) => {
                  if (el) rowRefs.current.set(r.id, el);
                  else rowRefs.current.delete(r.id);
                }}
                className={`${STATUS_STYLE[r.status]?.verified ? "verified" : "unverified"} ${highlight === r.id ? "selected" : ""}`}
                aria-selected={highlight === r.id}
                tabIndex={0}
                onClick={() => onHighlight(r.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onHighlight(r.id);
                  }
                }}
                data-testid={`incident-row-${r.id}`}
                data-status={r.status}
              >
                <td>{new Date(r.occurredAt).toLocaleString()}</td>
                <td>{r.subEventType}</td>
                <td>{r.derived?.sectorId ?? "–"}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.sourceGrade}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReportForm onReported={() => void refresh()} defaultCentre={pickedLocation} />
      <Queue rows={rows} onChanged={() => void refresh()} />
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
      <DailyReport />
    </div>
  );
}
