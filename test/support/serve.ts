/**
 * Run the built `truce serve` as a child process (as an operator would) and wait for its
 * `listening URL` line. For the multi-server tests and benchmark. Needs `npm run build`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const CLI = join(ROOT, "bin", "truce.js");

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** The exit code once the process has exited (undefined while it runs). */
  exitCode: () => number | null | undefined;
  /** The admin token a first start prints on stderr, when `adminToken` was asked for. */
  adminToken?: string;
}

/** A small scenario with four sectors along a north-south line (the bundled zones take seconds to compute). */
export const LINE_SCENARIO = `name: Two-server line
contactLine: { type: LineString, coordinates: [[30, 47], [30, 48], [30, 49]] }
zone: { widthKm: 20, sectors: 4, withdrawalLines: [{ name: "Artillery of 100 mm and more", km: 50 }] }
parties: [{ id: WEST, name: West, side: left }, { id: EAST, name: East, side: right }]
mandate: { posture: monitor }
`;
/** A latitude inside each of the four sectors of LINE_SCENARIO (south to north). */
export const LINE_SECTOR_LATS = [47.25, 47.75, 48.25, 48.75];

/**
 * Start `truce serve --port 0` with its data in `dir`: on `dbUrl` (else the embedded SQLite in `dir`),
 * the scenarios in `scenarios` (default `dir/scenarios`; `false` for the bundled ones), REDIS_URL
 * only through `redis`. With `adminToken`, also wait for the admin token a first start prints.
 */
export function startServer(o: {
  dbUrl?: string;
  dir: string;
  scenarios?: string | false;
  redis?: string;
  args?: string[];
  adminToken?: boolean;
}): Promise<ServerProcess> {
  if (!existsSync(join(ROOT, "dist", "src", "cli", "index.js")))
    throw new Error("this runs the built CLI: run `npm run build` first (npm test does)");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  if (o.dbUrl) env.DATABASE_URL = o.dbUrl;
  const args = [CLI, "serve", "--port", "0", "--data", o.dir];
  if (o.scenarios !== false) args.push("--scenarios", o.scenarios ?? join(o.dir, "scenarios"));
  if (o.redis) args.push("--redis", o.redis);
  const proc = spawn(process.execPath, [...args, ...(o.args ?? [])], { env, stdio: ["ignore", "pipe", "pipe"] });
  let code: number | null | undefined;
  const exited = new Promise<number | null>((r) =>
    proc.once("exit", (c) => {
      code = c;
      r(c);
    }),
  );
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${err}`)), 60_000);
    const check = () => {
      const m = /listening (http:\/\/\S+)/.exec(out);
      const t = /Bearer (truce_[\w-]+)/.exec(err);
      if (!m || (o.adminToken && !t)) return;
      clearTimeout(timer);
      resolve({ proc, url: m[1], stderr: () => err, exited, exitCode: () => code, adminToken: t?.[1] });
    };
    proc.stderr?.on("data", (c) => {
      err += c;
      check();
    });
    proc.stdout?.on("data", (c) => {
      out += c;
      check();
    });
    proc.once("exit", (c) => reject(new Error(`server exited with ${c}:\n${err}`)));
  });
}

/** SIGTERM (a graceful stop) and wait for the exit; nothing if it is gone already. */
export async function stopServer(s: ServerProcess | undefined): Promise<void> {
  if (!s || s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  s.proc.kill("SIGTERM");
  await s.exited;
}
