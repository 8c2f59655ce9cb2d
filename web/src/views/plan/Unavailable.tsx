/** A stage that did not run: its error, or why it does not apply. */
import type { Stage } from "../../../../src/report/types";

export function Unavailable({ stage, name }: { stage: Stage<unknown>; name: string }) {
  if (stage.status === "ok") return null;
  return (
    <p className={stage.status === "error" ? "error" : "note"} role={stage.status === "error" ? "alert" : undefined}>
      {name}: {stage.status === "error" ? stage.message : `not available — ${stage.reason}`}
    </p>
  );
}
