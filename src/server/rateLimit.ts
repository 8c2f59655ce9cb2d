/**
 * A token-bucket rate limit per client (API token hash, or remote address when anonymous).
 * Kept in memory: one server process is the unit of deployment here.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.js";

export interface RateLimitOptions {
  /** Requests allowed in a burst. Default 300. */
  burst: number;
  /** Sustained requests per second. Default 50. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 300, perSecond: 50 };

export function installRateLimit(
  app: FastifyInstance,
  opts: RateLimitOptions,
  now: () => number = () => performance.now(),
): void {
  const buckets = new Map<string, { tokens: number; at: number }>();
  app.addHook("onRequest", async (req) => {
    const auth = req.headers.authorization;
    const key = auth ? createHash("sha256").update(auth).digest("base64") : `ip:${req.ip}`;
    const t = now();
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size > 100_000) buckets.clear();
      b = { tokens: opts.burst, at: t };
      buckets.set(key, b);
    }
    b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
    b.at = t;
    if (b.tokens < 1) {
      const wait = Math.ceil((1 - b.tokens) / opts.perSecond);
      throw new ApiError(
        "RATE_LIMITED",
        `rate limit: ${opts.burst} requests in a burst, ${opts.perSecond}/s sustained; retry in ${wait} s`,
        undefined,
        {
          "retry-after": String(wait),
        },
      );
    }
    b.tokens -= 1;
  });
}
