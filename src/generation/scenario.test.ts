import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { parseScenario } from "../scenario/parse.js";
import type { ReadRelative } from "../scenario/source.js";

const base = `name: test
contactLine: { type: LineString, coordinates: [[30.0, 48.0], [31.0, 48.5]] }
zone: { widthKm: 10 }
parties:
  - { id: UA, name: Ukraine, side: left }
  - { id: RU, name: Russia, side: right }
mandate: { posture: monitor }
backstops:
  - { id: US-backstop, present: false }
`;
const contributors = `contributors:
  - nation: GB
    memberships: [NATO]
    requires: [US-backstop]
    pledges: [{ capability: infantry, maxUnits: 3 }]
  - nation: AU
    pledges: [{ capability: engineers, maxUnits: 2 }]
`;

function errorOf(text: string, read?: ReadRelative): TruceInputError {
  try {
    parseScenario("s.yaml", text, read);
  } catch (e) {
    if (e instanceof TruceInputError) return e;
    throw e;
  }
  throw new Error("expected an input error");
}

describe("generation sections in the scenario", () => {
  it("accepts a valid scenario and applies defaults", () => {
    const s = parseScenario("s.yaml", `${base}${contributors}consent:\n  RU: { vetoes: [NATO] }\n`);
    expect(s.contributors).toHaveLength(2);
    expect(s.contributors?.[1].memberships).toEqual([]);
    expect(s.consent?.RU.required).toBe(true);
  });

  it("names the field for an unknown nation in a veto, with a suggestion", () => {
    const e = errorOf(`${base}${contributors}consent:\n  RU: { vetoes: [NATO, AUS] }\n`);
    expect(e.detail.path).toBe("consent.RU.vetoes[1]");
    expect(e.message).toContain('"AUS"');
    expect(e.message).toContain('Did you mean "AU"?');
    expect(e.detail.line).toBe(18);
  });

  it("names the field for a negative pledge", () => {
    const e = errorOf(`${base}${contributors.replace("maxUnits: 2", "maxUnits: -2")}`);
    expect(e.detail.path).toBe("contributors[1].pledges[0].maxUnits");
    expect(e.message).toContain("-2 is too small");
  });

  it("names the field for a condition on a backstop that does not exist", () => {
    const e = errorOf(`${base}${contributors.replace("[US-backstop]", "[US-backstp]")}`);
    expect(e.detail.path).toBe("contributors[0].requires[0]");
    expect(e.message).toContain("neither a backstop nor a contributor");
    expect(e.message).toContain('Did you mean "US-backstop"?');
  });

  it("reads contributors from a referenced file and points errors into it", () => {
    const files: Record<string, string> = {
      "c.yaml": `description: test set\ncontributors:\n  - nation: GB\n    pledges: [{ capability: infantry, maxUnits: 3 }]\n  - nation: FR\n    requires: [DE]\n    pledges: [{ capability: infantry, maxUnits: 1 }]\n`,
    };
    const read: ReadRelative = (rel) => ({ file: rel, text: files[rel] });
    const ok = parseScenario("s.yaml", `${base}contributors: c.yaml\n`.replace(/requires.*\n/, ""), (rel) => ({
      file: rel,
      text: files[rel].replace("    requires: [DE]\n", ""),
    }));
    expect(ok.contributors?.map((c) => c.nation)).toEqual(["GB", "FR"]);
    const e = errorOf(`${base}contributors: c.yaml\n`, read);
    expect(e.detail.file).toBe("c.yaml");
    expect(e.detail.path).toBe("contributors[1].requires[0]");
    expect(e.detail.line).toBe(6);
  });

  it("rejects a lead nation in an unknown sector and an unknown consent party", () => {
    const e1 = errorOf(
      `${base}${contributors}requirements:\n  sectors: [{ id: North }]\npolicy:\n  leadNations: [{ sector: Nrth, nation: GB }]\n`,
    );
    expect(e1.detail.path).toBe("policy.leadNations[0].sector");
    expect(e1.message).toContain('Did you mean "North"?');
    const e2 = errorOf(`${base}${contributors}consent:\n  RUS: { vetoes: [NATO] }\n`);
    expect(e2.detail.path).toBe("consent.RUS");
  });
});
