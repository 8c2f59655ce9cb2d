import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { loadScenarioFile } from "../scenario/load.js";
import { generateForce } from "./generate.js";
import { generateForceInWorker } from "./worker-client.js";

const bundled = (name: string) => fileURLToPath(new URL(`../../data/scenarios/${name}`, import.meta.url));

describe("solving in a worker thread", () => {
  it("gives the same plan as solving in-process", async () => {
    const scenario = loadScenarioFile(bundled("ukraine-gcsp.yaml"));
    const options = { liftVetoes: ["RU"], backstops: { "US-backstop": true }, requireTroops: 30_000 };
    const [inWorker, inProcess] = [
      await generateForceInWorker(scenario, options),
      await generateForce(scenario, options),
    ];
    expect(inWorker.feasible).toBe(true);
    expect(inWorker.allocations).toEqual(inProcess.allocations);
    expect(inWorker.explanation).toBe(inProcess.explanation);
  });

  it("passes input errors back as TruceInputError", async () => {
    const scenario = loadScenarioFile(bundled("ukraine-gcsp.yaml"));
    await expect(generateForceInWorker(scenario, { liftVetoes: ["XX"] })).rejects.toBeInstanceOf(TruceInputError);
  });
});
