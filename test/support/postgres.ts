/**
 * A throwaway PostgreSQL + PostGIS for tests and benchmarks: `initdb` into a temporary folder and
 * start `postgres` on a free loopback port. No mocks: the real server from Debian's packages
 * `postgresql-15` and `postgresql-15-postgis-3` (binaries in /usr/lib/postgresql/15/bin).
 *
 * initdb refuses to run as root, so as root the cluster is created and run as the `postgres`
 * OS user (via `runuser -u postgres --`) in a folder chowned to it.
 */

import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./port.js";

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  /** Create a fresh database and return its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

const CANDIDATE_BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];

function findBinDir(): string {
  for (const d of CANDIDATE_BIN_DIRS) if (existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl"))) return d;
  try {
    const d = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(join(d, "initdb"))) return d;
  } catch {
    // fall through to the error below
  }
  throw new Error(
    "PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl, postgres) and PostGIS.\n" +
      "Install them with: apt-get install -y postgresql-15 postgresql-15-postgis-3\n" +
      `(looked in ${CANDIDATE_BIN_DIRS.join(", ")} and \`pg_config --bindir\`).`,
  );
}

function checkPostgis(): void {
  const dirs = [
    "/usr/share/postgresql/15/extension",
    "/usr/share/postgresql/16/extension",
    "/usr/share/postgresql/17/extension",
  ];
  if (!dirs.some((d) => existsSync(join(d, "postgis.control"))))
    throw new Error("PostGIS is not installed. Install it with: apt-get install -y postgresql-15-postgis-3");
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export interface StartOptions {
  /** Durable commits (fsync on). Default false: tests only crash the app, not the machine. */
  durable?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

/** Start a throwaway PostgreSQL. Throws with a clear message when the binaries are missing. */
export async function startPostgres(opts: StartOptions = {}): Promise<TestPostgres> {
  const bin = findBinDir();
  checkPostgis();
  const dir = mkdtempSync(join(tmpdir(), "truce-pg-"));
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: "127.0.0.1",
    port,
    unix_socket_directories: dir,
    max_connections: 100,
    ...(opts.durable ? {} : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
    ...opts.settings,
  };
  const o = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(" ");
  run(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", o, "start"]);
  const stopSync = () => {
    try {
      run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    adminUrl,
    port,
    async createDatabase(name?: string) {
      const db = name ?? `t${process.pid}_${n++}`;
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${db}"`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    },
    async stop() {
      process.removeListener("exit", stopSync);
      stopSync();
    },
  };
}
