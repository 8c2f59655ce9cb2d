/** Build the real app over a real store for tests, with one token per role (and a second reporter and planner). */
import type { FastifyInstance } from "fastify";
import type { Role } from "../../src/monitor/incident.js";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import { type AppOptions, buildApp } from "../../src/server/app.js";
import { issueToken } from "../../src/server/auth.js";
import { meridianZone } from "./fixtures.js";

export interface TestApp {
  app: FastifyInstance;
  store: IncidentStore;
  tokens: Record<Role | "reporter2" | "planner2", string>;
  auth(role: Role | "reporter2" | "planner2"): Record<string, string>;
}

export async function testApp(store: IncidentStore, opts: Partial<AppOptions> = {}): Promise<TestApp> {
  const tokens = {} as Record<Role | "reporter2" | "planner2", string>;
  for (const [name, role] of [
    ["viewer", "viewer"],
    ["reporter", "reporter"],
    ["reporter2", "reporter"],
    ["planner", "planner"],
    ["planner2", "planner"],
    ["analyst", "analyst"],
    ["admin", "admin"],
  ] as const) {
    tokens[name] = (await issueToken(store, `${name}-${Math.random().toString(36).slice(2, 8)}`, role)).token;
  }
  const app = await buildApp({ store, zones: [meridianZone()], rateLimit: false, ...opts });
  await app.ready();
  return { app, store, tokens, auth: (role) => ({ authorization: `Bearer ${tokens[role]}` }) };
}
