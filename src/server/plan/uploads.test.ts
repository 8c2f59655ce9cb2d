import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isInputError } from "../../errors/index.js";
import { bundledScenariosDir } from "./paths.js";
import { ScenarioRegistry } from "./scenarios.js";

const registry = new ScenarioRegistry(bundledScenariosDir());
const bundledText = (id: string) => readFileSync(`data/scenarios/${id}.yaml`, "utf8");

describe("uploads that copy a bundled scenario", () => {
  it("resolve the bundled line and contributors files by name", () => {
    const text = bundledText("ukraine-gcsp");
    expect(text).toContain("contactLine: ../lines/");
    expect(text).toContain("contributors: ../contributors/");
    const { scenario } = registry.upload("my-copy.yaml", text, "planner");
    const bundled = registry.get("ukraine-gcsp")?.scenario;
    expect(scenario.contactLine).toEqual(bundled?.contactLine);
    expect(scenario.contributors).toEqual(bundled?.contributors);
    // By bare name too.
    const bare = registry.upload(
      "bare.yaml",
      text.replace(/\.\.\/lines\//, "").replace(/\.\.\/contributors\//, ""),
      "planner",
    );
    expect(bare.scenario.contactLine).toEqual(bundled?.contactLine);
  });

  it("refuse any other file, naming the ones allowed", () => {
    const text = bundledText("kosovo-2025").replace(/contactLine: .*/, "contactLine: ../../../etc/passwd");
    let err: unknown;
    try {
      registry.upload("probe.yaml", text, "planner");
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /probe\.yaml.*at contactLine: "\.\.\/\.\.\/\.\.\/etc\/passwd" is not one of the bundled files/,
    );
    expect((err as Error).message).toContain("../lines/kosovo-serbia-abl.geojson");
  });
});
