import { type Command, Option } from "commander";
import { TruceInputError } from "../errors/index.js";
import { type GenerateOptions, type GenerationResult, generateForceInWorker } from "../generation/index.js";
import { Planner, unwrap } from "../plan/index.js";
import { BOUNDS } from "../scenario/bounds.js";
import { loadScenarioFile } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { intFlag, numberFlag } from "./flags.js";
import { formatNumber, printJson, table } from "./io.js";
import { cliZone } from "./zoneCache.js";

interface Opts {
  json?: boolean;
  objective: "cost" | "coverage" | "nations";
  withoutVeto: string[];
  backstop: string[];
  requireTroops?: string;
  timeLimit: string;
  gap: string;
  progress?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function parseBackstops(list: string[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const item of list) {
    const m = /^([^=]+)=(on|off|true|false)$/.exec(item);
    if (!m) {
      throw new TruceInputError({
        path: "--backstop",
        problem: `"${item}" is not ID=on or ID=off.`,
        fix: "Write e.g. --backstop US-backstop=on.",
      });
    }
    out[m[1]] = m[2] === "on" || m[2] === "true";
  }
  return out;
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "Generate a force from the scenario's contributors under vetoes, conditions and policy (MIP on HiGHS).",
    )
    .argument("<file>", "scenario file (.yaml or .json)")
    .option("--json", "print the result as one JSON document")
    .addOption(
      new Option("--objective <name>", "what to optimise").choices(["cost", "coverage", "nations"]).default("cost"),
    )
    .option("--without-veto <party>", "drop a party's vetoes (repeatable), e.g. --without-veto RU", collect, [])
    .option("--backstop <id=on|off>", "set a backstop present or absent (repeatable)", collect, [])
    .option(
      "--require-troops <n|size>",
      "total troops required, split by requirements.mix; `size` takes truce size's recommendation",
    )
    .option("--time-limit <s>", "time limit per solve, seconds", "30")
    .option("--gap <rel>", "relative MIP gap at which to stop", "0.0001")
    .option("--progress", "show solver progress on stderr for solves over a second")
    .action(async (file: string, opts: Opts) => {
      const scenario = loadScenarioFile(file);
      if (!scenario.contributors || scenario.contributors.length === 0) {
        throw new TruceInputError({
          file,
          path: "contributors",
          problem: "the scenario lists no contributors, so there is nothing to generate a force from.",
          fix: "Add `contributors:` (inline or a file such as ../contributors/kfor-1999.yaml).",
        });
      }
      const options: GenerateOptions = {
        objective: opts.objective,
        withoutVeto: opts.withoutVeto,
        backstops: parseBackstops(opts.backstop),
        requireTroops:
          opts.requireTroops === "size"
            ? await sizedTroops(scenario)
            : opts.requireTroops
              ? intFlag("--require-troops", opts.requireTroops, BOUNDS.troops, 1)
              : undefined,
        timeLimitS: numberFlag("--time-limit", opts.timeLimit, BOUNDS.timeLimitS, { positive: true }) as number,
        mipRelGap: numberFlag("--gap", opts.gap, BOUNDS.mipRelGap) as number,
      };
      const stopProgress = opts.progress ? await attachProgress(options) : undefined;
      let result: GenerationResult;
      try {
        result = await generateForceInWorker(scenario, options);
      } finally {
        stopProgress?.();
      }
      if (opts.json) {
        printJson({
          feasible: result.feasible,
          status: result.status,
          objective: result.objective,
          objectiveValue: Number.isFinite(result.objectiveValue) ? result.objectiveValue : null,
          mipGap: Number.isFinite(result.mipGap) ? result.mipGap : null,
          totalTroops: result.totalTroops,
          costPerYear: result.costPerYear,
          allocations: result.allocations,
          byNation: result.byNation,
          bySector: result.bySector,
          unmet: result.unmet,
          binding: result.binding,
          explanation: result.explanation,
          infeasibility: result.infeasibility,
          assumptions: result.assumptions,
          options: result.options,
          // Wall-clock, apart from the results (which are identical run to run).
          timing: { solveTimeS: result.solveTimeS },
        });
        return;
      }
      process.stdout.write(render(scenario.name, result));
    });
}

