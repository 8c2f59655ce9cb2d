/**
 * Every bound holds at every edge: a value beyond the maximum is one TruceInputError naming the
 * field and the bound, in the scenario file, the CLI flags, the planning API body and the
 * simulation's last guard — never a crash or a hang (issue 18 critical #1).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intFlag, numberFlag } from "../src/cli/flags.js";
import { TruceInputError } from "../src/errors/index.js";
import type { Zone } from "../src/geo/types.js";
import { BOUNDS, type Bound, checkBound } from "../src/scenario/bounds.js";
import { parseScenario } from "../src/scenario/parse.js";
import { parseSimulationRequest } from "../src/server/plan/simulate.js";
import { resolveSimulationParams } from "../src/sim/params.js";
import { compileSpec } from "../src/sim/spec.js";

function inputError(fn: () => unknown): TruceInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TruceInputError) return e;
    throw e;
  }
  throw new Error("expected a TruceInputError, but nothing was thrown");
}

const baseScenario = () => ({
  name: "Bounds",
  contactLine: {
    type: "LineString",
    coordinates: [
      [30, 47],
      [30, 48],
      [30, 49],
    ],
  },
  zone: { widthKm: 10, sectors: 2 },
  mandate: { posture: "monitor" },
});

/** Set `value` at the dotted `path` of a fresh scenario. */
function scenarioWith(path: string, value: number): Record<string, unknown> {
  const s = baseScenario() as Record<string, unknown>;
  const keys = path.split(".");
  let o = s;
  for (const k of keys.slice(0, -1)) {
    o[k] = { ...((o[k] as object | undefined) ?? {}) };
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
  return s;
}

/** Scenario fields and the bound each must respect. */
const FIELDS: Array<[string, Bound]> = [
  ["force.troops", BOUNDS.troops],
  ["force.police", BOUNDS.civilians],
  ["force.civilianMonitors", BOUNDS.civilians],
  ["theater.population", BOUNDS.population],
  ["zone.sectors", BOUNDS.sectors],
  ["zone.widthKm", BOUNDS.widthKm],
  ["mandate.incidentsPerDay", BOUNDS.incidentsPerDay],
  ["sizing.overrides.serviceTimeH", BOUNDS.serviceTimeH],
  ["sizing.overrides.troopsPerKm", BOUNDS.sizingValue],
  ["simulation.replications", BOUNDS.replications],
  ["simulation.days", BOUNDS.days],
  ["simulation.troops", BOUNDS.troops],
  ["simulation.seed", BOUNDS.seed],
  ["simulation.response.qrfUnits", BOUNDS.qrfUnits],
  ["simulation.response.unitSize", BOUNDS.unitSize],
  ["simulation.breakdown.maxIncidents", BOUNDS.incidentsPerReplication],
  ["patrol.teamsPerSector", BOUNDS.teams],
  ["patrol.teamSize", BOUNDS.teamSize],
  ["patrol.routeSegments", BOUNDS.routeSegments],
  ["patrol.timeLimitS", BOUNDS.timeLimitS],
  ["patrol.seed", BOUNDS.seed],
  ["requirements.totalTroops", BOUNDS.troops],
  ["requirements.maxTotalTroops", BOUNDS.troops],
];

/** Whole numbers (and huge doubles) strictly beyond a bound, up to the largest double. */
const beyond = (b: Bound) =>
  fc.oneof(
    fc.integer({ min: 1, max: 1_000_000 }).map((d) => b.max + d),
    fc.double({ min: b.max * 2 + 1, max: Number.MAX_VALUE, noNaN: true }).map(Math.floor),
  );

describe("bounds: scenario fields", () => {
  it.each(FIELDS)("%s: any value beyond the bound is one input error naming the field", (path, b) => {
    fc.assert(
      fc.property(beyond(b), (v) => {
        const e = inputError(() => parseScenario("b.json", JSON.stringify(scenarioWith(path, v))));
        expect(e.detail.path).toBe(path);
        expect(e.message).toContain(b.max.toLocaleString("en-US"));
      }),
      { numRuns: 25 },
    );
  });

  it("accepts every field at its bound where the scenario can hold it (the bound is inclusive)", () => {
    expect(parseScenario("b.json", JSON.stringify(scenarioWith("force.troops", BOUNDS.troops.max))).force?.troops).toBe(
      BOUNDS.troops.max,
    );
    const s = parseScenario("b.json", JSON.stringify(scenarioWith("simulation.days", BOUNDS.days.max)));
    expect((s.simulation as { days: number }).days).toBe(BOUNDS.days.max);
  });

  it("states the bound's reason in the message (1e15 troops, the issue's reproduction)", () => {
    const e = inputError(() => parseScenario("b.yaml", JSON.stringify(scenarioWith("force.troops", 1e15))));
    expect(e.message).toMatch(/^b\.yaml:\d+:\d+: at force\.troops: 1000000000000000 is too large/);
    expect(e.message).toContain(BOUNDS.troops.why);
  });

  it("refuses a line with more vertices than the bound, and sectors so short they exceed the sector bound", () => {
    const line = (n: number) => Array.from({ length: n }, (_, i) => [30 + (i * 10) / n, 48]);
    const big = { ...baseScenario(), contactLine: { type: "LineString", coordinates: line(BOUNDS.vertices.max + 1) } };
    expect(inputError(() => parseScenario("b.json", JSON.stringify(big))).detail.path).toBe("contactLine.coordinates");
    const short = { ...baseScenario(), zone: { widthKm: 10, sectorLengthKm: 0.001 } };
    const e = inputError(() => parseScenario("b.json", JSON.stringify(short)));
    expect(e.detail.path).toBe("zone.sectorLengthKm");
    expect(e.message).toContain(BOUNDS.sectors.max.toLocaleString("en-US"));
    const segments = { ...baseScenario(), patrol: { segmentLengthKm: 0.001 } };
    const p = inputError(() => parseScenario("b.json", JSON.stringify(segments)));
    expect(p.detail.path).toBe("patrol.segmentLengthKm");
    expect(p.message).toContain(BOUNDS.targets.max.toLocaleString("en-US"));
  });
});

describe("bounds: CLI flags", () => {
  it("any decimal beyond the bound is an input error naming the flag", () => {
    fc.assert(
      fc.property(beyond(BOUNDS.troops), (v) => {
        const e = inputError(() => intFlag("--troops", String(v), BOUNDS.troops));
        expect(e.detail.path).toBe("--troops");
        expect(e.message).toContain("10,000,000");
      }),
    );
  });

  it("reads plain decimals only: hex, octal, binary, blanks and words are refused", () => {
    for (const v of ["0x10", "0o7", "0b1", "", " ", "1e", "ten", "Infinity", "NaN", "1,000"]) {
      expect(inputError(() => numberFlag("--days", v, BOUNDS.days)).detail.path).toBe("--days");
    }
    expect(numberFlag("--days", "1_000", BOUNDS.days)).toBe(1000);
    expect(numberFlag("--days", "2.5", BOUNDS.days)).toBe(2.5);
    expect(intFlag("--threads", "1e1", BOUNDS.threads, 1)).toBe(10);
    expect(inputError(() => intFlag("--threads", "0", BOUNDS.threads, 1)).message).toContain("too small");
    expect(inputError(() => numberFlag("--days", "0", BOUNDS.days, { positive: true })).message).toContain("too small");
    expect(inputError(() => intFlag("--seed", "1.5", BOUNDS.seed)).message).toContain("not a whole number");
  });

  it("never echoes more than a short prefix of what was typed", () => {
    const long = "9".repeat(5000);
    expect(inputError(() => intFlag("--troops", long, BOUNDS.troops)).message.length).toBeLessThan(400);
  });
});

describe("bounds: planning API body", () => {
  it.each([
    ["troops", BOUNDS.troops],
    ["replications", BOUNDS.apiReplications],
    ["days", BOUNDS.days],
    ["seed", BOUNDS.seed],
  ] as const)("%s beyond the bound is an input error naming the field", (field, b) => {
    fc.assert(
      fc.property(beyond(b), (v) => {
        const e = inputError(() => parseSimulationRequest({ replications: 2, days: 1, [field]: v }));
        expect(e.detail.path).toBe(field);
        expect(e.message).toContain(b.max.toLocaleString("en-US"));
      }),
      { numRuns: 25 },
    );
  });

  it("sweep bounds: troops and steps", () => {
    expect(inputError(() => parseSimulationRequest({ sweep: { from: 1, to: 1e15 } })).detail.path).toBe("sweep.to");
    expect(inputError(() => parseSimulationRequest({ sweep: { from: 1, to: 9, steps: 1e6 } })).detail.path).toBe(
      "sweep.steps",
    );
  });
});

describe("bounds: the simulation's last guard", () => {
  const zone = {
    lengthKm: 100,
    leftKm: 5,
    rightKm: 5,
    sectors: [
      { id: "S01", startKm: 0, endKm: 50, areaKm2: 500 },
      { id: "S02", startKm: 50, endKm: 100, areaKm2: 500 },
    ],
  } as unknown as Zone;

  it("troops or derived units beyond the bound are input errors before anything is allocated", () => {
    const p = resolveSimulationParams({});
    fc.assert(
      fc.property(beyond(BOUNDS.troops), (troops) => {
        expect(inputError(() => compileSpec({}, zone, p, { troops })).detail.path).toBe("troops");
      }),
    );
    // 10M troops in 1-soldier units would be 1.5M units: the unit bound catches it.
    const tiny = resolveSimulationParams({ response: { unitSize: 1 } });
    expect(inputError(() => compileSpec({}, zone, tiny, { troops: BOUNDS.troops.max })).detail.path).toBe(
      "simulation.response.qrfUnits",
    );
    expect(compileSpec({}, zone, p, { troops: 50_000 }).qrfUnits).toBe(187);
  });

  it("checkBound refuses NaN, infinities and negatives too", () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, -1, BOUNDS.days.max + 0.5])
      expect(inputError(() => checkBound("days", v, BOUNDS.days)).detail.path).toBe("days");
    expect(() => checkBound("days", BOUNDS.days.max, BOUNDS.days)).not.toThrow();
  });
});

describe("bounds: documented", () => {
  it("docs/scenario.md lists every bound with its maximum", () => {
    const doc = readFileSync(new URL("../docs/scenario.md", import.meta.url), "utf8");
    for (const [name, b] of Object.entries(BOUNDS))
      expect(doc, name).toContain(`| \`${name}\` | ${b.max.toLocaleString("en-US")}`);
  });
});
