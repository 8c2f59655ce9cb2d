/**
 * A token-bucket rate limit: in memory for one server (`RateLimiter`), or in Redis when several
 * servers share the limit (`RedisRateLimiter`, one atomic script per request). Keys come from `auth.ts`: the API token's id once a token is recognised, the client address
 * before that. Anonymous requests and every failed authentication (a malformed header, an unknown
 * or revoked token) are charged to the address, so neither extra spaces nor rotating junk
 * `Authorization` headers open a fresh bucket.
 */
import type { Redis } from "ioredis";
import { ApiError } from "./errors.js";

/** What `auth.ts` charges: throws TRUCE_RATE_LIMITED (synchronously or as a rejection) when refused. */
export interface Limiter {
  take(key: string): void | Promise<void>;
}

export interface RateLimitOptions {
  /** Requests allowed in a burst. Default 300. */
  burst: number;
  /** Sustained requests per second. Default 50. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 300, perSecond: 50 };

/** Most buckets kept; past it, full buckets (clients idle long enough to refill) are dropped first. */
const MAX_BUCKETS = 100_000;

function refusal(opts: RateLimitOptions, tokens: number): ApiError {
  const wait = Math.max(1, Math.ceil((1 - tokens) / opts.perSecond));
  return new ApiError(
    "TRUCE_RATE_LIMITED",
    `rate limit: ${opts.burst} requests in a burst, ${opts.perSecond}/s sustained; retry in ${wait} s`,
    undefined,
    { "retry-after": String(wait) },
  );
}

export class RateLimiter implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly opts: RateLimitOptions;
  private readonly now: () => number;

  constructor(opts: RateLimitOptions, now: () => number = () => performance.now()) {
    this.opts = opts;
    this.now = now;
  }

  private bucket(key: string) {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.evict(t);
      b = { tokens: this.opts.burst, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.perSecond);
    b.at = t;
    return b;
  }

  private evict(t: number): void {
    const refillMs = (this.opts.burst / this.opts.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (t - b.at >= refillMs) this.buckets.delete(k);
    // Still full of active clients: start over rather than grow without bound.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }

  /** Charge one request to `key`, or refuse with TRUCE_RATE_LIMITED. */
  take(key: string): void {
    const b = this.bucket(key);
    if (b.tokens < 1) throw refusal(this.opts, b.tokens);
    b.tokens -= 1;
  }
}

/**
 * The same bucket in Redis, shared by every server on it. Redis's clock refills the bucket, so
 * servers with skewed clocks charge one bucket alike. Idle buckets expire once full again.
 */
const BUCKET_SCRIPT = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {ok, tostring(tokens)}
`;

export class RedisRateLimiter implements Limiter {
  private readonly redis: Redis;
  private readonly opts: RateLimitOptions;
  /** Charged while Redis does not answer: an outage of Redis degrades the limit to per server, it does not stop the monitor. */
  private readonly fallback: RateLimiter;
  private readonly prefix: string;
  /** Told once per outage (logs). */
  onRedisError: ((e: unknown) => void) | null = null;
  private failing = false;

  /** `redis` should fail fast (enableOfflineQueue: false, few retries): a request must not wait on a lost Redis. */
  constructor(redis: Redis, opts: RateLimitOptions, prefix = "truce:rl:") {
    this.redis = redis;
    this.opts = opts;
    this.prefix = prefix;
    this.fallback = new RateLimiter(opts);
  }

  async take(key: string): Promise<void> {
    let reply: [number, string];
    try {
      reply = (await this.redis.eval(
        BUCKET_SCRIPT,
        1,
        this.prefix + key,
        String(this.opts.burst),
        String(this.opts.perSecond),
      )) as [number, string];
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.onRedisError?.(e);
      this.failing = true;
      return this.fallback.take(key);
    }
    if (reply[0] !== 1) throw refusal(this.opts, Number(reply[1]));
  }
}
