import { describe, expect, it } from "vitest";
import type { Zone } from "../geo/types.js";
import { computeZone } from "../geo/zone.js";
import { parseScenario } from "../scenario/parse.js";
import { Planner, teamsFromForce } from "./pipeline.js";

// A scenario that states no force and lists no contributors: every troop number must come from sizing.
const text = `name: Unforced line
contactLine:
  type: LineString
  coordinates: [[37.0, 47.5], [37.6, 48.0], [38.2, 48.6]]
zone:
  widthKm: 10
  sectors: 3
mandate:
  posture: monitor
  tourMonths: 6
simulation:
  days: 2
  replications: 2
`;

describe("the plan pipeline", () => {
  it("computes the zone once through the injected zone stage, however many stages ask", async () => {
    const scenario = parseScenario("t.yaml", text);
    let calls = 0;
    const planner = new Planner({
      zone: async (s) => {
        calls++;
        return computeZone(s);
      },
    });
    await planner.plan(scenario);
    await planner.simulate(scenario, { replications: 1, days: 1 });
    expect(calls).toBe(1);
  });

  it("links sizing to patrols and the simulation when the scenario states no force", async () => {
    const scenario = parseScenario("t.yaml", text);
    const planner = new Planner();
    const plan = await planner.plan(scenario);
    expect(plan.sizing.status).toBe("ok");
    if (plan.sizing.status !== "ok" || plan.patrol.status !== "ok") throw new Error("stages failed");
    const rec = plan.sizing.value.recommended;
    // sizing → generation: deployed and committed kept apart (6-month tours: rule of thirds).
    expect(plan.links.generation?.troopsSource).toBe("sizing");
    expect(plan.links.generation?.troops).toBe(Math.round(rec.troops));
    expect(plan.links.generation?.committedTroops).toBeCloseTo(rec.committed, 6);
    expect((plan.links.generation?.committedTroops ?? 0) / (plan.links.generation?.troops ?? 1)).toBeCloseTo(3, 1);
    // → patrols: the teams the patrol plan uses are the ones the pipeline derived from the sized force.
    const teams = plan.links.patrol?.teamsBySector ?? {};
    expect(Object.values(teams).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const s of plan.patrol.value.sectors) expect(s.teams).toBeLessThanOrEqual(teams[s.sectorId]);
    // → simulation: the sized force, detection from the patrol plan's line coverage.
    const sim = await planner.simulate(scenario, { replications: 2, days: 1, seed: 3 });
    expect(sim.links.troopsSource).toBe("sizing");
    expect(sim.links.detectionSource).toBe("patrols");
    expect(sim.view.troops).toBe(Math.round(rec.troops));
    expect(sim.view.check?.sentence).toMatch(/of incidents in time/);
    // The shared assumptions are what sizing used.
    const ops = plan.links.operations;
    const task = plan.sizing.value.estimates.find((e) => e.method === "task");
    expect(ops).toBeDefined();
    expect(task?.assumptions.incidentsPerDay).toMatch(/shared with the simulator/);
  });

  it("a requested troop number overrides the links and says so", async () => {
    const scenario = parseScenario("t.yaml", text);
    const sim = await new Planner().simulate(scenario, { replications: 1, days: 1, troops: 1234 });
    expect(sim.links).toMatchObject({ troops: 1234, troopsSource: "request" });
    expect(sim.view.troops).toBe(1234);
  });
});

describe("teamsFromForce (generation → patrols)", () => {
  const scenario = parseScenario("t.yaml", text);
  const zone: Zone = computeZone(scenario);
  it("follows the patrol rule: people × patrolShare / teamSize / shifts, split by where the troops stand", () => {
    const even = teamsFromForce(scenario, zone, 2400);
    const total = Object.values(even).reduce((a, b) => a + b, 0);
    const cfg = { patrolShare: 0.2, teamSize: 8, shiftsPerDay: 3 }; // the patrol section's defaults
    expect(total).toBe(Math.floor((2400 * cfg.patrolShare) / cfg.teamSize / cfg.shiftsPerDay));
    const ids = zone.sectors.map((s) => s.id);
    const placed = teamsFromForce(scenario, zone, 2400, [
      { sector: ids[0], troops: 2000 },
      { sector: ids[1], troops: 400 },
    ]);
    expect(placed[ids[0]]).toBeGreaterThan(placed[ids[1]]);
    expect(placed[ids[2]]).toBe(0);
    expect(Object.values(placed).reduce((a, b) => a + b, 0)).toBe(total);
  });
});
