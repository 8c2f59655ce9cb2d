/**
 * Cross-server events: several `truce serve` processes on one database behave as one service,
 * so what one of them publishes (a new incident, an alert, a revoked token) reaches the SSE
 * streams held by every other. Two transports, chosen in `openBus`:
 * - PostgreSQL LISTEN/NOTIFY on the store's database (no extra service; payloads up to ~8 KB,
 *   so `maxPayloadBytes` tells the feed to send large incidents by id);
 * - Redis pub/sub when REDIS_URL is set (no payload limit).
 * SQLite is one process by construction: the local bus delivers nothing elsewhere.
 *
 * Delivery is best effort, as a live feed is: a message sent while a listener reconnects is lost
 * (clients recover by listing). The database stays the source of truth.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import pg from "pg";

/** What travels between servers. `origin` lets a server skip its own messages. */
export interface BusMessage {
  origin: string;
  /** "incidents" | "alerts" (SSE channels) or "tokens" (a revocation). */
  topic: string;
  event: string;
  data: unknown;
}

export interface EventBus {
  readonly kind: "local" | "postgres" | "redis";
  /** This server's id (the `origin` of what it sends). */
  readonly origin: string;
  /** Largest serialised message the transport carries. */
  readonly maxPayloadBytes: number;
  /** Send to the other servers (not delivered back to this one). */
  send(topic: string, event: string, data: unknown): Promise<void>;
  /** Called for each message from another server. */
  onMessage: ((m: BusMessage) => void) | null;
  /** Is the listener connected? (readiness) */
  connected(): boolean;
  close(): Promise<void>;
}

/** The NOTIFY channel and the Redis pub/sub channel. */
export const BUS_CHANNEL = "truce_events";
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; keep a margin. */
const PG_MAX_PAYLOAD = 7900;
/** Reconnect delays for a lost LISTEN connection, ms. */
const RECONNECT_MS = [100, 500, 1000, 2000, 5000];

function parse(raw: string, self: string): BusMessage | null {
  try {
    const m = JSON.parse(raw) as BusMessage;
    if (!m || typeof m.origin !== "string" || m.origin === self || typeof m.topic !== "string") return null;
    return m;
  } catch {
    return null; // not ours (another program on the channel)
  }
}

/** One process: nothing to send anywhere. */
export function localBus(): EventBus {
  return {
    kind: "local",
    origin: randomUUID(),
    maxPayloadBytes: Number.POSITIVE_INFINITY,
    onMessage: null,
    send: async () => {},
    connected: () => true,
    close: async () => {},
  };
}

/** LISTEN on a dedicated connection (reconnecting), NOTIFY through a small pool. */
export async function postgresBus(databaseUrl: string): Promise<EventBus> {
  const origin = randomUUID();
  // One sending connection: this server's messages arrive in the order it sent them.
  const sender = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  sender.on("error", () => {}); // an idle client lost; the pool makes another
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  const bus: EventBus = {
    kind: "postgres",
    origin,
    maxPayloadBytes: PG_MAX_PAYLOAD,
    onMessage: null,
    async send(topic, event, data) {
      const payload = JSON.stringify({ origin, topic, event, data } satisfies BusMessage);
      await sender.query("SELECT pg_notify($1, $2)", [BUS_CHANNEL, payload]);
    },
    connected: () => client !== null,
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
      await sender.end();
    },
  };
  const listen = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on("notification", (n) => {
      if (n.channel !== BUS_CHANNEL || !n.payload) return;
      const m = parse(n.payload, origin);
      if (m) bus.onMessage?.(m);
    });
    const lost = () => {
      if (client !== c) return;
      client = null;
      c.end().catch(() => {});
      if (!closed) retry();
    };
    c.on("error", lost);
    c.on("end", lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${BUS_CHANNEL}`);
    } catch (e) {
      c.end().catch(() => {});
      throw e;
    }
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    attempt = 0;
  };
  const retry = () => {
    const ms = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
    timer = setTimeout(() => listen().catch(retry), ms);
    timer.unref();
  };
  await listen(); // the first connection must work: a wrong URL fails the start, not silently later
  return bus;
}

/** Redis pub/sub: `subscriber` is put in subscriber mode; `publisher` is any other client on the same server. */
export async function redisBus(subscriber: Redis, publisher: Redis): Promise<EventBus> {
  const origin = randomUUID();
  const bus: EventBus = {
    kind: "redis",
    origin,
    maxPayloadBytes: Number.POSITIVE_INFINITY,
    onMessage: null,
    async send(topic, event, data) {
      await publisher.publish(BUS_CHANNEL, JSON.stringify({ origin, topic, event, data } satisfies BusMessage));
    },
    connected: () => subscriber.status === "ready",
    async close() {
      subscriber.disconnect();
    },
  };
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== BUS_CHANNEL) return;
    const m = parse(raw, origin);
    if (m) bus.onMessage?.(m);
  });
  await subscriber.subscribe(BUS_CHANNEL); // ioredis re-subscribes after a reconnect
  return bus;
}
