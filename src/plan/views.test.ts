import { describe, expect, it } from "vitest";
import { type SizingInputs, sizeScenario } from "../sizing/size.js";
import { sizingView } from "./views.js";

const line: SizingInputs = {
  posture: "monitor",
  threat: "medium",
  territory: false,
  lengthKm: 500,
  zoneAreaKm2: 5000,
  postSpacingKm: 10,
};

describe("sizingView", () => {
  it("carries the requirement's joint-uncertainty percentiles, ordered, from the sizing result", () => {
    const r = sizeScenario(line);
    const v = sizingView(r);
    const u = r.recommended.requirement.uncertainty;
    expect(v.requirement).toEqual({
      method: r.recommended.requirement.method,
      troops: r.recommended.requirement.troops,
      p5: u.p5,
      p50: u.p50,
      p95: u.p95,
      draws: u.draws,
      seed: u.seed,
    });
    const q = v.requirement;
    if (!q) throw new Error("no requirement in the view");
    expect(q.draws).toBeGreaterThan(0);
    expect(q.p5).toBeGreaterThan(0);
    expect(q.p5).toBeLessThanOrEqual(q.p50);
    expect(q.p50).toBeLessThanOrEqual(q.p95);
    expect(q.p95).toBeGreaterThan(q.p5);
  });
});
