/**
 * A token-bucket rate limit, kept in memory (one server process is the unit of deployment here).
 * Keys come from `auth.ts`: the API token's id once a token is recognised, the client address
 * before that. Anonymous requests and every failed authentication (a malformed header, an unknown
 * or revoked token) are charged to the address, so neither extra spaces nor rotating junk
 * `Authorization` headers open a fresh bucket.
 */
import { ApiError } from "./errors.js";

export interface RateLimitOptions {
  /** Requests allowed in a burst. Default 300. */
  burst: number;
  /** Sustained requests per second. Default 50. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 300, perSecond: 50 };

/** Most buckets kept; past it, full buckets (clients idle long enough to refill) are dropped first. */
const MAX_BUCKETS = 100_000;

export class RateLimiter {
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

  private refuse(tokens: number): never {
    const wait = Math.max(1, Math.ceil((1 - tokens) / this.opts.perSecond));
    throw new ApiError(
      "TRUCE_RATE_LIMITED",
      `rate limit: ${this.opts.burst} requests in a burst, ${this.opts.perSecond}/s sustained; retry in ${wait} s`,
      undefined,
      { "retry-after": String(wait) },
    );
  }

  /** Charge one request to `key`, or refuse with TRUCE_RATE_LIMITED. */
  take(key: string): void {
    const b = this.bucket(key);
    if (b.tokens < 1) this.refuse(b.tokens);
    b.tokens -= 1;
  }
}
