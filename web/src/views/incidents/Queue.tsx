/**
 * The verification queue: reported and corroborated incidents with the moves the monitor's state
 * machine allows for this token's role (the server's own `checkTransition`), so a reporter never
 * sees "Disprove".
 */
import { useState } from "react";
import { checkTransition, type Role, TRANSITIONS } from "../../../../src/monitor/incident";
import type { Status } from "../../../../src/monitor/taxonomy";
import { changeStatus, type IncidentRow } from "../../incidentsApi";
import { StatusBadge } from "./StatusBadge";
import { utcShort } from "./time";

const VERB: Record<Status, string> = {
  corroborated: "Corroborate",
  verified: "Verify",
  disproved: "Disprove",
  reported: "Reopen",
};

/** The statuses `role` may move an incident to from `from`. */
export function allowedMoves(from: Status, role: Role): Status[] {
  return TRANSITIONS[from].filter((to) => {
    try {
      checkTransition(from, to, { name: "", role });
      return true;
    } catch {
      return false;
    }
  });
}

export function Queue({ rows, role, onChanged }: { rows: IncidentRow[]; role: Role; onChanged: () => void }) {
  const pending = rows.filter((r) => (r.status === "reported" || r.status === "corroborated") && !r.mergedInto);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  return (
    <section aria-labelledby="queue-h">
      <h3 id="queue-h">Verification queue ({pending.length})</h3>
      {role === "viewer" && (
        <p className="muted">A viewer token can read the queue; reporters corroborate, analysts verify.</p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="queue-error">
          {error}
        </p>
      )}
      {pending.length === 0 && <p className="muted">Nothing waits for verification.</p>}
      <ul className="queue">
        {pending.map((r) => {
          const moves = allowedMoves(r.status, role);
          return (
            <li key={r.id} data-testid={`queue-${r.id}`}>
              <StatusBadge status={r.status} /> {r.subEventType} · {utcShort(r.occurredAt)} · grade {r.sourceGrade}
              {moves.length > 0 && (
                <label>
                  Reason{" "}
                  <input
                    value={reason[r.id] ?? ""}
                    onChange={(e) => setReason((x) => ({ ...x, [r.id]: e.target.value }))}
                    placeholder="why (kept in the audit trail)"
                    data-testid={`reason-${r.id}`}
                  />
                </label>
              )}
              {moves.map((to) => (
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
                  {VERB[to]}
                </button>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
