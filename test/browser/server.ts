/**
 * Starts the Truce server in-process on a free loopback port for the browser tests,
 * serving the built planner (web/dist) and the API.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { planPlugin } from "../../src/server/plan/index.js";
import { webPlugin } from "../../src/server/plan/web.js";

export async function startServer(): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  await app.register(planPlugin, { prefix: "/api/plan" });
  await app.register(webPlugin);
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, url };
}
