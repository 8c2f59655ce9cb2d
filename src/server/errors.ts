/**
 * The one registry of API errors: code → HTTP status and meaning. Every error response is
 * `{ "error": { "code", "message", "pointer"? } }`, where `pointer` is an RFC 6901 JSON pointer
 * into the request (`/body/0/lat`, `/query/bbox`). docs/monitoring.md lists every code (a test checks it).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { isInputError } from "../errors/index.js";
import { isMonitorError } from "../monitor/errors.js";

export const ERRORS = {
  BAD_INPUT: { status: 400, meaning: "The request is malformed or a field is invalid; `pointer` names the field." },
  UNAUTHENTICATED: { status: 401, meaning: "No valid API token. Send `Authorization: Bearer <token>`." },
  FORBIDDEN: { status: 403, meaning: "The token's role may not do this." },
  NOT_FOUND: { status: 404, meaning: "No such route or record." },
  INVALID_TRANSITION: { status: 409, meaning: "The verification status cannot move that way." },
  REVISION_CONFLICT: {
    status: 409,
    meaning: "The incident changed since you read it (`ifRev` mismatch); reload and retry.",
  },
  IDEMPOTENCY_KEY_REUSED: { status: 409, meaning: "The idempotency key was used before for a different payload." },
  MERGE_CONFLICT: {
    status: 409,
    meaning: "The merge or unmerge does not apply to these incidents, or a name is taken.",
  },
  BODY_TOO_LARGE: {
    status: 413,
    meaning: "The body is over 1 MB. Split the batch, or use `truce incidents import` for big files.",
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: "Send application/json (or text/csv to the import route)." },
  RATE_LIMITED: { status: 429, meaning: "Too many requests for this token or address; wait `Retry-After` seconds." },
  INTERNAL: { status: 500, meaning: "A bug in Truce. Nothing was stored; please report it." },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly pointer?: string;
  readonly headers?: Record<string, string>;
  constructor(code: ErrorCode, message: string, pointer?: string, headers?: Record<string, string>) {
    super(message);
    this.code = code;
    this.pointer = pointer;
    this.headers = headers;
  }
}

/** RFC 6901 pointer from a path of keys. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** Parse `value` with a zod schema or throw BAD_INPUT pointing at the first bad field under `base`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, base: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const pointer = base + toPointer(issue.path);
  const more =
    r.error.issues.length > 1
      ? ` (and ${r.error.issues.length - 1} more problem${r.error.issues.length > 2 ? "s" : ""})`
      : "";
  throw new ApiError("BAD_INPUT", `${pointer || "/"}: ${issue.message}${more}`, pointer);
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, pointer?: string): FastifyReply {
  return reply
    .status(ERRORS[code].status)
    .type("application/json")
    .send({ error: { code, message, ...(pointer !== undefined ? { pointer } : {}) } });
}

/** Install the handler that turns every thrown error into the registry's JSON. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ApiError) {
      if (err.headers) reply.headers(err.headers);
      return sendError(reply, err.code, err.message, err.pointer);
    }
    if (isMonitorError(err)) return sendError(reply, err.code, err.message, err.pointer);
    if (isInputError(err)) {
      const pointer = err.detail.path ? `/${err.detail.path.replace(/\./g, "/")}` : undefined;
      return sendError(reply, "BAD_INPUT", err.message, pointer);
    }
    const fe = err as FastifyError;
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return sendError(reply, "BODY_TOO_LARGE", ERRORS.BODY_TOO_LARGE.meaning);
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return sendError(reply, "UNSUPPORTED_MEDIA_TYPE", fe.message);
    if (fe.statusCode === 400 || fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || fe instanceof SyntaxError)
      return sendError(reply, "BAD_INPUT", `the body is not valid JSON: ${fe.message}`, "/body");
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendError(reply, "BAD_INPUT", fe.message);
    req.log.error(err);
    return sendError(
      reply,
      "INTERNAL",
      "internal error; nothing was changed. This is a bug in Truce; please report it.",
    );
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, "NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0]}`),
  );
}
