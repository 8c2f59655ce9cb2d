/**
 * `truce worker --redis redis://HOST:PORT [--concurrency N]`: take simulation chunks from the
 * queue that `truce simulate --queue` fills, until stopped. SIGTERM or Ctrl-C stops taking
 * chunks and finishes the ones in hand; a second signal puts them back in the queue at the
 * next replication and exits at once. A worker killed outright loses nothing: its chunks
 * are retried elsewhere once their lock lapses.
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { TruceInputError } from "../errors/index.js";
import { startQueueWorker } from "../queue/index.js";

interface Opts {
  redis?: string;
  concurrency?: string;
  lockDurationMs?: string;
  stalledIntervalMs?: string;
}

function positive(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1))
    throw new TruceInputError({
      path: flag,
      problem: `"${v}" is not a positive integer.`,
      fix: `Give ${flag} e.g. 2.`,
    });
  return n;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("Run simulation chunks from a Redis queue (for `truce simulate --queue`); see docs/scale.md.")
    .option("--redis <url>", "Redis to take chunks from, redis://HOST:PORT (default: REDIS_URL)")
    .option("--concurrency <n>", "chunks at once, one worker thread each (default: all cores)")
    .option("--lock-duration-ms <ms>", "a chunk whose lock is not renewed this long is retried elsewhere", "30000")
    .option("--stalled-interval-ms <ms>", "how often to look for stalled chunks", "15000")
    .action(async (opts: Opts) => {
      const url = opts.redis ?? process.env.REDIS_URL;
      if (!url)
        throw new TruceInputError({
          path: "--redis",
          problem: "no Redis to take chunks from.",
          fix: "Give --redis redis://HOST:PORT or set REDIS_URL.",
        });
      const concurrency = positive("--concurrency", opts.concurrency) ?? availableParallelism();
      let done = 0;
      let lastError = 0;
      const worker = await startQueueWorker(url, {
        concurrency,
        lockDurationMs: positive("--lock-duration-ms", opts.lockDurationMs),
        stalledIntervalMs: positive("--stalled-interval-ms", opts.stalledIntervalMs),
        onError: (e) => {
          // At most one line per 10 s while Redis is unreachable.
          if (Date.now() - lastError < 10_000) return;
          lastError = Date.now();
          process.stderr.write(`worker: Redis error (retrying): ${e.message}\n`);
        },
        onChunk: (e) => {
          if (e.ok) done += e.replications;
          else process.stderr.write(`worker: chunk ${e.jobId} failed: ${e.message}\n`);
        },
      });
      process.stderr.write(
        `truce worker ${worker.id}: ${concurrency} thread${concurrency > 1 ? "s" : ""} on ${url} (Ctrl-C stops after the chunks in hand)\n`,
      );
      // The parent (tests, supervisors) may wait for this line on stdout.
      process.stdout.write(`ready ${worker.id}\n`);
      await new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = () => {
          signals++;
          if (signals === 1)
            process.stderr.write("worker: finishing the chunks in hand (signal again to hand them back)\n");
          if (signals === 2) {
            process.stderr.write("worker: handing the chunks back\n");
            // If Redis is unreachable the hand-back cannot finish: exit anyway, the chunks' locks lapse and
            // another worker retries them.
            setTimeout(() => {
              process.stderr.write("worker: Redis did not answer; exiting (the chunks will be retried elsewhere)\n");
              process.exit(1);
            }, 5000).unref();
          }
          if (signals >= 3) process.exit(130);
          void worker.close({ release: signals > 1 }).then(resolve);
        };
        process.on("SIGTERM", onSignal);
        process.on("SIGINT", onSignal);
      });
      process.stderr.write(`worker: stopped after ${done} replications\n`);
    });
}
