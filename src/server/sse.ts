/** Server-Sent Events: a hub that fans events out to open streams (alerts, live incident feed). */
import type { FastifyReply, FastifyRequest } from "fastify";

export type Channel = "alerts" | "incidents";

export class EventHub {
  private readonly clients = new Map<Channel, Set<(event: string, data: unknown) => void>>();
  private nextId = 1;

  publish(channel: Channel, event: string, data: unknown): void {
    for (const send of this.clients.get(channel) ?? []) send(event, data);
  }

  count(channel: Channel): number {
    return this.clients.get(channel)?.size ?? 0;
  }

  /** Take over the reply and stream `channel` until the client goes away. */
  stream(channel: Channel, req: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(`retry: 3000\n: connected to ${channel}\n\n`);
    const send = (event: string, data: unknown) => {
      res.write(`id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let set = this.clients.get(channel);
    if (!set) {
      set = new Set();
      this.clients.set(channel, set);
    }
    set.add(send);
    const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
    ping.unref();
    const done = () => {
      clearInterval(ping);
      set?.delete(send);
    };
    req.raw.on("close", done);
    res.on("close", done);
  }

  /** End every open stream (server shutdown). */
  closeAll(): void {
    this.clients.clear();
  }
}
