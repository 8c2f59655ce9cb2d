/**
 * Compute a zone on a worker thread, so a server's event loop stays free while a long
 * or adversarial line is buffered (issue 18: a 30 KB zigzag upload once blocked
 * /api/health for 48 s). The worker is terminated when the time limit passes or the
 * caller aborts, so a runaway buffer cannot keep a core or its memory.
 */
import { TruceInputError } from "../errors/index.js";
import { startWorker } from "../util/worker.js";
import type { Zone } from "./types.js";
import type { ZoneInput } from "./zone.js";

/** Default time limit for one zone, ms: the bundled scenarios take well under a second. */
export const ZONE_TIME_LIMIT_MS = 30_000;

export interface ZoneWorkerOptions {
  /** Abort to terminate the worker; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Terminate the worker and reject with a TruceInputError after this long, ms (default ZONE_TIME_LIMIT_MS). */
  timeLimitMs?: number;
  /** Called on the calling thread as work completes: fraction done (0-1) and what is being built. */
  onProgress?: (fraction: number, stage: string) => void;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("the zone computation was cancelled", "AbortError");
}

/**
 * Same as computeZone, on a worker thread.
 * @example const zone = await computeZoneInWorker(scenario, { timeLimitMs: 10_000, signal: controller.signal });
 */
export function computeZoneInWorker(scenario: ZoneInput, options: ZoneWorkerOptions = {}): Promise<Zone> {
  const { signal, onProgress } = options;
  const timeLimitMs = options.timeLimitMs ?? ZONE_TIME_LIMIT_MS;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  // Only the fields the zone reads, as plain data, cross the thread boundary.
  const plain: ZoneInput = { contactLine: scenario.contactLine, zone: scenario.zone };
  return new Promise<Zone>((resolve, reject) => {
    const worker = startWorker(import.meta.url, "worker", { scenario: plain });
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      settle();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(abortReason(signal as AbortSignal)));
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      const seconds = Math.round(timeLimitMs / 100) / 10;
      finish(() =>
        reject(
          new TruceInputError({
            path: "contactLine",
            problem: `the zone took longer than ${seconds} s to compute, so it was stopped.`,
            fix: "Simplify the line: fewer vertices (one every few hundred metres is plenty for a zone), and no stretches that fold back and forth on themselves.",
          }),
        ),
      );
    }, timeLimitMs);
    worker.on("message", (msg: { type: string; [k: string]: unknown }) => {
      if (msg.type === "progress") onProgress?.(msg.fraction as number, msg.stage as string);
      else if (msg.type === "result") finish(() => resolve(msg.zone as Zone));
      else if (msg.type === "input-error")
        finish(() => reject(new TruceInputError(msg.detail as ConstructorParameters<typeof TruceInputError>[0])));
      else if (msg.type === "error") finish(() => reject(new Error(String(msg.message))));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`zone worker exited with code ${code}`))));
  });
}
