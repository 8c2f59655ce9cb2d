/** A verification status as a badge: solid for verified, dashed and marked for anything unconfirmed. */
import { STATUS_STYLE } from "../../palette";

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
