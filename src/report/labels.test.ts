import { describe, expect, it } from "vitest";
import { PARAM_NAMES } from "../sizing/params.js";
import { factorLabel, formatKpi, METHOD_LABELS, methodLabel, PARAM_LABELS, paramLabel } from "./labels.js";

describe("labels", () => {
  it("names every sizing parameter in words, each label distinct", () => {
    for (const p of PARAM_NAMES) expect(PARAM_LABELS[p], p).toMatch(/^[A-Z]/);
    expect(new Set(Object.values(PARAM_LABELS)).size).toBe(PARAM_NAMES.length);
    expect(Object.keys(PARAM_LABELS).sort()).toEqual([...PARAM_NAMES].sort());
  });
  it("falls back to words for unknown names and keeps method ids readable", () => {
    expect(paramLabel("dwellMonths")).toBe("Months between tours");
    expect(paramLabel("newThingPerKm")).toBe("new thing per km");
    expect(methodLabel("frontage")).toBe(METHOD_LABELS.frontage);
    expect(methodLabel("density-fit")).toBe("density-fit");
  });
  it("writes simulation values as plain rounded numbers and factors as labels", () => {
    expect(formatKpi(0.6345, "share")).toBe("63%");
    expect(formatKpi(0.05, "probability")).toBe("5%");
    expect(formatKpi(21.67, "count")).toBe("22");
    expect(formatKpi(3.333, "count")).toBe("3.3");
    expect(formatKpi(1602.3, "count")).toBe("1,602");
    expect(formatKpi(38.4, "min")).toBe("38 min");
    expect(factorLabel("golden time (all types)")).toBe("Golden time (all types)");
  });
});
