/**
 * Run a block of replications in this thread. Used in-process and by the
 * worker (worker.ts): both give the same numbers, bit for bit, because a
 * replication depends only on (spec, seed, replication index).
 */
import { HIST_BINS, NK } from "./collector.js";
import { Scratch } from "./incidents.js";
import { runReplication } from "./model.js";
import type { ModelSpec } from "./spec.js";

export interface BlockTask {
  spec: ModelSpec;
  seed: number;
  repStart: number;
  repEnd: number;
}

export interface BlockResult {
  repStart: number;
  /** (repEnd − repStart) × NK KPI values, replication-major. */
  kpis: Float64Array;
  /** Response-time histogram summed over the block (integer counts, so the sum is exact in any order). */
  hist: Float64Array;
  events: number;
}

export function runBlock(task: BlockTask): BlockResult {
  const { spec, seed, repStart, repEnd } = task;
  const kpis = new Float64Array((repEnd - repStart) * NK);
  const hist = new Float64Array(HIST_BINS);
  let events = 0;
  const scratch = blockScratch();
  for (let r = repStart; r < repEnd; r++) {
    const res = runReplication(spec, seed, r, false, scratch);
    kpis.set(res.kpis, (r - repStart) * NK);
    for (let b = 0; b < HIST_BINS; b++) hist[b] += res.responseHist[b];
    events += res.events;
  }
  return { repStart, kpis, hist, events };
}

// Buffers reused by every replication run in this thread. Safe because a replication runs to the end
// synchronously and resets them first; concurrent simulate() calls only interleave between replications.
let threadScratch: Scratch | undefined;
function blockScratch(): Scratch {
  threadScratch ??= new Scratch();
  return threadScratch;
}