/** The deployed troops `truce size` recommends for the scenario (the pipeline's sizing stage). */
async function sizedTroops(scenario: Scenario): Promise<number> {
  const rec = unwrap(await new Planner({ zone: cliZone }).sizingResult(scenario)).result.recommended;
  const troops = Math.round(rec.troops);
  process.stderr.write(`Requirement from truce size (${rec.method}): ${formatNumber(troops)} troops deployed.\n`);
  return troops;
}

/** A cli-progress bar on stderr that appears only once a solve has run for a second. */
async function attachProgress(options: GenerateOptions): Promise<() => void> {
  const { SingleBar, Presets } = (await import("cli-progress")).default;
  const bar = new SingleBar(
    {
      format: "{phase} |{bar}| gap {gap}  {time} s  {nodes} nodes",
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true, // --progress was asked for: show it in logs too, once a second
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  let started = false;
  options.onProgress = (p) => {
    if (p.runningTimeS < 1) return;
    const limit = options.timeLimitS ?? 30;
    const payload = {
      phase: p.phase,
      gap: Number.isFinite(p.mipGap) ? `${(p.mipGap * 100).toFixed(2)}%` : "-",
      time: p.runningTimeS.toFixed(1),
      nodes: p.nodes,
    };
    if (!started) {
      bar.start(limit, 0, payload);
      started = true;
    }
    bar.update(Math.min(limit, p.runningTimeS), payload);
  };
  return () => {
    if (started) bar.stop();
  };
}

function render(name: string, r: GenerationResult): string {
  const out: string[] = [];
  const head = r.feasible
    ? "FEASIBLE"
    : r.status === "infeasible"
      ? "INFEASIBLE"
      : r.status === "unknown"
        ? "NO PLAN FOUND"
        : "REQUIREMENTS NOT MET (best coverage)";
  out.push(`${name}: ${head} (objective ${r.objective}, ${r.status}, ${r.solveTimeS.toFixed(2)} s)`);
  out.push("");
  out.push(r.explanation);
  if (r.byNation.length > 0) {
    out.push("");
    out.push(
      table(
        ["nation", "name", "troops", "units", "share %", "cost US$M/yr", "sectors"],
        r.byNation.map((n) => [
          n.nation,
          n.name,
          n.troops,
          n.units,
          Math.round(n.share * 1000) / 10,
          Math.round(n.costPerYear / 1e5) / 10,
          n.sectors.join(" "),
        ]),
      ),
    );
    out.push("");
    out.push(
      table(
        ["sector", "troops", "nations", "lead"],
        r.bySector.map((s) => [s.sector, s.troops, s.nations.length, s.lead ?? "-"]),
      ),
    );
    out.push("");
    out.push(`Total: ${formatNumber(r.totalTroops)} troops, US$${formatNumber(r.costPerYear / 1e6)} million a year.`);
  }
  if (r.unmet.length > 0 && r.status !== "infeasible") {
    out.push("");
    out.push(
      table(
        ["unmet requirement", "required", "provided", "short"],
        r.unmet.map((u) => [u.text, u.required, u.provided, u.shortfall]),
      ),
    );
  }
  if (r.infeasibility?.largestForce && r.infeasibility.largestForce.troops > 0) {
    out.push("");
    out.push(`Largest force under the rules: ${formatNumber(r.infeasibility.largestForce.troops)} troops.`);
  }
  if (r.binding.length > 0) {
    out.push("");
    out.push("Binding rules:");
    for (const b of r.binding.slice(0, 15)) out.push(`  - ${b.text}`);
    if (r.binding.length > 15) out.push(`  ... and ${r.binding.length - 15} more (see --json)`);
  }
  out.push("");
  out.push("Assumptions:");
  for (const a of r.assumptions) out.push(`  - ${a}`);
  return `${out.join("\n")}\n`;
}
