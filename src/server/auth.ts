/**
 * API tokens. A token is 32 random bytes (base64url, prefixed `truce_`); the server keeps only its
 * SHA-256. A slow password hash is not needed: the token has 256 bits of entropy, so a leaked hash
 * cannot be brute-forced (the practice of GitHub and Stripe API keys).
 *
 * One `onRequest` hook authenticates every request once (`req.actor`, `req.token`) and charges the
 * rate limit: to the token's id when the token is known, to the client address otherwise.
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Actor, type Role, roleAtLeast } from "../monitor/incident.js";
import type { IncidentStore } from "../monitor/store/store.js";
import { uuidv7 } from "../monitor/uuid.js";
import { ApiError } from "./errors.js";
import type { Limiter } from "./rateLimit.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The token the request authenticated with: its id (rate limit, stream caps) and hash (re-checks). */
    token: { id: string; hash: string } | null;
    /** Why a presented token was not accepted (answered by `requireRole`). */
    authError: ApiError | null;
  }
  interface FastifyContextConfig {
    /** Accept the token as `?access_token=` (SSE routes: EventSource cannot set headers). */
    allowQueryToken?: boolean;
  }
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newTokenSecret(): string {
  return `truce_${randomBytes(32).toString("base64url")}`;
}

/** Create a token and return its secret (shown once; only the hash is stored). */
export async function issueToken(
  store: IncidentStore,
  name: string,
  role: Role,
  now = Date.now(),
): Promise<{ id: string; token: string }> {
  const token = newTokenSecret();
  const id = uuidv7(now);
  await store.createToken({ id, name, role, hash: hashToken(token), createdMs: now });
  return { id, token };
}

/** Longest token accepted: ours are 49 characters; anything far longer is junk, not worth hashing. */
const MAX_TOKEN_CHARS = 200;

/** The bearer token from the Authorization header, or `access_token` in the query where allowed. */
export function tokenFrom(req: FastifyRequest, allowQuery: boolean): string | undefined {
  const h = req.headers.authorization;
  if (h !== undefined) {
    const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m || m[1].length > MAX_TOKEN_CHARS)
      throw new ApiError(
        "TRUCE_UNAUTHENTICATED",
        "Authorization header must be `Bearer <token>`",
        "/headers/authorization",
      );
    return m[1];
  }
  if (allowQuery) {
    const q = (req.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof q === "string") {
      if (q.length > MAX_TOKEN_CHARS)
        throw new ApiError("TRUCE_UNAUTHENTICATED", "access_token is not a Truce token", "/query/access_token");
      return q;
    }
  }
  return undefined;
}

/** The actor behind a token secret, or null when it is unknown or revoked. */
export async function authenticate(
  store: IncidentStore,
  secret: string,
): Promise<{ actor: Actor; token: { id: string; hash: string } } | null> {
  const hash = hashToken(secret);
  const row = await store.tokenByHash(hash);
  return row ? { actor: { name: row.name, role: row.role as Role }, token: { id: row.id, hash } } : null;
}

/** Authenticate every request once and charge the rate limit (when `limiter` is given). */
export function installAuth(app: FastifyInstance, limiter: Limiter | null): void {
  app.decorateRequest("token", null);
  app.decorateRequest("authError", null);
  app.addHook("onRequest", async (req) => {
    const byAddress = `ip:${req.ip}`;
    let secret: string | undefined;
    try {
      secret = tokenFrom(req, req.routeOptions.config?.allowQueryToken === true);
    } catch (e) {
      await limiter?.take(byAddress);
      req.authError = e as ApiError;
      return;
    }
    if (secret === undefined) {
      await limiter?.take(byAddress);
      return;
    }
    const found = await authenticate(req.server.store, secret);
    if (!found) {
      // Junk tokens are charged to the address: rotating them opens no fresh bucket.
      await limiter?.take(byAddress);
      req.authError = new ApiError("TRUCE_UNAUTHENTICATED", "unknown or revoked token", "/headers/authorization");
      return;
    }
    await limiter?.take(`token:${found.token.id}`);
    req.actor = found.actor;
    req.token = found.token;
  });
}

/** preHandler factory: require a token with at least role `min` (`req.actor` is then set). */
export function requireRole(min: Role) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (req.authError) throw req.authError;
    const actor = req.actor;
    if (!actor)
      throw new ApiError(
        "TRUCE_UNAUTHENTICATED",
        "this route needs an API token: send `Authorization: Bearer <token>`",
        "/headers/authorization",
      );
    if (!roleAtLeast(actor.role, min))
      throw new ApiError("TRUCE_FORBIDDEN", `role '${actor.role}' cannot do this; it needs '${min}' or above`);
  };
}
