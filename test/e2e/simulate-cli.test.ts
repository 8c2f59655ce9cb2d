/**
 * `truce simulate` end to end through the compiled CLI (run `npm run build` first; `npm test` does):
 * the worker file loads from dist/, 1 and 2 threads agree bit for bit, bad input exits 1,
 * Ctrl-C leaves nothing behind.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const bin = join(root, "bin/truce.js");
const scenario = join(root, "data/scenarios/kosovo-2004.yaml");

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
}

describe("truce simulate (compiled CLI)", () => {
  it("prints one JSON document whose numbers do not depend on the thread count", () => {
    const one = run(["simulate", scenario, "--json", "--replications", "16", "--threads", "1"]);
    expect(one.status).toBe(0);
    expect(one.stderr).toMatch(/^simulate: running a simulation, 16 replications, 1 thread/);
    const two = run(["simulate", scenario, "--json", "--replications", "16", "--threads", "2"]);
    expect(two.status).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(a.replications).toBe(16);
    expect(a.seed).toBe(2004);
    expect(a.kpis.riots.ci95).toHaveLength(2);
    expect(b.kpis).toEqual(a.kpis);
    expect(b.events).toBe(a.events);
  });

  it("sweeps force sizes, including the scenario's own", () => {
    const r = run([
      "simulate",
      scenario,
      "--json",
      "--replications",
      "8",
      "--sweep",
      "troops=5000,50000",
      "--threads",
      "1",
    ]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sweep.map((p: { troops: number }) => p.troops)).toEqual([5000, 18500, 50000]);
    expect(doc.kpis.metInTimeShare.mean).toBe(doc.sweep[1].kpis.metInTimeShare.mean);
  });

  it("bad parameters exit 1 with one line naming the field", () => {
    const r = run(["simulate", scenario, "--replications", "0"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--replications: "0" is too small/);
    expect(r.stdout).toBe("");
    const s = run(["simulate", scenario, "--sweep", "troops=lots"]);
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/--sweep/);
  });

  it("Ctrl-C cancels: exit 130, no stdout, no output file", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "truce-sim-")), "result.json");
    const child = spawn(
      process.execPath,
      [bin, "simulate", scenario, "--json", "--replications", "100000", "--threads", "1", "--out", out],
      { cwd: root },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    // once it is running (its status line is on stderr), interrupt
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stderr.includes("simulate: running")) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(code).toBe(130);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/cancelled/);
    expect(existsSync(out)).toBe(false);
  });
});
