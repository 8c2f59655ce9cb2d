import type { Command } from "commander";
import { loadScenarioFile } from "../scenario/load.js";
import { scenarioWarnings } from "../scenario/parse.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Check a scenario file; prints OK or one clear error (exit 1).")
    .argument("<file>", "scenario file (.yaml or .json)")
    .option("--json", "print the validated scenario, with defaults applied, as JSON")
    .action((file: string, opts: { json?: boolean }) => {
      const scenario = loadScenarioFile(file);
      for (const w of scenarioWarnings(scenario)) process.stderr.write(`note: ${w}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(scenario, null, 2)}\n`);
      else process.stdout.write(`OK: ${file} — "${scenario.name}" is a valid scenario.\n`);
    });
}
