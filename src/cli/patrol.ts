import type { Command } from "commander";
import { TruceInputError } from "../errors/index.js";
import {
  type AttackOutcome,
  compareAgainstAttackers,
  planPatrols,
  planToJson,
  scheduleCsv,
  scheduleGeoJson,
  scheduleRows,
} from "../patrol/index.js";
import type { PatrolPlan } from "../patrol/plan.js";
import { Planner, unwrap } from "../plan/index.js";
import { BOUNDS } from "../scenario/bounds.js";
import { loadScenarioFile } from "../scenario/load.js";
import { intFlag } from "./flags.js";
import { formatNumber, printJson, table, writeFileAtomic } from "./io.js";
import { cliZone } from "./zoneCache.js";

interface PatrolCliOptions {
  json?: boolean;
  days?: string;
  seed?: string;
  csv?: string;
  geojson?: string;
  solver?: string;
  versus?: string;
}

function status(msg: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${msg}\n`);
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

function printHuman(name: string, plan: PatrolPlan): void {
  const out: string[] = [name];
  const s = plan.summary;
  const u = plan.baselines.uniform;
  const p = plan.baselines.proportional;
  out.push(
    `${plan.targets.length} targets (${plan.targets.filter((t) => t.kind === "segment").length} zone segments, ${plan.targets.filter((t) => t.kind === "site").length} sites) · ${plan.sectors.reduce((a, x) => a + x.teams, 0)} teams per shift · ${plan.shiftsPerDay} shifts a day · solver ${plan.solver} (${formatNumber(plan.solveTimeMs)} ms)`,
  );
  out.push(
    `Attacker's best response: ${s.attackerBestResponse.target} (attacker utility ${s.attackerBestResponse.attackerUtility.toFixed(3)})`,
  );
  out.push("");
  out.push(
    table(
      [
        "plan",
        "defender utility",
        "worst case (ties against)",
        `worst case (payoffs ±${plan.robustness.payoffUncertainty})`,
        "attacker's target",
      ],
      [
        [
          "game-theoretic",
          s.defenderUtility.toFixed(3),
          s.defenderWorstCase.toFixed(3),
          plan.robustness.plan.defenderWorstCase.toFixed(3),
          s.attackerBestResponse.target,
        ],
        [
          "uniform",
          u.defenderUtility.toFixed(3),
          u.defenderWorstCase.toFixed(3),
          plan.robustness.uniform.defenderWorstCase.toFixed(3),
          plan.game.targets[u.target],
        ],
        [
          "proportional",
          p.defenderUtility.toFixed(3),
          p.defenderWorstCase.toFixed(3),
          plan.robustness.proportional.defenderWorstCase.toFixed(3),
          plan.game.targets[p.target],
        ],
      ],
    ),
  );
  out.push(
    `Margin over uniform: ${(s.defenderUtility - u.defenderUtility).toFixed(3)} (worst case ${(s.defenderWorstCase - u.defenderWorstCase).toFixed(3)}); over proportional: ${(s.defenderUtility - p.defenderUtility).toFixed(3)}`,
  );
  out.push("");
  out.push(
    table(
      ["sector", "teams", "max", "segments", "sites", "deployed", "line covered", "site cover", "min cover"],
      plan.sectors.map((x) => [
        x.sectorId,
        x.teams,
        x.maxTeams,
        x.segments,
        x.sites,
        x.teamsDeployed,
        pct(x.lineCoverage),
        Number.isNaN(x.siteCoverage) ? "-" : pct(x.siteCoverage),
        pct(x.minCoverage),
      ]),
    ),
  );
  const sites = plan.targets.map((t, i) => ({ t, c: plan.coverage[i] })).filter((x) => x.t.kind === "site");
  if (sites.length > 0) {
    out.push("");
    out.push(
      table(
        ["site", "type", "sector", "coverage", "uniform"],
        sites.map(({ t, c }) => [
          t.name,
          t.type,
          t.sectorId,
          pct(c),
          pct(plan.baselines.uniform.coverage[plan.targets.indexOf(t)]),
        ]),
      ),
    );
  }
  if (plan.assignments) {
    const rows = scheduleRows(plan).filter((r) => r.day === 1);
    out.push("");
    out.push(`Schedule, day 1 (seed ${plan.seed}):`);
    out.push(
      table(
        ["day", "shift", "sector", "team", "kind", "schedule"],
        rows.map((r) => [String(r.day), String(r.shift), r.sector, String(r.team), r.kind, r.schedule]),
      ),
    );
  }
  if (plan.assumptions.length > 0) {
    out.push("");
    out.push("Assumptions:");
    for (const a of plan.assumptions) out.push(`- ${a}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

function printVersus(days: number, v: Record<"game" | "uniform" | "proportional", AttackOutcome>): void {
  const rows = (["game", "uniform", "proportional"] as const).map((k) => [
    k === "game" ? "game-theoretic" : k,
    v[k].attacks,
    v[k].successes,
    pct(v[k].successRate),
    v[k].unprotectedPerMonth.toFixed(1),
    v[k].meanDefenderPayoff.toFixed(3),
    Object.entries(v[k].successesByType)
      .sort((a, b) => b[1] - a[1])
      .map(([t, c]) => `${t} ${c}`)
      .join(", "),
  ]);
  process.stdout.write(
    `\nAgainst adaptive attackers, ${days} days (same attacks for every plan; attackers learn coverage from what they see, and each attack draws its payoffs within the stated doubt):\n${table(["plan", "attacks", "succeeded", "rate", "unprotected/month", "defender/attack", "successful attacks by type"], rows)}\n`,
  );
}

export function registerPatrol(program: Command): void {
  program
    .command("patrol")
    .description(
      "Randomised patrol plan from a Stackelberg security game: coverage, attacker's best response, daily schedules.",
    )
    .argument("<file>", "scenario file (.yaml or .json)")
    .option("--json", "print the plan as one JSON document")
    .option("--days <n>", "sample daily schedules for N days (default 1 with --csv/--geojson, else 0)")
    .option("--seed <s>", "seed for the schedules (default: patrol.seed in the scenario, else 1)")
    .option("--csv <out>", "write the sampled schedules as CSV")
    .option("--geojson <out>", "write the sampled schedules as GeoJSON routes and sites")
    .option("--solver <name>", "auto | origami | eraser (default: patrol.solver, else auto)")
    .option(
      "--versus <days>",
      "play the plan, uniform and proportional coverage for N days against adaptive attackers (1 attack a day)",
    )
    .action(async (file: string, opts: PatrolCliOptions) => {
      const days = intFlag("--days", opts.days, BOUNDS.days) ?? (opts.csv || opts.geojson ? 1 : 0);
      const seed = intFlag("--seed", opts.seed, BOUNDS.seed);
      const solver = opts.solver;
      if (solver !== undefined && !["auto", "origami", "eraser"].includes(solver)) {
        throw new TruceInputError({
          path: "--solver",
          problem: `unknown solver "${solver}".`,
          fix: "Use auto, origami or eraser.",
        });
      }
      if ((opts.csv || opts.geojson) && days === 0) {
        throw new TruceInputError({
          path: "--days",
          problem: "--csv and --geojson need at least one day of schedules.",
        });
      }
      const scenario = loadScenarioFile(file);
      status("Building the zone…");
      const planner = new Planner({ zone: cliZone });
      const zone = unwrap(await planner.zone(scenario));
      status("Solving the patrol game…");
      let plan: PatrolPlan;
      try {
        // generation → patrols: the pipeline's teams per sector (none when the scenario's own force applies).
        const link = await planner.patrolLink(scenario);
        plan = await planPatrols(scenario, zone, {
          days,
          seed,
          solver: solver as "auto" | "origami" | "eraser" | undefined,
          teamsBySector: link.teamsBySector,
        });
      } catch (e) {
        // Problems found while building the game point into the scenario file.
        if (e instanceof TruceInputError && !e.detail.file) throw new TruceInputError({ ...e.detail, file });
        throw e;
      }
      if (opts.csv) writeFileAtomic(opts.csv, scheduleCsv(plan));
      if (opts.geojson) writeFileAtomic(opts.geojson, `${JSON.stringify(scheduleGeoJson(plan))}\n`);
      const versusDays = intFlag("--versus", opts.versus, BOUNDS.days, 1);
      const versus =
        versusDays !== undefined
          ? compareAgainstAttackers(plan, {
              days: versusDays,
              attacksPerDay: 1,
              seed: plan.seed,
              payoffUncertainty: plan.robustness.payoffUncertainty,
            })
          : undefined;
      // Results first; the solve time is wall-clock, so it sits apart under `timing`.
      if (opts.json)
        printJson({ ...planToJson(plan), ...(versus ? { versus } : {}), timing: { solveTimeMs: plan.solveTimeMs } });
      else {
        printHuman(scenario.name, plan);
        if (versus) printVersus(versusDays ?? 0, versus);
      }
    });
}
