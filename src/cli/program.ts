/**
 * `truce` command line. Each command lives in its own file (`src/cli/<name>.ts`,
 * exporting `register<Name>(program)`) and is listed in `commands` below; this
 * file only wires them up and maps errors to exit codes:
 * 0 ok, 1 bad input (one clear message), 2 internal error.
 */
import { Command, CommanderError } from "commander";
import { isInputError } from "../errors/index.js";
import { registerCalibrate } from "./calibrate.js";
import { registerGenerate } from "./generate.js";
import { registerIncidents } from "./incidents.js";
import { registerPatrol } from "./patrol.js";
import { registerReport } from "./report.js";
import { registerSchema } from "./schema.js";
import { registerServe } from "./serve.js";
import { registerSimulate } from "./simulate.js";
import { registerSize } from "./size.js";
import { registerValidate } from "./validate.js";
import { registerZone } from "./zone.js";

const commands: Array<(program: Command) => void> = [
  registerValidate,
  registerZone,
  registerSchema,
  registerServe,
  registerIncidents,
  registerGenerate,
  registerSize,
  registerCalibrate,
  registerSimulate,
  registerPatrol,
  registerReport,
];

export function buildProgram(): Command {
  const program = new Command("truce")
    .description("Plan, size, simulate and monitor peacekeeping and ceasefire-monitoring missions.")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Run the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (isInputError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `internal error: ${msg}\nThis is a bug in Truce; please report it with the command you ran.\n`,
    );
    if (process.env.TRUCE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
