import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { TEST_LINE, testScenario, testSites } from "../../test/support/scenario.js";
import { TruceInputError } from "../errors/index.js";
import { planPatrols } from "./plan.js";
import { planPatrolsInWorker } from "./worker-client.js";

const LINE = TEST_LINE;
const SITES = testSites("MON", "XING");

describe("planning patrols on a worker thread", () => {
  it("gives the same plan and schedule as in-process (ERASER routes) and passes input errors back", async () => {
    const sc = testScenario(LINE, { sites: SITES, patrol: { teamsPerSector: 2, routeSegments: 2 } });
    const bad = testScenario(LINE, { patrol: { teamsPerSector: 50 } });
    const zone = lineZone(LINE, 2);
    // Both workers start together (their start-up dominates).
    const [w, err] = await Promise.all([
      planPatrolsInWorker(sc, zone, { days: 2 }),
      planPatrolsInWorker(bad, zone).then(
        () => undefined,
        (e: unknown) => e,
      ),
    ]);
    const p = await planPatrols(sc, zone, { days: 2 });
    expect(w.solver).toBe("eraser");
    expect(Array.from(w.coverage)).toEqual(Array.from(p.coverage));
    expect(w.assignments).toEqual(p.assignments);
    expect(w.summary).toEqual(p.summary);
    expect(err).toBeInstanceOf(TruceInputError);
    expect((err as TruceInputError).message).toMatch(/patrol\.teamsPerSector/);
  });
});
