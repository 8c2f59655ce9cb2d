/**
 * Names shared by the client (pool) and the workers, and the one place that turns a
 * Redis URL into connection options, checking it answers first so a wrong URL is one
 * clear message instead of endless reconnect attempts.
 */
import { Redis } from "ioredis";
import { TruceInputError } from "../errors/index.js";

/** BullMQ queue of simulation chunks, and the key prefix for everything Truce keeps in Redis. */
export const QUEUE_NAME = "sim";
export const PREFIX = "truce";
/** Sorted set of live workers (score: last heartbeat, ms) and hash of their concurrency. */
export const WORKERS_KEY = `${PREFIX}:workers`;
export const WORKER_SLOTS_KEY = `${PREFIX}:workers:slots`;
/** Pub/sub channel on which a client names chunks to abandon; a key per chunk for workers that missed it. */
export const CANCEL_CHANNEL = `${PREFIX}:cancel`;
export const cancelKey = (jobId: string) => `${PREFIX}:cancel:${jobId}`;
export const HEARTBEAT_MS = 2000;
/**
 * A chunk's result waits under its own key, and the job returns only that key: BullMQ's event
 * stream (which every client reads whole) stays small, and each client reads only its own results.
 */
export const resultKey = (jobId: string) => `${PREFIX}:result:${jobId}`;
export const RESULT_TTL_S = 3600;

export interface RedisConnection {
  url: string;
  maxRetriesPerRequest: null;
}

/** Validate a redis:// or rediss:// URL (flag names the option it came from) and check the server answers PING. */
export async function connectRedis(url: string, flag: string): Promise<RedisConnection> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") || !parsed.hostname) {
    throw new TruceInputError({
      path: flag,
      problem: `"${url}" is not a Redis URL.`,
      fix: "Use redis://HOST:PORT (or rediss:// for TLS), e.g. redis://127.0.0.1:6379.",
    });
  }
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
  });
  probe.on("error", () => {}); // reported below
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new TruceInputError({
      path: flag,
      problem: `cannot reach Redis at ${url} (${e instanceof Error ? e.message : String(e)}).`,
      fix: "Start redis-server there, or fix the URL (see docs/scale.md).",
    });
  } finally {
    probe.disconnect();
  }
  // BullMQ's blocking connections need maxRetriesPerRequest: null (wait through reconnects).
  return { url, maxRetriesPerRequest: null };
}

/** Plain ioredis client on the same server, for the heartbeat, cancel keys and pub/sub. */
export function redisClient(conn: RedisConnection): Redis {
  const r = new Redis(conn.url, { maxRetriesPerRequest: null });
  r.on("error", () => {}); // ioredis reconnects; BullMQ reports lasting failures
  return r;
}

/** Total concurrency of the workers that sent a heartbeat in the last few intervals. */
export async function liveWorkerSlots(redis: Redis): Promise<{ workers: number; slots: number }> {
  const since = Date.now() - 3 * HEARTBEAT_MS;
  await redis.zremrangebyscore(WORKERS_KEY, 0, since);
  const ids = await redis.zrange(WORKERS_KEY, 0, -1);
  if (ids.length === 0) return { workers: 0, slots: 0 };
  const slots = await redis.hmget(WORKER_SLOTS_KEY, ...ids);
  return { workers: ids.length, slots: slots.reduce((a, s) => a + (Number(s) || 0), 0) };
}

/** Options that count something (threads, attempts, milliseconds) must be whole numbers of at least 1. */
export function checkPositiveIntegers(options: ReadonlyArray<readonly [string, number | undefined]>): void {
  for (const [name, v] of options) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      throw new TruceInputError({
        path: name,
        problem: `${v} is not an integer >= 1.`,
        fix: `Give ${name} a positive integer.`,
      });
  }
}
