import { describe, expect, it } from "vitest";
import { ModelBuilder, solveBuilt } from "./builder.js";

describe("ModelBuilder on HiGHS", () => {
  it("solves a textbook LP to its vertex (max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 → x = 2, y = 6, 36)", async () => {
    const b = new ModelBuilder();
    b.objective("maximize", [
      [3, "x"],
      [5, "y"],
    ]);
    b.row([[1, "x"]], "<=", 4);
    b.row([[2, "y"]], "<=", 12);
    b.row(
      [
        [3, "x"],
        [2, "y"],
      ],
      "<=",
      18,
    );
    const r = await solveBuilt(b, { timeLimitS: 10 });
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeCloseTo(36, 9);
    expect(r.value("x")).toBeCloseTo(2, 9);
    expect(r.value("y")).toBeCloseTo(6, 9);
    expect(r.value("never-mentioned")).toBe(0);
  });

  it("keeps binaries integral and adds up a variable repeated in one row", async () => {
    // max a + b + c s.t. 2a + b + c ≤ 2 (a written twice) and a ≥ 0.5: binary a must be 1,
    // leaving b = c = 0. Were the repeated a counted once, the optimum would be 2.
    const b = new ModelBuilder();
    b.objective("maximize", [
      [1, "a"],
      [1, "b"],
      [1, "c"],
    ]);
    b.row(
      [
        [1, "a"],
        [1, "a"],
        [1, "b"],
        [1, "c"],
      ],
      "<=",
      2,
    );
    b.row([[1, "a"]], ">=", 0.5);
    b.binaries(["a", "b", "c"]);
    const r = await solveBuilt(b, { timeLimitS: 10, mipRelGap: 0 });
    expect(r.status).toBe("optimal");
    expect([r.value("a"), r.value("b"), r.value("c")]).toEqual([1, 0, 0]);
    expect(r.objective).toBeCloseTo(1, 9);
  });

  it("reports an infeasible model, and free variables go negative", async () => {
    const bad = new ModelBuilder();
    bad.objective("minimize", [[1, "x"]]);
    bad.row([[1, "x"]], ">=", 2);
    bad.bounds("x", 0, 1);
    expect((await solveBuilt(bad, { timeLimitS: 10 })).status).toBe("infeasible");

    const free = new ModelBuilder();
    free.objective("minimize", [[1, "k"]]);
    free.row([[1, "k"]], ">=", -3);
    free.free("k");
    const r = await solveBuilt(free, { timeLimitS: 10 });
    expect(r.value("k")).toBeCloseTo(-3, 9);
  });

  it("refuses a non-finite coefficient", () => {
    expect(() => new ModelBuilder().row([[Number.NaN, "x"]], "<=", 1)).toThrow(/coefficient NaN of x/);
  });
});
