/**
 * Server-Sent Events: a hub that fans events out to open streams (alerts, live incident feed).
 *
 * Each stream belongs to a token and a release reader: every event is released for that reader
 * (`release` may drop it). Limits, so that clients cannot exhaust the server:
 * - a cap on open streams per token and in total (TRUCE_BUSY beyond it);
 * - a bound on each stream's unsent bytes: a client that does not read is dropped, not buffered;
 * - a stream ends when its token is revoked (`endToken`, called by the revoke route) and, for
 *   revocations or expiry the hub is not told about (another process), when a periodic re-check of
 *   the token fails.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Reader } from "../monitor/release.js";
import { ApiError } from "./errors.js";

export type Channel = "alerts" | "incidents";

export interface StreamLimits {
  /** Open streams per token. Default 4. */
  perToken: number;
  /** Open streams in total. Default 200. */
  total: number;
  /** Unsent bytes a stream may hold before the client is dropped. Default 256 KB. */
  maxBufferedBytes: number;
  /** How often each stream re-checks its token, ms. Default 30 s. */
  recheckMs: number;
  /** Keep-alive comment interval, ms. Default 15 s. */
  pingMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  perToken: 4,
  total: 200,
  maxBufferedBytes: 256 * 1024,
  recheckMs: 30_000,
  pingMs: 15_000,
};

/** Why a stream ended (for tests and logs). */
export type EndReason = "client" | "revoked" | "slow" | "shutdown";

interface Stream<R> {
  channel: Channel;
  tokenId: string;
  reader: R;
  write(chunk: string): void;
  end(reason: EndReason): void;
}

export interface StreamOwner<R> {
  tokenId: string;
  reader: R;
  /** Is the token still valid? Checked every `recheckMs`. */
  stillValid: () => Promise<boolean>;
}

export class EventHub<R = unknown> {
  private readonly streams = new Set<Stream<R>>();
  private readonly limits: StreamLimits;
  private nextId = 1;
  /** Set by closeAll (shutdown): no new streams. */
  private closed = false;
  /** Called when a stream ends, with why (tests wait on it; logs). */
  onEnd: ((channel: Channel, tokenId: string, reason: EndReason) => void) | null = null;

  constructor(limits: Partial<StreamLimits> = {}) {
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...limits };
  }

  /**
   * Send `data` to every stream of `channel`, released per stream's reader (`release` returning
   * null skips that stream). Serialised once per distinct released value.
   */
  publish(channel: Channel, event: string, data: unknown, release?: (data: unknown, reader: R) => unknown): void {
    const id = this.nextId++;
    const cache = new Map<unknown, string>();
    for (const s of this.streams) {
      if (s.channel !== channel) continue;
      const out = release ? release(data, s.reader) : data;
      if (out === null || out === undefined) continue;
      let frame = cache.get(out);
      if (frame === undefined) {
        frame = `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(out)}\n\n`;
        cache.set(out, frame);
      }
      s.write(frame);
    }
  }

  count(channel?: Channel): number {
    let n = 0;
    for (const s of this.streams) if (channel === undefined || s.channel === channel) n++;
    return n;
  }

  /** Refuse with TRUCE_BUSY when `tokenId` may not open another stream. */
  private admit(tokenId: string): void {
    if (this.closed)
      throw new ApiError("TRUCE_BUSY", "the server is shutting down; reconnect (to another server)", undefined, {
        "retry-after": "1",
      });
    if (this.streams.size >= this.limits.total)
      throw new ApiError(
        "TRUCE_BUSY",
        `the server has ${this.limits.total} open streams, its limit; retry later`,
        undefined,
        { "retry-after": "30" },
      );
    let mine = 0;
    for (const s of this.streams) if (s.tokenId === tokenId) mine++;
    if (mine >= this.limits.perToken)
      throw new ApiError(
        "TRUCE_BUSY",
        `this token has ${mine} open streams, its limit; close one (one stream per channel is enough)`,
        undefined,
        { "retry-after": "30" },
      );
  }

  /** Take over the reply and stream `channel` until the client goes away, its token ends, or it falls behind. */
  stream(channel: Channel, req: FastifyRequest, reply: FastifyReply, owner: StreamOwner<R>): void {
    this.admit(owner.tokenId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    const { maxBufferedBytes, pingMs, recheckMs } = this.limits;
    let ended = false;
    const stream: Stream<R> = {
      channel,
      tokenId: owner.tokenId,
      reader: owner.reader,
      write: (chunk) => {
        if (ended) return;
        // writableLength counts what the socket has not taken yet: past the bound the client is not reading.
        if (res.writableLength + Buffer.byteLength(chunk) > maxBufferedBytes) return stream.end("slow");
        res.write(chunk);
      },
      end: (reason) => {
        if (ended) return;
        ended = true;
        clearInterval(ping);
        clearInterval(recheck);
        this.streams.delete(stream);
        if (reason === "slow") res.destroy();
        else if (reason !== "client") res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
        this.onEnd?.(channel, owner.tokenId, reason);
      },
    };
    const ping = setInterval(() => stream.write(": ping\n\n"), pingMs);
    ping.unref();
    const recheck = setInterval(() => {
      owner.stillValid().then(
        (ok) => ok || stream.end("revoked"),
        () => {}, // a database hiccup is not a revocation; the next check decides
      );
    }, recheckMs);
    recheck.unref();
    this.streams.add(stream);
    req.raw.on("close", () => stream.end("client"));
    res.on("close", () => stream.end("client"));
    res.write(`retry: 3000\n: connected to ${channel}\n\n`);
  }

  /** End every stream of a token (it was revoked). */
  endToken(tokenId: string): number {
    let n = 0;
    for (const s of [...this.streams])
      if (s.tokenId === tokenId) {
        s.end("revoked");
        n++;
      }
    return n;
  }

  /** End every open stream and refuse new ones (server shutdown). */
  closeAll(): void {
    this.closed = true;
    for (const s of [...this.streams]) s.end("shutdown");
  }
}

/** Stream `channel` to an authenticated request at `reader`, re-checking its token while the stream lasts. */
export function streamFor(channel: Channel, req: FastifyRequest, reply: FastifyReply, reader: Reader): void {
  const token = req.token;
  if (!token) throw new ApiError("TRUCE_UNAUTHENTICATED", "streams need an API token", "/headers/authorization");
  const store = req.server.store;
  req.server.hub.stream(channel, req, reply, {
    tokenId: token.id,
    reader,
    stillValid: async () => (await store.tokenByHash(token.hash)) !== undefined,
  });
}
