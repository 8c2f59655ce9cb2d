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
  liftVeto: string[];
  withoutConsent: string[];
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
    .option(
      "--lift-veto <party[:entry]>",
      "the party lifts a veto and keeps its consent (repeatable), e.g. --lift-veto RU:NATO; RU alone lifts all its vetoes",
      collect,
      [],
    )
    .option(
      "--without-consent <party>",
      "deploy without the party's consent (repeatable): a change of mandate to enforcement; pledges conditioned on its consent drop out",
      collect,
      [],
    )
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
      const planner = new Planner({ zone: cliZone });
      const sized = opts.requireTroops === "size" ? await sizedTroops(planner, scenario) : undefined;
      const zone = await planner.zone(scenario);
      const options: GenerateOptions = {
        objective: opts.objective,
        liftVetoes: opts.liftVeto,
        withoutConsent: opts.withoutConsent,
        backstops: parseBackstops(opts.backstop),
        requireTroops:
          sized?.troops ??
          (opts.requireTroops ? intFlag("--require-troops", opts.requireTroops, BOUNDS.troops, 1) : undefined),
        rotationMultiplier: sized?.rotationMultiplier,
        // Without requirements.sectors, fill the zone's sectors (by length of line), each with its own lead.
        zoneSectors:
          zone.status === "ok" ? zone.value.sectors.map((s) => ({ id: s.id, lengthKm: s.lengthKm })) : undefined,
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
          shortfall: result.shortfall,
          rotation: result.rotation,
          toggles: result.toggles,
          mandateChange: result.mandateChange ?? null,
          sectorSource: result.sectorSource,
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

/**
 * The deployed troops `truce size` recommends for the scenario (the pipeline's sizing stage), with
 * its rotation multiplier: pledges count deployed troops, so the requirement is the deployed figure
 * and the committed one (deployed × multiplier) is reported beside it.
 */
async function sizedTroops(
  planner: Planner,
  scenario: Scenario,
): Promise<{ troops: number; rotationMultiplier: number }> {
  const rec = unwrap(await planner.sizingResult(scenario)).result.recommended;
  const troops = Math.round(rec.troops);
  process.stderr.write(
    `Requirement from truce size (${rec.method}): ${formatNumber(troops)} troops deployed, ${formatNumber(Math.round(rec.committed))} committed with rotation.\n`,
  );
  return { troops, rotationMultiplier: rec.committed / Math.max(1, troops) };
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
  if (r.mandateChange) {
    out.push("");
    out.push(`CHANGE OF MANDATE: ${r.mandateChange}`);
  }
  if (r.toggles.some((t) => t.startsWith("--"))) {
    out.push("");
    out.push("What the toggles do:");
    for (const t of r.toggles) if (t.startsWith("--")) out.push(`  - ${t}`);
  }
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
        ["sector", "troops", "nations", "lead", "lead from"],
        r.bySector.map((s) => [
          s.sector,
          s.troops,
          s.nations.length,
          s.lead ?? "-",
          s.leadBasis === "stated"
            ? "stated by the scenario"
            : s.leadBasis === "chosen"
              ? "chosen (distinct)"
              : s.leadBasis === "largest"
                ? "largest contributor"
                : "-",
        ]),
      ),
    );
    const sources = r.bySector.filter((s) => s.leadSource);
    if (sources.length > 0) {
      out.push("Lead sources:");
      for (const s of sources) out.push(`  - ${s.sector} ${s.lead}: ${s.leadSource}`);
    }
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
  if (r.shortfall && r.shortfall.byCapability.length > 0) {
    out.push("");
    out.push(
      table(
        ["capability", "required", "under the rules", "short", "kept out by the rules (troops pledged)"],
        r.shortfall.byCapability.map((c) => [
          c.sector ? `${c.capability} (${c.sector})` : c.capability,
          c.required,
          c.provided,
          c.shortfall,
          c.ruledOut.map((x) => `${x.rule}: ${formatNumber(x.troops)}`).join("; ") || "-",
        ]),
      ),
    );
  }
  if (r.infeasibility?.conflict && r.infeasibility.conflict.length > 0) {
    out.push("");
    out.push("These rules conflict (drop any one and the rest can be met together):");
    for (const c of r.infeasibility.conflict) out.push(`  - ${c.text}`);
  }
  out.push("");
  out.push(
    `Rotation: ${formatNumber(r.rotation.deployedTroops)} deployed, ${formatNumber(r.rotation.committedTroops)} committed (×${r.rotation.multiplier.toFixed(2)}, ${r.rotation.basis})${r.rotation.requiredDeployed ? `; required ${formatNumber(r.rotation.requiredDeployed)} deployed, ${formatNumber(r.rotation.requiredCommitted ?? 0)} committed` : ""}. ${r.rotation.note}`,
  );
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
