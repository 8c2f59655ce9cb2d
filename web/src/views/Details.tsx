/** Details of the feature clicked on the map, as a keyboard-reachable panel. */
import type { Selection } from "../map/MissionMap";

const HIDDEN = new Set(["layer", "colour", "sidc", "labelAt", "cluster", "cluster_id", "point_count_abbreviated"]);

export function Details({ selection, onClose }: { selection: Selection | undefined; onClose: () => void }) {
  if (!selection) return <p className="hint">Click a feature on the map for its details.</p>;
  const p = selection.properties;
  const title = String(p.name ?? p.id ?? (p.point_count ? `${p.point_count} incidents` : selection.layer));
  return (
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
              <dt>{k}</dt>
              <dd data-testid={`detail-${k}`}>
                {typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 3 }) : String(v)}
              </dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
