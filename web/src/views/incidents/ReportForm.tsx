/**
 * The report form, field-grade: type, place, UTC time (with its DTG), source and grade, and for a
 * ceasefire violation its kind, weapon class, explosions and bursts/shots, and casualties as
 * best/low/high. The zone is the selected scenario's, so the report lands in the right sector.
 */
import { useEffect, useRef, useState } from "react";
import {
  ACLED_TAXONOMY,
  CASUALTY_GROUPS,
  CASUALTY_OUTCOMES,
  type EventType,
  SOURCE_TYPES,
  VIOLATION_KINDS,
  WEAPON_CLASS_IDS,
  WEAPON_CLASSES,
  type WeaponClass,
} from "../../../../src/monitor/taxonomy";
import { type IncidentRow, reportIncident } from "../../incidentsApi";
import { NumberField } from "../../NumberField";
import { dtg, utcInputValue } from "./time";

const KIND_LABELS: Record<(typeof VIOLATION_KINDS)[number], string> = {
  fire: "Fire (explosions, bursts, shots)",
  weapon_in_withdrawal_zone: "Weapon inside its withdrawal line",
  freedom_of_movement_denial: "Freedom of movement denied",
  new_fortification: "New fortification",
  jamming: "Jamming (GPS / UAV)",
};

interface CasualtyRow {
  group: (typeof CASUALTY_GROUPS)[number];
  outcome: (typeof CASUALTY_OUTCOMES)[number];
  best: number;
  low: number;
  high: number;
}

/** Optional counts: an empty box is "not recorded", not zero. */
function CountField(props: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <label>
      {props.label}{" "}
      <input
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
}

const count = (s: string): number | undefined => (s.trim() === "" ? undefined : Math.max(0, Math.round(+s)));

