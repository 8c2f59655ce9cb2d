/**
 * The one registry of API errors: code → HTTP status and meaning. Every error response, Fastify's
 * and Node's own included (bad JSON, body too large, overlong URLs and ids, oversized headers), is
 * `{ "error": { "code": "TRUCE_…", "message", "detail"? } }`. `detail.pointer` is an RFC 6901 JSON
 * pointer into the request (`/body/0/lat`, `/query/bbox`) when one field is to blame.
 * docs/monitoring.md lists every code (a test checks it).
 */
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { isInputError } from "../errors/index.js";
import { isMonitorError, type MonitorErrorCode } from "../monitor/errors.js";

export const ERRORS = {
  TRUCE_BAD_INPUT: {
    status: 400,
    meaning: "The request is malformed or a field is invalid; `detail.pointer` names the field.",
  },
  TRUCE_UNAUTHENTICATED: { status: 401, meaning: "No valid API token. Send `Authorization: Bearer <token>`." },
  TRUCE_FORBIDDEN: { status: 403, meaning: "The token's role or release tier may not do this." },
  TRUCE_NOT_FOUND: { status: 404, meaning: "No such route or record." },
  TRUCE_INVALID_TRANSITION: { status: 409, meaning: "The verification status cannot move that way." },
  TRUCE_REVISION_CONFLICT: {
    status: 409,
    meaning: "The incident changed since you read it (`ifRev` mismatch); reload and retry.",
  },
  TRUCE_IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    meaning: "The idempotency key was used before for a different payload.",
  },
  TRUCE_MERGE_CONFLICT: {
    status: 409,
    meaning: "The merge or unmerge does not apply to these incidents, or a name is taken.",
  },
  TRUCE_BODY_TOO_LARGE: {
    status: 413,
    meaning: "The body is over 1 MB. Split the batch, or use `truce incidents import` for big files.",
  },
  TRUCE_URI_TOO_LONG: { status: 414, meaning: "A path segment (an id) is over 100 characters." },
  TRUCE_UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: "Send application/json (or text/csv to the import route)." },
  TRUCE_RATE_LIMITED: {
    status: 429,
    meaning: "Too many requests for this token or address; wait `Retry-After` seconds.",
  },
  TRUCE_BUSY: {
    status: 429,
    meaning: "Too many open streams or running jobs for this token or in total; close one or retry later.",
  },
  TRUCE_HEADERS_TOO_LARGE: { status: 431, meaning: "The URL or headers are over 16 KB." },
  TRUCE_INTERNAL: { status: 500, meaning: "A bug in Truce. Nothing was stored; please report it." },
} as const;

export type ErrorCode = keyof typeof ERRORS;

// Every domain error of the monitor has its registry entry (a new MonitorErrorCode fails type-checking here).
const _monitorCodes: { readonly [K in MonitorErrorCode as `TRUCE_${K}`]: unknown } = ERRORS;
void _monitorCodes;

/** `error.detail`: the field to blame, and anything else a client can act on. */
export interface ErrorDetail {
  pointer?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly pointer?: string;
  readonly headers?: Record<string, string>;
  /** More of `error.detail` beside the pointer (e.g. an uploaded file's line and the fix). */
  readonly extra?: Omit<ErrorDetail, "pointer">;
  constructor(
    code: ErrorCode,
    message: string,
    pointer?: string,
    headers?: Record<string, string>,
    extra?: Omit<ErrorDetail, "pointer">,
  ) {
    super(message);
    this.code = code;
    this.pointer = pointer;
    this.headers = headers;
    this.extra = extra;
  }
}

/** RFC 6901 pointer from a path of keys. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** Parse `value` with a zod schema or throw TRUCE_BAD_INPUT pointing at the first bad field under `base`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, base: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const pointer = base + toPointer(issue.path);
  const more =
    r.error.issues.length > 1
      ? ` (and ${r.error.issues.length - 1} more problem${r.error.issues.length > 2 ? "s" : ""})`
      : "";
  throw new ApiError("TRUCE_BAD_INPUT", `${pointer || "/"}: ${issue.message}${more}`, pointer);
}

/** The one error body. */
export function errorBody(code: ErrorCode, message: string, detail?: ErrorDetail) {
  return { error: { code, message, ...(detail !== undefined ? { detail } : {}) } };
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, detail?: ErrorDetail): FastifyReply {
  return reply
    .status(ERRORS[code].status)
    .type("application/json")
    .send(errorBody(code, message, detail));
}

