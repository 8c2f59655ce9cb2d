/**
 * `truce` command line. Each command lives in its own file (`src/cli/<name>.ts`,
 * exporting `register<Name>(program)`) and is listed in `commandModules` below; this
 * file only wires them up and maps errors to exit codes:
 * 0 ok, 1 bad input (one clear message), 2 internal error.
 */
import { Command, CommanderError } from "commander";
import { isInputError } from "../errors/index.js";

type Register = (program: Command) => void;

/**
 * Command name -> the module that registers it. Modules load only for the command being run
 * (a plain `truce zone` need not load HiGHS, Fastify or SQLite); help loads them all.
 */
const commandModules: Record<string, () => Promise<Register>> = {
  validate: async () => (await import("./validate.js")).registerValidate,
  zone: async () => (await import("./zone.js")).registerZone,
  schema: async () => (await import("./schema.js")).registerSchema,
  size: async () => (await import("./size.js")).registerSize,
  calibrate: async () => (await import("./calibrate.js")).registerCalibrate,
  generate: async () => (await import("./generate.js")).registerGenerate,
  patrol: async () => (await import("./patrol.js")).registerPatrol,
  simulate: async () => (await import("./simulate.js")).registerSimulate,
  serve: async () => (await import("./serve.js")).registerServe,
  incidents: async () => (await import("./incidents.js")).registerIncidents,
  report: async () => (await import("./report.js")).registerReport,
  worker: async () => (await import("./worker.js")).registerWorker,
};

/** The command named in argv (after node and the script), if it is one we know. */
function requestedCommand(argv: string[]): string | undefined {
  const name = argv.slice(2).find((a) => !a.startsWith("-"));
  return name !== undefined && name in commandModules ? name : undefined;
}

/** The program with the given commands registered (all of them by default, for help). */
async function buildProgram(only?: string): Promise<Command> {
  const program = new Command("truce")
    .description("Plan, size, simulate and monitor peacekeeping and ceasefire-monitoring missions.")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  const names = only ? [only] : Object.keys(commandModules);
  for (const name of names) (await commandModules[name]())(program);
  return program;
}

/** Run the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(requestedCommand(argv));
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
