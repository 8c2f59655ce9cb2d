/**
 * A throwaway Redis for tests and benchmarks: Debian's `redis-server` on a free loopback
 * port, no persistence, in a temporary folder. Ready when it answers PING (it says so on
 * its log, and we then PING it: events, not sleeps). No mocks.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./port.js";

export interface StartedRedis {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  stop(): Promise<void>;
}

function findRedisServer(): string {
  for (const p of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"])
    if (spawnSync(p, ["--version"], { stdio: "ignore" }).status === 0) return p;
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0) return "redis-server";
  throw new Error(
    "Queue tests need Redis. Install it with: apt-get install -y redis-server (npm run setup:system does this).",
  );
}

/** Start a throwaway redis-server; resolves once it answers PING. */
export async function startRedis(): Promise<StartedRedis> {
  const bin = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), "truce-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${log}`))),
  );
  await Promise.race([
    exited,
    new Promise<void>((resolve) => {
      child.stdout?.on("data", (b: Buffer) => {
        log += b.toString();
        if (log.includes("Ready to accept connections")) resolve();
      });
    }),
  ]);
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { maxRetriesPerRequest: 3 });
  try {
    if ((await probe.ping()) !== "PONG") throw new Error("redis-server did not answer PONG");
  } finally {
    probe.disconnect();
  }
  const stopSync = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);
  return {
    url,
    port,
    async stop() {
      process.removeListener("exit", stopSync);
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
