/**
 * The one place that picks the database: PostgreSQL + PostGIS when DATABASE_URL (or `databaseUrl`)
 * is a postgres:// URL, otherwise SQLite in `dataDir` (default ./data/monitor/truce.db) with WAL.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { type DB, IncidentStore } from "./store.js";

export interface OpenStoreOptions {
  /** postgres://… for PostgreSQL; sqlite:PATH or a file path for SQLite. Default: process.env.DATABASE_URL. */
  databaseUrl?: string;
  /** Folder for the SQLite file when no URL is given. Default ./data. */
  dataDir?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

/** Where the store will live, for messages: "postgres://host/db" (password hidden) or the SQLite path. */
export function describeDatabase(opts: OpenStoreOptions = {}): string {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  return sqlitePath(opts);
}

function sqlitePath(opts: OpenStoreOptions): string {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (url) return resolve(url.replace(/^sqlite:(\/\/)?/, ""));
  return resolve(join(opts.dataDir ?? "data", "monitor", "truce.db"));
}

export async function openStore(opts: OpenStoreOptions = {}): Promise<IncidentStore> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  let store: IncidentStore;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      // bigint columns hold epoch milliseconds, well inside 2^53.
      types: {
        getTypeParser: (oid: number, format?: "text" | "binary") =>
          oid === 20 ? Number : pg.types.getTypeParser(oid, format),
      } as pg.CustomTypesConfig,
    });
    store = new IncidentStore(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), "postgres");
  } else {
    const file = sqlitePath(opts);
    if (file !== ":memory:" && !existsSync(dirname(file))) {
      mkdirSync(dirname(file), { recursive: true });
      // Keep databases out of git when they live inside a checkout (./data/monitor).
      writeFileSync(join(dirname(file), ".gitignore"), "*\n");
    }
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL"); // an acknowledged incident survives a crash of the machine, not only of the process
    db.pragma("busy_timeout = 5000");
    db.pragma("cache_size = -65536"); // 64 MB page cache: index inserts stay in memory at millions of rows
    db.pragma("temp_store = memory");
    store = new IncidentStore(new Kysely<DB>({ dialect: new SqliteDialect({ database: db }) }), "sqlite");
  }
  if (opts.migrate !== false) await store.migrate();
  return store;
}
