/**
 * Both databases for the monitor tests: a fresh SQLite file, or a fresh PostgreSQL database
 * cloned from a migrated template in one throwaway server per test file. No mocks.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/monitor/store/open.js";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import { startPostgres, type TestPostgres } from "./postgres.js";

export const DIALECTS = ["sqlite", "postgres"] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface StoreFactory {
  /** A new, empty, migrated store. */
  open(): Promise<IncidentStore>;
  /** A URL for a new, empty database (for spawning `truce serve`): sqlite:PATH or postgres://. */
  newUrl(): Promise<string>;
  /** Stop the server and remove files. */
  cleanup(): Promise<void>;
}

export async function storeFactory(kind: DialectName): Promise<StoreFactory> {
  const dir = mkdtempSync(join(tmpdir(), "truce-monitor-"));
  let n = 0;
  if (kind === "sqlite") {
    const newUrl = async () => `sqlite:${join(dir, `db${n++}`, "truce.db")}`;
    return {
      newUrl,
      open: async () => openStore({ databaseUrl: await newUrl() }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const pg: TestPostgres = await startPostgres();
  const template = await pg.createDatabase("truce_template");
  const t = await openStore({ databaseUrl: template });
  await t.close();
  const newUrl = async () => {
    const name = `t${n++}`;
    const c = new (await import("pg")).default.Client({ connectionString: pg.adminUrl });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name}" TEMPLATE truce_template`);
    } finally {
      await c.end();
    }
    return `postgres://postgres@127.0.0.1:${pg.port}/${name}`;
  };
  return {
    newUrl,
    open: async () => openStore({ databaseUrl: await newUrl() }),
    cleanup: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