export function ReportForm({
  onReported,
  defaultCentre,
  zone,
  zoneName,
}: {
  onReported: (r: IncidentRow) => void;
  defaultCentre?: [number, number];
  /** Scenario id whose zone the report belongs to (the monitor derives sector and side from it). */
  zone?: string;
  zoneName?: string;
}) {
  const [eventType, setEventType] = useState<EventType>("Explosions/Remote violence");
  const [sub, setSub] = useState<string>("Shelling/artillery/missile attack");
  const [lon, setLon] = useState(defaultCentre?.[0] ?? 37.8);
  const [lat, setLat] = useState(defaultCentre?.[1] ?? 48.0);
  const [when, setWhen] = useState(() => utcInputValue(new Date(Date.now() - 10 * 60_000)));
  const [source, setSource] = useState("patrol");
  const [grade, setGrade] = useState("B2");
  const [description, setDescription] = useState("");
  const [kind, setKind] = useState<"" | (typeof VIOLATION_KINDS)[number]>("");
  const [weapon, setWeapon] = useState<WeaponClass>("unknown");
  const [explosions, setExplosions] = useState("");
  const [bursts, setBursts] = useState("");
  const [weaponCount, setWeaponCount] = useState("");
  const [casualties, setCasualties] = useState<CasualtyRow[]>([]);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());
  useEffect(() => {
    if (defaultCentre) {
      setLon(+defaultCentre[0].toFixed(4));
      setLat(+defaultCentre[1].toFixed(4));
    }
  }, [defaultCentre]);
  const occurred = new Date(`${when}:00Z`);
  const setCas = (i: number, patch: Partial<CasualtyRow>) =>
    setCasualties((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <form
      className="incident-form"
      aria-labelledby="report-h"
      data-testid="report-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        setDone(undefined);
        try {
          const r = await reportIncident({
            idempotencyKey: key.current,
            occurredAt: occurred.toISOString(),
            lon,
            lat,
            eventType,
            subEventType: sub,
            sources: [{ type: source, grade }],
            description,
            ...(zone ? { scenario: zone } : {}),
            ...(kind
              ? {
                  violation: {
                    kind,
                    weaponClass: weapon,
                    ...(count(explosions) !== undefined ? { explosions: count(explosions) } : {}),
                    ...(count(bursts) !== undefined ? { bursts: count(bursts) } : {}),
                    ...(count(weaponCount) !== undefined ? { weaponCount: count(weaponCount) } : {}),
                  },
                }
              : {}),
            casualties: casualties.map((c) => ({
              group: c.group,
              outcome: c.outcome,
              best: c.best,
              low: Math.min(c.low, c.best),
              high: Math.max(c.high, c.best),
            })),
          });
          key.current = crypto.randomUUID();
          setDescription("");
          setCasualties([]);
          setDone(`Reported: ${r.subEventType}${r.derived?.sectorId ? ` in ${r.derived.sectorId}` : ""}.`);
          onReported(r);
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id="report-h">Report an incident</h3>
      <p className="wide muted" data-testid="report-zone">
        Zone: {zone ? (zoneName ?? zone) : "the nearest zone (pick a scenario to choose it)"}
      </p>
      <label>
        Type
        <select
          value={eventType}
          onChange={(e) => {
            const t = e.target.value as EventType;
            setEventType(t);
            setSub(ACLED_TAXONOMY[t][0]);
          }}
          data-testid="report-type"
        >
          {Object.keys(ACLED_TAXONOMY).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Sub-type
        <select value={sub} onChange={(e) => setSub(e.target.value)} data-testid="report-subtype">
          {ACLED_TAXONOMY[eventType].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <NumberField label="Longitude" value={lon} onChange={setLon} step="0.0001" required testId="report-lon" />
      <NumberField label="Latitude" value={lat} onChange={setLat} step="0.0001" required testId="report-lat" />
      <label>
        Occurred at (UTC){" "}
        <input
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          required
          data-testid="report-when"
        />
        <span className="muted" data-testid="report-dtg">
          {Number.isNaN(occurred.getTime()) ? "" : `DTG ${dtg(occurred)}`}
        </span>
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
      <label>
        Violation
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
          data-testid="report-violation-kind"
        >
          <option value="">none (not a ceasefire violation)</option>
          {VIOLATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {kind && (
        <>
          <label>
            Weapon class
            <select
              value={weapon}
              onChange={(e) => setWeapon(e.target.value as WeaponClass)}
              data-testid="report-weapon"
            >
              {WEAPON_CLASS_IDS.map((w) => (
                <option key={w} value={w}>
                  {WEAPON_CLASSES[w].label}
                </option>
              ))}
            </select>
          </label>
          <CountField label="Explosions" value={explosions} onChange={setExplosions} testId="report-explosions" />
          <CountField label="Bursts and shots" value={bursts} onChange={setBursts} testId="report-bursts" />
          {kind === "weapon_in_withdrawal_zone" && (
            <CountField label="Weapons seen" value={weaponCount} onChange={setWeaponCount} testId="report-weapons" />
          )}
        </>
      )}
      <fieldset className="wide casualties">
        <legend>Casualties</legend>
        {casualties.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
          <div key={i} className="casualty" data-testid={`casualty-${i}`}>
            <select
              aria-label="Group"
              value={c.group}
              onChange={(e) => setCas(i, { group: e.target.value as CasualtyRow["group"] })}
            >
              {CASUALTY_GROUPS.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </select>
            <select
              aria-label="Outcome"
              value={c.outcome}
              onChange={(e) => setCas(i, { outcome: e.target.value as CasualtyRow["outcome"] })}
            >
              {CASUALTY_OUTCOMES.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
            <NumberField
              label="Best"
              value={c.best}
              min={0}
              onChange={(v) => setCas(i, { best: v })}
              testId={`casualty-${i}-best`}
            />
            <NumberField
              label="Low"
              value={c.low}
              min={0}
              onChange={(v) => setCas(i, { low: v })}
              testId={`casualty-${i}-low`}
            />
            <NumberField
              label="High"
              value={c.high}
              min={0}
              onChange={(v) => setCas(i, { high: v })}
              testId={`casualty-${i}-high`}
            />
            <button type="button" onClick={() => setCasualties((cs) => cs.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setCasualties((cs) => [...cs, { group: "civilian", outcome: "injured", best: 1, low: 1, high: 1 }])
          }
          data-testid="casualty-add"
        >
          Add casualties
        </button>
      </fieldset>
      <label className="wide">
        What was seen or heard
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={2}
          data-testid="report-description"
        />
      </label>
      <p className="hint wide">Tip: tap the map to set the location.</p>
      <button type="submit" disabled={busy} data-testid="report-submit">
        Submit report
      </button>
      {done && (
        <p role="status" className="wide" data-testid="report-done">
          {done}
        </p>
      )}
      {error && (
        <p role="alert" className="error wide" data-testid="report-error">
          {error}
        </p>
      )}
    </form>
  );
}
