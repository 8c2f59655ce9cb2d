import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { TruceInputError } from "../errors/index.js";
import { parseScenario } from "../scenario/parse.js";
import { resolveSimulationParams } from "./params.js";
import { simulate, sweep } from "./simulate.js";

const zone = lineZone(100, 2);

async function inputError(p: Promise<unknown> | (() => unknown)): Promise<TruceInputError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(TruceInputError);
    return e as TruceInputError;
  }
  throw new Error("expected a TruceInputError");
}

describe("bad parameters get one clear TruceInputError", () => {
  it("a negative rate names the field", async () => {
    const e = await inputError(() => resolveSimulationParams({ incidents: { riot: { ratePerSectorDay: -1 } } }));
    expect(e.detail.path).toBe("simulation.incidents.riot.ratePerSectorDay");
    expect(e.message).toMatch(/simulation\.incidents\.riot\.ratePerSectorDay/);
  });

  it("a branching ratio of 1 or more is refused with the reason", async () => {
    for (const n of [1, 1.5]) {
      const e = await inputError(
        simulate({ force: { troops: 1000 }, simulation: { incidents: { armedClash: { branchingRatio: n } } } }, zone),
      );
      expect(e.detail.path).toBe("simulation.incidents.armedClash.branchingRatio");
      expect(e.message).toMatch(/explodes/);
    }
  });

  it("zero replications, a bad seed, no troops, unknown sectors", async () => {
    const sc = { force: { troops: 1000 }, simulation: { days: 1 } };
    expect((await inputError(simulate(sc, zone, { replications: 0 }))).detail.path).toBe("replications");
    expect((await inputError(simulate(sc, zone, { replications: 1.5 }))).detail.path).toBe("replications");
    expect((await inputError(() => resolveSimulationParams({ replications: 0 }))).detail.path).toBe(
      "simulation.replications",
    );
    expect((await inputError(simulate(sc, zone, { seed: -3 }))).detail.path).toBe("seed");
    expect((await inputError(simulate(sc, zone, { days: 0 }))).detail.path).toBe("days");
    expect((await inputError(simulate({ simulation: { days: 1 } }, zone))).message).toMatch(/force\.troops/);
    const shock = {
      force: { troops: 1000 },
      simulation: { days: 1, shocks: [{ atDay: 0.5, sectors: ["S09"], incidentsPerSector: 1 }] },
    };
    expect((await inputError(simulate(shock, zone))).message).toMatch(/"S09" is not a sector/);
    expect((await inputError(simulate(sc, zone, { detectionBySector: [0.5] }))).message).toMatch(/2 sectors/);
    expect((await inputError(simulate(sc, zone, { coverageBySector: { S01: 1.5 } }))).message).toMatch(/probability/);
    expect((await inputError(sweep(sc, zone, { troops: [] }))).detail.path).toBe("sweep");
  });

  it("a scenario file with a bad simulation section points at its line", () => {
    const text = [
      "name: t",
      "contactLine: { type: LineString, coordinates: [[20.0, 42.0], [21.0, 42.5]] }",
      "zone: { widthKm: 10, sectors: 2 }",
      "mandate: { posture: monitor }",
      "simulation:",
      "  incidents:",
      "    riot:",
      "      ratePerSectorDay: -2",
    ].join("\n");
    let err: unknown;
    try {
      parseScenario("t.yaml", text, () => {
        throw new Error("no files");
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TruceInputError);
    expect((err as TruceInputError).detail.line).toBe(8);
  });
});

describe("stability: effective branching n + escalationProbability × escalationSpawnMean", () => {
  const riot = (extra: object) => ({
    force: { troops: 1000 },
    simulation: { days: 1, incidents: { riot: { branchingRatio: 0.5, escalationProbability: 0.5, ...extra } } },
  });

  it("at 1 or more with no cap is an input error naming the field", async () => {
    const e = await inputError(simulate(riot({ escalationSpawnMean: 1 }), zone, { replications: 1 }));
    expect(e.detail.path).toBe("simulation.incidents.riot.escalationSpawnMean");
    expect(e.message).toMatch(/effective branching/);
    expect(e.message).toMatch(/maxIncidents/);
  });

  it("at 1 or more with an explicit cap runs, with a warning", async () => {
    const sc = riot({ escalationSpawnMean: 1.2 });
    (sc.simulation as Record<string, unknown>).breakdown = { maxIncidents: 2000 };
    const r = await simulate(sc, zone, { replications: 2 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/riot: effective branching .* = 1\.100 ≥ 1/);
  });

  it("0.95 and above warns; the defaults do not", async () => {
    const r = await simulate(riot({ escalationSpawnMean: 0.92 }), zone, { replications: 1 });
    expect(r.warnings.join()).toMatch(/riot: .*0\.960 is close to 1/);
    const d = await simulate({ force: { troops: 1000 }, simulation: { days: 1 } }, zone, { replications: 1 });
    expect(d.warnings).toEqual([]);
  });
});
