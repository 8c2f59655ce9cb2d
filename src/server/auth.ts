/**
 * API tokens. A token is 32 random bytes (base64url, prefixed `truce_`); the server keeps only its
 * SHA-256. A slow password hash is not needed: the token has 256 bits of entropy, so a leaked hash
 * cannot be brute-forced (the practice of GitHub and Stripe API keys).
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type Actor, type Role, roleAtLeast } from "../monitor/incident.js";
import type { IncidentStore } from "../monitor/store/store.js";
import { uuidv7 } from "../monitor/uuid.js";
import { ApiError } from "./errors.js";

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

/** The bearer token from the Authorization header, or `access_token` in the query (SSE only: EventSource cannot set headers). */
export function tokenFrom(req: FastifyRequest, allowQuery: boolean): string | undefined {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m)
      throw new ApiError("UNAUTHENTICATED", "Authorization header must be `Bearer <token>`", "/headers/authorization");
    return m[1];
  }
  if (allowQuery) {
    const q = (req.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof q === "string") return q;
  }
  return undefined;
}

export async function authenticate(
  store: IncidentStore,
  req: FastifyRequest,
  allowQuery = false,
): Promise<Actor | null> {
  const token = tokenFrom(req, allowQuery);
  if (!token) return null;
  const row = await store.tokenByHash(hashToken(token));
  if (!row) throw new ApiError("UNAUTHENTICATED", "unknown or revoked token", "/headers/authorization");
  return { name: row.name, role: row.role as Role };
}

/** preHandler factory: require a token with at least role `min`. Sets `req.actor`. */
export function requireRole(min: Role, opts: { allowQueryToken?: boolean } = {}) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const actor = await authenticate(req.server.store, req, opts.allowQueryToken ?? false);
    if (!actor)
      throw new ApiError(
        "UNAUTHENTICATED",
        "this route needs an API token: send `Authorization: Bearer <token>`",
        "/headers/authorization",
      );
    if (!roleAtLeast(actor.role, min))
      throw new ApiError("FORBIDDEN", `role '${actor.role}' cannot do this; it needs '${min}' or above`);
    req.actor = actor;
  };
}
