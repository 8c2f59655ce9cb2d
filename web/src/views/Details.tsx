/** Details of the feature clicked on the map, as a keyboard-reachable card over the map. */
import { fmt } from "../format";
import type { Selection } from "../map/MissionMap";

const HIDDEN = new Set(["layer", "colour", "sidc", "labelAt", "cluster", "cluster_id", "point_count_abbreviated"]);

/** camelCase keys read as words: `leadNation` → "lead nation". */
const label = (k: string): string => k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/** Shares and probabilities as percentages, other numbers rounded for reading. */
function value(k: string, v: unknown): string {
  if (typeof v !== "number") return String(v);
  if (/share|coverage|probability/i.test(k) && v >= 0 && v <= 1) return `${fmt(v * 100, v < 0.1 ? 1 : 0)}%`;
  return fmt(v);
}

export function Details({ selection, onClose }: { selection: Selection | undefined; onClose: () => void }) {
  // The hint stays in the flow either way, so opening the card (which floats) never moves the map.
  const hint = <p className="hint">Click a feature on the map for its details.</p>;
  if (!selection) return hint;
  const p = selection.properties;
  const title = String(p.name ?? p.id ?? (p.point_count ? `${p.point_count} incidents` : selection.layer));
  return (
    <>
      {hint}
      <section className="details" aria-live="polite" aria-label="Selected feature" data-testid="details">
        <header>
          <h3>{title}</h3>
          <button type="button" onClick={onClose} aria-label="Close details">
            ×
          </button>
        </header>
        <dl>
          {Object.entries(p)
            .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && v !== "")
            .map(([k, v]) => (
              <div key={k}>
                <dt>{label(k)}</dt>
                <dd data-testid={`detail-${k}`}>{value(k, v)}</dd>
              </div>
            ))}
        </dl>
      </section>
    </>
  );
}
