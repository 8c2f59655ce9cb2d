/**
 * The live feed as one service: what a server publishes goes to its own SSE streams (`EventHub`)
 * and, through the bus, to every other server's. Incidents are released per stream's reader on
 * the server holding the stream; an incident too large for the transport (PostgreSQL NOTIFY) is
 * sent by id and read back from the shared database by the receivers.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Alert } from "../monitor/alerts.js";
import { type Reader, releaseFor } from "../monitor/release.js";
import type { Incident } from "../monitor/schema.js";
import type { IncidentStore } from "../monitor/store/store.js";
import type { BusMessage, EventBus } from "./bus.js";
import type { EventHub } from "./sse.js";

/** Release one event for each stream's reader: once per tier (the hub then serialises once per tier), apart for the owner. */
export function releaseEvent(inc: Incident): (data: unknown, reader: Reader) => Incident | null {
  const byTier = new Map<string, Incident | null>();
  return (_data, reader) => {
    if (reader.name !== undefined && reader.name === inc.createdBy) return releaseFor(inc, reader);
    let r = byTier.get(reader.tier);
    if (r === undefined) {
      r = releaseFor(inc, { tier: reader.tier });
      byTier.set(reader.tier, r);
    }
    return r;
  };
}

export class Feed {
  private readonly hub: EventHub<Reader>;
  private readonly bus: EventBus;
  private readonly store: IncidentStore;
  private readonly log: FastifyBaseLogger;
  /** Messages from other servers still being delivered (an incident read back by id); close() waits. */
  private readonly pending = new Set<Promise<void>>();
  private failing = false;

  constructor(hub: EventHub<Reader>, bus: EventBus, store: IncidentStore, log: FastifyBaseLogger) {
    this.hub = hub;
    this.bus = bus;
    this.store = store;
    this.log = log;
    bus.onMessage = (m) => this.receive(m);
  }

  get transport(): EventBus["kind"] {
    return this.bus.kind;
  }

  /** Is the cross-server listener connected? (readiness) */
  connected(): boolean {
    return this.bus.connected();
  }

  /** New or changed incidents (`event`: created, updated, merged, ...). */
  incidents(event: string, incidents: readonly Incident[]): void {
    for (const inc of incidents) {
      this.hub.publish("incidents", event, inc, releaseEvent(inc));
      // UTF-8 bytes (Cyrillic text is 2 per character); the envelope adds ~150. Past the transport's
      // limit, receivers read the incident back from the database.
      const bytes = Buffer.byteLength(JSON.stringify(inc)) + 200;
      this.send("incidents", event, bytes > this.bus.maxPayloadBytes ? { ref: inc.id } : inc);
    }
  }

  /** An alert this server stored first (the store's unique key decides): fired once for the whole service. */
  alert(a: Alert): void {
    this.hub.publish("alerts", "alert", a);
    this.send("alerts", "alert", a);
  }

  /** A revoked token: its streams end on every server now. Returns the streams ended here. */
  tokenRevoked(tokenId: string): number {
    this.send("tokens", "revoked", { id: tokenId });
    return this.hub.endToken(tokenId);
  }

  private send(topic: string, event: string, data: unknown): void {
    // Never fails the request: the change is committed; other servers' feeds miss it (logged once per outage).
    this.bus.send(topic, event, data).then(
      () => {
        this.failing = false;
      },
      (e) => {
        if (!this.failing)
          this.log.error({ err: e, topic }, "cross-server publish failed; other servers' feeds miss events");
        this.failing = true;
      },
    );
  }

  private receive(m: BusMessage): void {
    if (m.topic === "alerts") this.hub.publish("alerts", m.event, m.data);
    else if (m.topic === "tokens") {
      const id = (m.data as { id?: unknown })?.id;
      if (typeof id === "string") this.hub.endToken(id);
    } else if (m.topic === "incidents") {
      const ref = (m.data as { ref?: unknown })?.ref;
      if (typeof ref !== "string") {
        const inc = m.data as Incident;
        this.hub.publish("incidents", m.event, inc, releaseEvent(inc));
        return;
      }
      const p = this.store.get(ref).then(
        (inc) => {
          if (inc) this.hub.publish("incidents", m.event, inc, releaseEvent(inc));
        },
        (e) => this.log.error({ err: e, id: ref }, "could not read back a published incident"),
      );
      const q = p.finally(() => this.pending.delete(q));
      this.pending.add(q);
    }
  }

  /** Stop receiving; wait for deliveries under way. */
  async close(): Promise<void> {
    this.bus.onMessage = null;
    await Promise.all([...this.pending]);
  }
}
