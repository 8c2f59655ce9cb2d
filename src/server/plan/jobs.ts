/**
 * Long-running planning jobs (simulations, sweeps, reports): progress, result, cancellation,
 * and subscribers (the SSE streams). Jobs are kept in memory for a while after they
 * end so a reconnecting client still gets the result. Each job belongs to the token name
 * that started it (others are told it does not exist), and running jobs are capped per
 * token as well as in total.
 */
import { randomUUID } from "node:crypto";

export type JobStatus = "running" | "done" | "failed" | "cancelled";

export interface JobEvent {
  event: "progress" | "result" | "failed" | "cancelled";
  data: unknown;
}

export interface JobContext {
  /** The job's id. */
  id: string;
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
}

export interface JobSnapshot {
  id: string;
  kind: string;
  status: JobStatus;
  done: number;
  total: number;
  message?: string;
  startedAt: string;
  endedAt?: string;
}

/** Who starts a job: the token's id (the per-token cap) and name (who may read it). */
export interface JobOwner {
  tokenId: string;
  name: string;
}

interface Job {
  snap: JobSnapshot;
  owner?: JobOwner;
  controller: AbortController;
  result?: unknown;
  error?: string;
  listeners: Set<(e: JobEvent) => void>;
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly keep: number;
  private readonly maxRunning: number;
  private readonly maxPerToken: number;

  constructor(opts: { keep?: number; maxRunning?: number; maxPerToken?: number } = {}) {
    this.keep = opts.keep ?? 50;
    this.maxRunning = opts.maxRunning ?? 4;
    this.maxPerToken = opts.maxPerToken ?? this.maxRunning;
  }

  /** Jobs running, in all or for one token id. */
  running(tokenId?: string): number {
    let n = 0;
    for (const j of this.jobs.values())
      if (j.snap.status === "running" && (tokenId === undefined || j.owner?.tokenId === tokenId)) n++;
    return n;
  }

  /** Start a job; throws TooManyJobs if too many are running already, for `owner`'s token or in all. */
  start(kind: string, work: (ctx: JobContext) => Promise<unknown>, owner?: JobOwner): JobSnapshot {
    if (owner && this.running(owner.tokenId) >= this.maxPerToken) throw new TooManyJobs(this.maxPerToken, true);
    if (this.running() >= this.maxRunning) throw new TooManyJobs(this.maxRunning);
    const id = randomUUID();
    const job: Job = {
      owner,
      snap: { id, kind, status: "running", done: 0, total: 0, startedAt: new Date().toISOString() },
      controller: new AbortController(),
      listeners: new Set(),
    };
    this.jobs.set(id, job);
    this.trim();
    const ctx: JobContext = {
      id,
      signal: job.controller.signal,
      progress: (done, total, message) => {
        if (job.snap.status !== "running") return;
        job.snap.done = done;
        job.snap.total = total;
        job.snap.message = message;
        this.emit(job, { event: "progress", data: { done, total, message } });
      },
    };
    work(ctx).then(
      (result) => {
        if (job.snap.status !== "running") return;
        job.result = result;
        this.finish(job, "done", { event: "result", data: result });
      },
      (e: unknown) => {
        if (job.snap.status !== "running") return;
        if (job.controller.signal.aborted) {
          this.finish(job, "cancelled", { event: "cancelled", data: {} });
          return;
        }
        job.error = e instanceof Error ? e.message : String(e);
        this.finish(job, "failed", { event: "failed", data: { message: job.error } });
      },
    );
    return { ...job.snap };
  }

  get(id: string): JobSnapshot | undefined {
    const j = this.jobs.get(id);
    return j ? { ...j.snap } : undefined;
  }

  /** Does job `id` exist and belong to token name `name`? (Jobs started without an owner belong to none.) */
  ownedBy(id: string, name: string): boolean {
    return this.jobs.get(id)?.owner?.name === name;
  }

  result(id: string): unknown {
    return this.jobs.get(id)?.result;
  }

  /** Cancel a running job. Returns false when there is no such job. */
  cancel(id: string): boolean {
    const j = this.jobs.get(id);
    if (!j) return false;
    if (j.snap.status === "running") {
      j.controller.abort();
      this.finish(j, "cancelled", { event: "cancelled", data: {} });
    }
    return true;
  }

  /** Subscribe to a job's events; the current state is replayed first. Returns an unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): (() => void) | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    listener({ event: "progress", data: { done: j.snap.done, total: j.snap.total, message: j.snap.message } });
    if (j.snap.status === "done") listener({ event: "result", data: j.result });
    else if (j.snap.status === "failed") listener({ event: "failed", data: { message: j.error } });
    else if (j.snap.status === "cancelled") listener({ event: "cancelled", data: {} });
    if (j.snap.status !== "running") return () => {};
    j.listeners.add(listener);
    return () => j.listeners.delete(listener);
  }

  /** Called when the last running job ends (drain). */
  private readonly idle = new Set<() => void>();

  /** Wait until no job runs (graceful shutdown), at most `timeoutMs`; resolves to the jobs still running. */
  async drain(timeoutMs: number): Promise<number> {
    if (this.running() > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.idle.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.idle.add(done);
      });
    }
    return this.running();
  }

  /** Cancel everything (server shutdown). */
  close(): void {
    for (const j of this.jobs.values()) if (j.snap.status === "running") this.cancel(j.snap.id);
  }

  private emit(job: Job, e: JobEvent): void {
    for (const l of job.listeners) l(e);
  }

  private finish(job: Job, status: JobStatus, e: JobEvent): void {
    job.snap.status = status;
    job.snap.endedAt = new Date().toISOString();
    this.emit(job, e);
    job.listeners.clear();
    if (this.running() === 0) for (const f of [...this.idle]) f();
  }

  private trim(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (j.snap.status !== "running") this.jobs.delete(id);
    }
  }
}

export class TooManyJobs extends Error {
  constructor(max: number, perToken = false) {
    super(
      perToken
        ? `this token has ${max} job${max === 1 ? "" : "s"} running already; wait for it to finish or cancel it.`
        : `${max} jobs are running already; wait for one to finish or cancel one.`,
    );
  }
}
