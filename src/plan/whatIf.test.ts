import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../scenario/load.js";
import { parseScenario } from "../scenario/parse.js";
import { whatIfKey, whatIfMatrix } from "./whatIf.js";

const load = (name: string) =>
  loadScenarioFile(fileURLToPath(new URL(`../../data/scenarios/${name}`, import.meta.url)));

describe("whatIfKey: one key per set of conditions generation sees", () => {
  it("makes a toggle that restates the scenario share the stated case's key (GCSP states the US backstop absent)", () => {
    const gcsp = load("ukraine-gcsp.yaml");
    expect(gcsp.backstops?.[0]?.present).toBe(false);
    expect(whatIfKey(gcsp, { veto: true, backstop: false })).toBe(whatIfKey(gcsp, { veto: true }));
    // Negative controls: a real change of conditions changes the key.
    expect(whatIfKey(gcsp, { veto: true, backstop: true })).not.toBe(whatIfKey(gcsp, { veto: true }));
    expect(whatIfKey(gcsp, { veto: false })).not.toBe(whatIfKey(gcsp, { veto: true }));
    expect(whatIfKey(gcsp, { veto: false, backstop: true })).not.toBe(whatIfKey(gcsp, { veto: false }));
  });

  it("the report's GCSP matrix holds five rows but four distinct problems", () => {
    const gcsp = load("ukraine-gcsp.yaml");
    const keys = whatIfMatrix(gcsp).map(([, w]) => whatIfKey(gcsp, w));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(4);
  });

  it("lifting vetoes where no party has one changes nothing", () => {
    const s = parseScenario(
      "t.yaml",
      `name: t
contactLine: { type: LineString, coordinates: [[20, 42], [21, 43]] }
zone: { widthKm: 10 }
mandate: { posture: monitor }
consent:
  A: { vetoes: [] }
  B: { vetoes: [] }
`,
    );
    expect(whatIfKey(s, { veto: false })).toBe(whatIfKey(s, { veto: true }));
  });
});