const at = (pointer: string | undefined): ErrorDetail | undefined => (pointer !== undefined ? { pointer } : undefined);

/** Fastify's own errors (parsing, routing, limits) as registry codes. */
function fromFastify(fe: FastifyError): { code: ErrorCode; message: string; detail?: ErrorDetail } | null {
  switch (fe.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        code: "TRUCE_BODY_TOO_LARGE",
        message: ERRORS.TRUCE_BODY_TOO_LARGE.meaning,
        detail: { pointer: "/body" },
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        code: "TRUCE_UNSUPPORTED_MEDIA_TYPE",
        message: fe.message,
        detail: { pointer: "/headers/content-type" },
      };
    case "FST_ERR_MAX_PARAM_LENGTH":
      return { code: "TRUCE_URI_TOO_LONG", message: "an id in the path is over 100 characters; ids are shorter" };
    case "FST_ERR_BAD_URL":
      return {
        code: "TRUCE_BAD_INPUT",
        message: "the URL holds a malformed %-escape; encode it with encodeURIComponent",
      };
  }
  if (
    fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
    fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
    fe instanceof SyntaxError
  )
    return {
      code: "TRUCE_BAD_INPUT",
      message: `the body is not valid JSON: ${fe.message}`,
      detail: { pointer: "/body" },
    };
  if (fe.statusCode === 413) return { code: "TRUCE_BODY_TOO_LARGE", message: ERRORS.TRUCE_BODY_TOO_LARGE.meaning };
  if (fe.statusCode === 414) return { code: "TRUCE_URI_TOO_LONG", message: fe.message };
  if (fe.statusCode === 415) return { code: "TRUCE_UNSUPPORTED_MEDIA_TYPE", message: fe.message };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return { code: "TRUCE_BAD_INPUT", message: fe.message };
  return null;
}

/** Map any thrown error to the registry: code, message, detail, extra headers. */
export function toApiError(err: unknown): {
  code: ErrorCode;
  message: string;
  detail?: ErrorDetail;
  headers?: Record<string, string>;
} | null {
  if (err instanceof ApiError)
    return {
      code: err.code,
      message: err.message,
      detail: err.extra ? { ...err.extra, ...at(err.pointer) } : at(err.pointer),
      headers: err.headers,
    };
  if (isMonitorError(err)) return { code: `TRUCE_${err.code}`, message: err.message, detail: at(err.pointer) };
  if (isInputError(err)) {
    const pointer = err.detail.path ? `/${err.detail.path.replace(/\./g, "/")}` : undefined;
    return { code: "TRUCE_BAD_INPUT", message: err.message, detail: at(pointer) };
  }
  return err && typeof err === "object" ? fromFastify(err as FastifyError) : null;
}

/** Fastify options that route its framework and Node's client errors through the registry. */
export const errorServerOptions = {
  frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
    const e = toApiError(err) ?? { code: "TRUCE_BAD_INPUT" as const, message: err.message };
    void sendError(reply, e.code, e.message, e.detail);
  },
  /** Node answers before Fastify sees the request (oversized headers, malformed HTTP): same shape. */
  clientErrorHandler: (err: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const code: ErrorCode = err.code === "HPE_HEADER_OVERFLOW" ? "TRUCE_HEADERS_TOO_LARGE" : "TRUCE_BAD_INPUT";
    const message =
      code === "TRUCE_HEADERS_TOO_LARGE"
        ? "the URL and headers are over 16 KB; send long filters in fewer, shorter parameters"
        : "the request is not valid HTTP";
    const body = JSON.stringify(errorBody(code, message));
    const status = ERRORS[code].status;
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  },
};

/** Install the handler that turns every thrown error into the registry's JSON. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const e = toApiError(err);
    if (e) {
      if (e.headers) reply.headers(e.headers);
      return sendError(reply, e.code, e.message, e.detail);
    }
    req.log.error(err);
    return sendError(
      reply,
      "TRUCE_INTERNAL",
      "internal error; nothing was changed. This is a bug in Truce; please report it.",
    );
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, "TRUCE_NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0]}`),
  );
}
