import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "./jsonSchema.js";

const FILE = new URL("../../scenario.schema.json", import.meta.url);

describe("scenario.schema.json", () => {
  it("the committed JSON Schema (used by editors through the scenarios' $schema line) matches the code (REGEN=1 rewrites it)", () => {
    const expected = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (process.env.REGEN) writeFileSync(FILE, expected);
    expect(readFileSync(FILE, "utf8")).toBe(expected);
  });

  it("describes every core field and accepts the documented enums", () => {
    const schema = scenarioJsonSchema() as {
      properties: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["name", "contactLine", "zone", "theater", "parties", "mandate", "force", "sources"]),
    );
    expect(schema.properties.mandate.properties?.posture.enum).toEqual([
      "monitor",
      "interpose",
      "deter",
      "stabilise",
      "reassure",
    ]);
  });
});
