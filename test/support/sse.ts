/** A real HTTP listener for an app under test, and a Server-Sent Events reader over fetch. */
import type { FastifyInstance } from "fastify";

/** Listen on a free loopback port; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  if (!addr || typeof addr === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${addr.port}`;
}

export interface SseEvent {
  event: string;
  data: string;
}

/** An open SSE stream: the events so far, and ways to wait for more or for the end. */
export interface SseClient {
  status: number;
  /** Everything received so far, as text. */
  text(): string;
  events(): SseEvent[];
  /** Resolve when an event satisfies `pred` (rejects if the stream ends first). */
  waitFor(pred: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolve when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  let buf = "";
  let all = "";
  const events: SseEvent[] = [];
  const waiters: Array<{ pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void; reject: (e: Error) => void }> =
    [];
  let done = false;
  const pump = async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        const chunk = dec.decode(value, { stream: true });
        all += chunk;
        buf += chunk;
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev: SseEvent = { event: "message", data: "" };
          let has = false;
          for (const line of frame.split("\n")) {
            if (line.startsWith("event: ")) ev.event = line.slice(7);
            else if (line.startsWith("data: ")) {
              ev.data += line.slice(6);
              has = true;
            }
          }
          if (has) {
            events.push(ev);
            for (const w of [...waiters])
              if (w.pred(ev)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(ev);
              }
          }
          i = buf.indexOf("\n\n");
        }
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`stream ended first; received:\n${all}`));
    }
  };
  if (res.status !== 200) {
    // A refusal: its JSON body, whole, before returning.
    all = await res.text();
    done = true;
  }
  const ended = res.status === 200 ? pump() : Promise.resolve();
  return {
    status: res.status,
    text: () => all,
    events: () => events,
    waitFor: (pred) => {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      if (done) return Promise.reject(new Error(`stream ended; received:\n${all}`));
      return new Promise((resolve, reject) => waiters.push({ pred, resolve, reject }));
    },
    ended,
    close: () => ctrl.abort(),
  };
}

/** A planning job's Server-Sent Events read until its result (or failure) arrives, with the progress seen on the way. */
export async function jobResult<T>(
  base: string,
  jobId: string,
  token: string,
): Promise<{ result: T; progress: Array<{ done: number; total: number; message?: string }> }> {
  const res = await fetch(`${base}/api/plan/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.body) throw new Error("no event stream");
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of res.body) {
    text += decoder.decode(chunk as Uint8Array, { stream: true });
    const m = /event: (result|failed|cancelled)\ndata: (.*)\n\n/.exec(text);
    if (m) {
      if (m[1] !== "result") throw new Error(`job ${m[1]}: ${m[2]}`);
      const progress = [...text.matchAll(/event: progress\ndata: (.*)\n\n/g)].map(
        (p) => JSON.parse(p[1]) as { done: number; total: number; message?: string },
      );
      return { result: JSON.parse(m[2]) as T, progress };
    }
  }
  throw new Error(`the event stream ended without a result: ${text.slice(-300)}`);
}
