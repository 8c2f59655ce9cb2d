import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { parseTroopRange, troopSweep, withTroops } from "./sweep.js";

describe("troop sweep (one definition for CLI, API and report)", () => {
  it("parses ranges and lists", () => {
    expect(parseTroopRange("troops=5000..250000")).toEqual([5000, 8700, 15500, 26500, 47000, 82000, 143000, 250000]);
    expect(parseTroopRange("troops=10000..20000:3")).toEqual([10000, 14000, 20000]);
    expect(parseTroopRange("troops=10000,30000,200000")).toEqual([10000, 30000, 200000]);
  });

  it("gives the CLI's range and the API's {from, to, steps} the same points", () => {
    expect(parseTroopRange("troops=5000..250000:7")).toEqual(troopSweep({ from: 5000, to: 250000, steps: 7 }));
  });

  it("keeps the ends exact and the points increasing on a log scale", () => {
    const t = troopSweep({ from: 1234, to: 98765, steps: 12 });
    expect(t[0]).toBe(1234);
    expect(t[t.length - 1]).toBe(98765);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
    expect(withTroops([5000, 20000], [10000, undefined, 5000])).toEqual([5000, 10000, 20000]);
  });

  it("refuses nonsense", () => {
    for (const t of ["troops=a..b", "troops=500..100", "troops=1..", "troops=1,-2"])
      expect(() => parseTroopRange(t)).toThrow(TruceInputError);
    expect(() => troopSweep({ from: 0, to: 10, steps: 3 })).toThrow(TruceInputError);
  });
});
