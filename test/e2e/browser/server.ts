/**
 * The real Truce server for the browser tests, in-process on a free loopback
 * port: the monitoring API over an embedded SQLite store in a temp folder, the
 * bundled scenarios' zones, the planning API and the built planner (web/dist).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { openStore } from "../../../src/monitor/store/open.js";
import { loadMissionZones } from "../../../src/monitor/zones.js";
import { buildApp } from "../../../src/server/app.js";
import { issueToken } from "../../../src/server/auth.js";
import { planPlugin } from "../../../src/server/plan/index.js";
import { bundledScenariosDir, webDistDir } from "../../../src/server/plan/paths.js";
import { compressPlugin, webPlugin } from "../../../src/server/plan/web.js";

export interface TestServer {
  app: FastifyInstance;
  url: string;
  tokens: { reporter: string; analyst: string; planner: string };
  close(): Promise<void>;
}

/** Build web/dist with Vite if it is missing (npm test builds it first; this covers running the file alone). */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(join(webDistDir(), "index.html"))) return;
  const { build } = await import("vite");
  await build({ configFile: fileURLToPath(new URL("../../../web/vite.config.ts", import.meta.url)), logLevel: "warn" });
}

export async function startServer(): Promise<TestServer> {
  await ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), "truce-browser-"));
  const store = await openStore({ databaseUrl: join(dir, "truce.db") });
  const zones = loadMissionZones(bundledScenariosDir());
  const reporter = (await issueToken(store, "field-reporter", "reporter")).token;
  const analyst = (await issueToken(store, "duty-analyst", "analyst")).token;
  // Uploads, plans of uploads, simulations and reports need a planner token.
  const planner = (await issueToken(store, "mission-planner", "planner")).token;
  const app = await buildApp({
    store,
    zones,
    rateLimit: false,
    plugins: [
      compressPlugin,
      {
        plugin: planPlugin,
        // The suite runs the browser tests beside CPU-heavy ones on 2 cores: give the MIP room, so a
        // plan is never cut off by the clock (a solve that finishes is the same whatever its limit).
        options: { prefix: "/api/plan", generationTimeLimitS: 120 },
      },
      webPlugin,
    ],
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    app,
    url,
    tokens: { reporter, analyst, planner },
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
