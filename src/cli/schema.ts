import type { Command } from "commander";
import { scenarioJsonSchema } from "../scenario/jsonSchema.js";
import { printJson } from "./io.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("Print the scenario format as JSON Schema (truce schema > scenario.schema.json).")
    .action(() => printJson(scenarioJsonSchema()));
}
