/**
 * `truce` command line. Each command lives in its own file (`src/cli/<name>.ts`,
 * exporting `register<Name>(program)`) and is listed in `commandModules` below; this
 * file only wires them up and maps errors to exit codes:
 * 0 ok, 1 bad input (one clear message), 2 internal error.
 */
import { Command, CommanderError } from "commander";
import { isInputError } from "../errors/index.js";
import { setCacheEnabled } from "./diskCache.js";
import { TRUCE_VERSION } from "./version.js";

type Register = (program: Command) => void;

/**
 * Command name -> the module that registers it. Modules load only for the command being run
 * (a plain `truce zone` need not load HiGHS, Fastify or SQLite); the overview help loads none.
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
  fit: async () => (await import("./fit.js")).registerFit,
};

/**
 * What `truce --help` lists, without loading a single command module (each pulls in the geodesic
 * code, HiGHS, Fastify or SQLite). program.test.ts checks it against the modules' own registration.
 */
export const commandSummaries: Record<string, { args?: string; description: string }> = {
  validate: { args: "<file>", description: "Check a scenario file; prints OK or one clear error (exit 1)." },
  zone: {
    args: "<file>",
    description: "Build the buffer zone, sectors, observation posts and withdrawal lines of a scenario.",
  },
  schema: { description: "Print the scenario format as JSON Schema (truce schema > scenario.schema.json)." },
  size: {
    args: "<file>",
    description: "Size the force for a scenario: several methods, a recommendation, and what moves it most.",
  },
  calibrate: {
    description:
      "Run every sizing method on past missions (data/missions.csv) and on a hold-out set never used for fitting (data/missions-holdout.csv); report the errors of each apart.",
  },
  generate: {
    args: "<file>",
    description:
      "Generate a force from the scenario's contributors under vetoes, conditions and policy (MIP on HiGHS).",
  },
  patrol: {
    args: "<file>",
    description:
      "Randomised patrol plan from a Stackelberg security game: coverage, attacker's best response, daily schedules.",
  },
  simulate: {
    args: "<file>",
    description:
      "Monte Carlo simulation of incidents and response (Hawkes incidents, detection, quick-reaction force, escalation), KPIs with 95% CIs.",
  },
  serve: {
    description: "Run the incident monitoring API (SQLite in ./data by default; PostgreSQL when DATABASE_URL is set).",
  },
  incidents: { description: "Import, export and report monitored incidents (same store as `truce serve`)." },
  report: {
    args: "<file>",
    description:
      "Write the mission-plan report: one self-contained HTML file (inline SVG map and charts), and a PDF with --pdf.",
  },
  worker: {
    description: "Run simulation chunks from a Redis queue (for `truce simulate --queue`); see docs/scale.md.",
  },
  fit: {
    args: "<scenario>",
    description:
      "Fit the simulation's incident processes (Hawkes MLE per sector and type) to recorded incidents; prints a simulation: section.",
  },
};

/** The command named in argv (after node and the script), if it is one we know; `help X` names X. */
export function requestedCommand(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return name !== undefined && name in commandModules ? name : undefined;
}

/**
 * The program with one command registered for real, or (for the overview help and unknown
 * commands) every command as a summary only, so that `truce --help` loads no command module.
 */
export async function buildProgram(only?: string | "all"): Promise<Command> {
  const program = new Command("truce")
    .description("Plan, size, simulate and monitor peacekeeping and ceasefire-monitoring missions.")
    .version(TRUCE_VERSION)
    .option("--no-cache", "compute afresh: do not read or write the zone and sizing caches (~/.cache/truce)")
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .exitOverride();
  program.hook("preAction", () => setCacheEnabled(program.opts().cache !== false));
  if (only === "all") {
    for (const name of Object.keys(commandModules)) (await commandModules[name]())(program);
  } else if (only) {
    (await commandModules[only]())(program);
  } else {
    for (const [name, s] of Object.entries(commandSummaries)) {
      const c = program.command(name).description(s.description);
      if (s.args) c.argument(s.args);
    }
  }
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
