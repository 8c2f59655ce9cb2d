/** The release tier of a request: `src/monitor/release.ts` decides, this turns a refusal into 403. */
import type { FastifyRequest } from "fastify";
import { TruceInputError } from "../errors/index.js";
import { type Reader, readerFor, TIERS, type Tier, type TierGrants } from "../monitor/release.js";
import { ApiError } from "./errors.js";

/** The reader a request is served as: `requested` (default: the most its token may see, own records in full), or 403. */
export function readerOf(req: FastifyRequest, requested?: Tier): Reader {
  const actor = req.actor;
  if (!actor) throw new ApiError("TRUCE_UNAUTHENTICATED", "this route needs an API token", "/headers/authorization");
  const r = readerFor(actor, requested, req.server.tierGrants);
  if ("denied" in r) throw new ApiError("TRUCE_FORBIDDEN", r.denied, "/query/tier");
  return r.reader;
}

/** `--grant name=tier` values (truce serve) as grants; a clear input error for anything else. */
export function parseTierGrants(values: readonly string[]): TierGrants {
  const grants: Record<string, Tier> = {};
  for (const v of values) {
    const m = /^([\w.@-]+)=(\w+)$/.exec(v);
    if (!m || !(TIERS as readonly string[]).includes(m[2]))
      throw new TruceInputError({
        path: "--grant",
        problem: `"${v}" is not TOKEN_NAME=TIER.`,
        fix: `Give a token name and one of ${TIERS.join(", ")}, e.g. --grant partner-desk=internal.`,
      });
    grants[m[1]] = m[2] as Tier;
  }
  return grants;
}
