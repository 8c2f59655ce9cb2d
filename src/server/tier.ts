/** The release tier of a request: `src/monitor/release.ts` decides, this turns a refusal into 403. */
import type { FastifyRequest } from "fastify";
import { type Reader, readerFor, type Tier } from "../monitor/release.js";
import { ApiError } from "./errors.js";

/** The reader a request is served as: `requested` (default: the most its token may see, own records in full), or 403. */
export function readerOf(req: FastifyRequest, requested?: Tier): Reader {
  const actor = req.actor;
  if (!actor) throw new ApiError("TRUCE_UNAUTHENTICATED", "this route needs an API token", "/headers/authorization");
  const r = readerFor(actor, requested, req.server.tierGrants);
  if ("denied" in r) throw new ApiError("TRUCE_FORBIDDEN", r.denied, "/query/tier");
  return r.reader;
}
