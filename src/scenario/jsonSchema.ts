import { z } from "zod";
import { scenarioSchema } from "./schema.js";

/** The scenario format as JSON Schema (draft 2020-12), for editors' autocompletion. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://truce.dev/schema/scenario-v1.json",
    title: "Truce scenario v1",
  };
}
