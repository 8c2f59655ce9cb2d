/**
 * A long-running server job (a simulation or a sweep): start it, follow its
 * progress over Server-Sent Events, cancel it. The work runs in the server's
 * worker threads, so the page stays responsive.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api, withToken } from "../api";

export interface JobState<T> {
  status: "idle" | "running" | "done" | "cancelled" | "error";
  done: number;
  total: number;
  message?: string;
  result?: T;
  jobId?: string;
}

export function useJob<T>() {
  const [state, setState] = useState<JobState<T>>({ status: "idle", done: 0, total: 0 });
  const source = useRef<EventSource | null>(null);

  const close = useCallback(() => {
    source.current?.close();
    source.current = null;
  }, []);
  useEffect(() => close, [close]);

  const start = useCallback(
    async (path: string, body: unknown) => {
      close();
      setState({ status: "running", done: 0, total: 0 });
      let jobId: string;
      try {
        jobId = (await api<{ job: { id: string } }>(path, { method: "POST", json: body })).job.id;
      } catch (e) {
        setState({ status: "error", done: 0, total: 0, message: (e as Error).message });
        return;
      }
      setState((s) => ({ ...s, jobId }));
      const es = new EventSource(withToken(`/api/plan/jobs/${jobId}/events`));
      source.current = es;
      es.addEventListener("progress", (ev) => {
        const p = JSON.parse((ev as MessageEvent).data) as { done: number; total: number; message?: string };
        setState((s) => (s.status === "running" ? { ...s, done: p.done, total: p.total, message: p.message } : s));
      });
      es.addEventListener("result", (ev) => {
        const r = JSON.parse((ev as MessageEvent).data) as T;
        setState((s) => ({ ...s, status: "done", result: r, done: s.total || s.done }));
        close();
      });
      es.addEventListener("failed", (ev) => {
        const r = JSON.parse((ev as MessageEvent).data) as { message: string };
        setState((s) => ({ ...s, status: "error", message: r.message }));
        close();
      });
      es.addEventListener("cancelled", () => {
        setState((s) => ({ ...s, status: "cancelled", message: "Cancelled." }));
        close();
      });
      es.onerror = () => {
        // EventSource reconnects by itself; the server replays the job's state on reconnect.
      };
    },
    [close],
  );

  const cancel = useCallback(async () => {
    const id = state.jobId;
    if (!id) return;
    try {
      await api(`/api/plan/jobs/${id}`, { method: "DELETE" });
    } catch (e) {
      setState((s) => ({ ...s, message: (e as Error).message }));
    }
  }, [state.jobId]);

  return { state, start, cancel };
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total > 0 ? Math.round((100 * done) / total) : 0;
  return (
    <div className="progress">
      <progress max={total || 1} value={done} aria-label={label} />
      <span aria-live="polite">
        {label}: {total > 0 ? `${done} of ${total} (${pct}%)` : "starting…"}
      </span>
    </div>
  );
}

/**
 * A job's progress while it runs (labelled with the server's message when it sends one), and its
 * error or cancellation message once it stops: the same for every job panel.
 */
export function JobStatus<T>({
  state,
  label,
  messageTestId,
}: {
  state: JobState<T>;
  label: string;
  messageTestId?: string;
}) {
  if (state.status === "running")
    return (
      <ProgressBar done={state.done} total={state.total} label={state.message ? `${label}: ${state.message}` : label} />
    );
  if (state.status !== "error" && state.status !== "cancelled") return null;
  return (
    <p
      role={state.status === "error" ? "alert" : "status"}
      className={state.status === "error" ? "error" : "note"}
      data-testid={messageTestId}
    >
      {state.message}
    </p>
  );
}
