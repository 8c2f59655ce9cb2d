/**
 * `truce serve [--port N] [--host H] [--data DIR] [--scenarios DIR]`: the monitoring API.
 * SQLite under ./data/ by default, PostgreSQL + PostGIS when DATABASE_URL is set. Loads the
 * zones of the bundled scenarios for sector derivation, and on first start prints an admin token once.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import type { TierGrants } from "../monitor/release.js";
import { describeDatabase, openStore } from "../monitor/store/open.js";
import { loadMissionZones } from "../monitor/zones.js";
import { BOUNDS } from "../scenario/bounds.js";
import { buildApp, type PluginEntry } from "../server/app.js";
import { issueToken } from "../server/auth.js";
import { planPlugin } from "../server/plan/index.js";
import { compressPlugin, webPlugin } from "../server/plan/web.js";
import { parseTierGrants } from "../server/tier.js";
import { intFlag } from "./flags.js";

/** data/scenarios of the package (works from src/ under tsx and from dist/src/ after the build). */
export function bundledScenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = join(dir, "data", "scenarios");
    if (existsSync(cand)) return cand;
    dir = dirname(dir);
  }
  return resolve("data", "scenarios");
}

export interface ServeOptions {
  port: number;
  host: string;
  data: string;
  scenarios?: string;
  /** Release tiers granted above the role's default, by token name (`--grant name=tier`). */
  tierGrants?: TierGrants;
  /** Extra Fastify plugins (the web app and planning API add theirs here). */
  plugins?: PluginEntry[];
}

/** Plugins other parts of Truce add to `truce serve` (planning API, static web). */
export const servePlugins: PluginEntry[] = [
  compressPlugin,
  { plugin: planPlugin, options: { prefix: "/api/plan" } },
  webPlugin,
];

export async function serve(opts: ServeOptions): Promise<{ close: () => Promise<void>; url: string }> {
  const scenariosDir = opts.scenarios ?? bundledScenariosDir();
  const zones = loadMissionZones(scenariosDir, (file, e) =>
    process.stderr.write(`warning: zone of ${file} not loaded: ${e instanceof Error ? e.message : String(e)}\n`),
  );
  const store = await openStore({ dataDir: opts.data });
  if ((await store.tokenCount()) === 0) {
    const { token } = await issueToken(store, "admin", "admin");
    process.stderr.write(
      `\nFirst start: created an admin token. It is shown only this once; keep it safe:\n\n  ${token}\n\n` +
        `Use it as: curl -H "Authorization: Bearer ${token}" http://${opts.host}:${opts.port}/api/tokens\n\n`,
    );
  }
  const app = await buildApp({
    store,
    zones,
    plugins: [...servePlugins, ...(opts.plugins ?? [])],
    tierGrants: opts.tierGrants,
    logger: process.env.TRUCE_LOG ? { level: process.env.TRUCE_LOG } : false,
  });
  const url = await app.listen({ port: opts.port, host: opts.host });
  process.stderr.write(
    `truce serve: ${url} · database ${store.dialect} (${describeDatabase({ dataDir: opts.data })}) · zones: ${zones.map((z) => z.id).join(", ") || "none"}\n` +
      `API description: ${url}/api/openapi.json\n`,
  );
  // The parent (tests, supervisors) may wait for this line on stdout.
  process.stdout.write(`listening ${url}\n`);
  return {
    url,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the incident monitoring API (SQLite in ./data by default; PostgreSQL when DATABASE_URL is set).")
    .option("--port <n>", "TCP port", "8080")
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .option("--data <dir>", "folder for the SQLite database", "data")
    .option("--scenarios <dir>", "scenario folder whose zones are loaded (default: the bundled data/scenarios)")
    .option(
      "--grant <name=tier>",
      "let the named token read at a higher release tier than its role's (repeatable), e.g. partner-desk=internal",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (o: { port: string; host: string; data: string; scenarios?: string; grant: string[] }) => {
      const port = intFlag("--port", o.port, BOUNDS.port) as number;
      const tierGrants = parseTierGrants(o.grant);
      const s = await serve({ port, host: o.host, data: o.data, scenarios: o.scenarios, tierGrants });
      await new Promise<void>((done) => {
        const stop = () => {
          s.close().then(done, done);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
