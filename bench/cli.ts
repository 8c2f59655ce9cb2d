/**
 * CLI wall time on the GCSP scenario (issue 16 item 4): each command cold (empty zone cache) and
 * warm (zone cached by the cold run), as a user runs it: `node bin/truce.js …` in a new process.
 * Run `npm run build` first (the CLI runs from dist/). Run: npx tsx bench/cli.ts
 * BENCH_RUNS (default 3): warm runs per command, min and median reported. The machine's load
 * average is printed with the figures: on a shared machine wall time includes waiting for a core,
 * so each run's CPU time (user + system, all its threads: process.cpuUsage() at exit) is given too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "truce.js");
const GCSP = join(ROOT, "data", "scenarios", "ukraine-gcsp.yaml");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const COMMANDS: Array<[string, string[]]> = [
  ["--help", ["--help"]],
  ["validate", ["validate", GCSP]],
  ["zone", ["zone", GCSP, "--json"]],
  ["size", ["size", GCSP]],
  ["generate", ["generate", GCSP, "--json"]],
  ["patrol", ["patrol", GCSP, "--json"]],
  ["simulate (50 replications)", ["simulate", GCSP, "--replications", "50", "--json"]],
  ["report (no simulation, no PDF)", ["report", GCSP, "--no-simulation", "--out", "OUT"]],
];

// Preloaded into each run: its CPU time on stderr as it exits.
const CPU_PROBE =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nBENCH_CPU_US "+JSON.stringify(process.cpuUsage())+"\\n"))';

/** One run: wall and CPU (user + system) seconds. */
function run(args: string[], cache: string, out: string): { wallS: number; cpuS: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [`--import=${CPU_PROBE}`, BIN, ...args.map((a) => (a === "OUT" ? out : a))], {
    env: { ...process.env, XDG_CACHE_HOME: cache },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`truce ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  const cpu = /BENCH_CPU_US (\{.*\})/.exec(r.stderr);
  const us = cpu ? (JSON.parse(cpu[1]) as { user: number; system: number }) : { user: Number.NaN, system: 0 };
  return { wallS: ms / 1000, cpuS: (us.user + us.system) / 1e6 };
}

function main(): void {
  if (!existsSync(join(ROOT, "dist", "src", "cli", "index.js"))) throw new Error("run `npm run build` first");
  const rows: string[][] = [];
  for (const [label, args] of COMMANDS) {
    const cache = mkdtempSync(join(tmpdir(), "truce-cli-cache-"));
    const out = mkdtempSync(join(tmpdir(), "truce-cli-out-"));
    try {
      const cold = run(args, cache, out);
      const warm = Array.from({ length: RUNS }, () => run(args, cache, out));
      const wall = warm.map((w) => w.wallS).sort((a, b) => a - b);
      const cpu = warm.map((w) => w.cpuS).sort((a, b) => a - b);
      rows.push([
        label,
        cold.wallS.toFixed(2),
        wall[0].toFixed(2),
        wall[Math.floor(RUNS / 2)].toFixed(2),
        cpu[Math.floor(RUNS / 2)].toFixed(2),
      ]);
      process.stderr.write(`${rows[rows.length - 1].join("  ")}\n`);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }
  const head = ["truce … on GCSP", "cold s", "warm min s", "warm median s", "warm CPU median s"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(" | ")} |`;
  process.stdout.write(`\nCLI wall time, ${new Date().toISOString().slice(0, 10)} (cold: empty zone cache)\n\n`);
  process.stdout.write(
    `${[line(head), `|${w.map((x, i) => (i === 0 ? "-" : "").padEnd(x + 1, "-") + (i === 0 ? "-" : ":")).join("|")}|`, ...rows.map(line)].join("\n")}\n`,
  );
  process.stdout.write(
    `\n${availableParallelism()} cores, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" / ")} at the end.\n`,
  );
}

main();
