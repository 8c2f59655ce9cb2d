/** The incident table, in step with the map: selecting a row highlights the incident there. */
import { useEffect, useRef } from "react";
import type { IncidentRow } from "../../incidentsApi";
import { STATUS_STYLE } from "../../palette";
import { StatusBadge } from "./StatusBadge";
import { utcShort } from "./time";

export function IncidentTable({
  rows,
  more,
  highlight,
  onHighlight,
}: {
  rows: IncidentRow[];
  /** More incidents match the filters than the list holds. */
  more: boolean;
  highlight?: string;
  onHighlight: (id?: string) => void;
}) {
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  useEffect(() => {
    if (highlight) rowRefs.current.get(highlight)?.scrollIntoView({ block: "nearest" });
  }, [highlight]);
  return (
    <div className="scroll tall">
      <table className="data incidents" data-testid="incident-table">
        <caption>
          {more
            ? `${rows.length} newest shown; more match the filters (narrow them to see the rest)`
            : `${rows.length} incidents`}{" "}
          — select a row to find it on the map
        </caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
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
              <td>{utcShort(r.occurredAt)}</td>
              <td>{r.subEventType}</td>
              <td>
                {r.derived?.sectorId ? `${r.derived.zoneId ? `${r.derived.zoneId} ` : ""}${r.derived.sectorId}` : "–"}
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>{r.sourceGrade}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
