/**
 * Operations endpoints for load balancers and supervisors. `/api/health` (admin.ts) is liveness:
 * the process answers. `/api/ready` is readiness: the database answers, Redis too when configured,
 * the cross-server feed is listening, and the server is not shutting down (503 otherwise, so a
 * load balancer takes it out of rotation before it stops).
 */
import type { FastifyPluginAsync } from "fastify";
import type { Redis } from "ioredis";
import { sql } from "kysely";

/** A check slower than this counts as failed: a probe must answer while the database hangs. */
export const READY_TIMEOUT_MS = 2000;

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - t0), error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

export const opsRoutes: FastifyPluginAsync<{ redis: Redis | null }> = async (app, opts) => {
  app.get(
    "/api/ready",
    {
      schema: {
        tags: ["meta"],
        summary:
          "Readiness: the database (and Redis when configured) answer and the server is not draining; 503 otherwise.",
        security: [],
      },
    },
    async (_req, reply) => {
      const checks: Record<string, CheckResult> = {
        database: await timed(() => sql`select 1`.execute(app.store.db)),
      };
      const redis = opts.redis;
      if (redis) checks.redis = await timed(() => redis.ping());
      checks.feed = { ok: app.feed.connected(), ms: 0, ...(app.feed.connected() ? {} : { error: "not listening" }) };
      const ready = !app.draining && Object.values(checks).every((c) => c.ok);
      reply.code(ready ? 200 : 503);
      return { ready, draining: app.draining, feed: app.feed.transport, checks };
    },
  );
};
