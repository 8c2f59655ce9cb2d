/**
 * Response semantics that cannot backfire (issue 12, item 1): an incident escalates at most once,
 * and a unit on scene can only lower its chance of escalating against the same incident left
 * alone. Checked per incident type with common random numbers: the same seed gives every force
 * size the same original incidents with the same luck, so the escalated ones with a force must be
 * a subset of those without.
 */
import { describe, expect, it } from "vitest";
import { lineZone } from "../../test/support/lineZone.js";
import { climbLadder, escalatesAtGolden } from "./model.js";
import { INCIDENT_TYPES } from "./params.js";
import { simulate } from "./simulate.js";

describe("the escalation decision (pure)", () => {
  it("for the same uniform, responders on scene never turn a non-escalation into one", () => {
    let fewer = 0;
    for (let k = 0; k < 2000; k++) {
      const u = (k * 0.618034) % 1;
      const p = ((k * 0.414214) % 1) * 0.9;
      const q = (k % 37) / 5;
      const alone = escalatesAtGolden(u, p, 0, false);
      for (const contained of [false, true]) {
        const withUnit = escalatesAtGolden(u, p, q, contained);
        if (withUnit) expect(alone).toBe(true);
        if (alone && !withUnit) fewer++;
      }
    }
    expect(fewer).toBeGreaterThan(100); // responders do remove escalations
  });

  it("the ladder ends a calm incident by a show of force at most, and more responders contain more", () => {
    const ladder = [0.3, 0.3, 0.3, 0.6, 0.5, 0.9];
    for (let k = 0; k < 500; k++) {
      const u = (k + 0.5) / 500;
      const r = climbLadder(u, 0.7, ladder, 5, true);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(2);
      // same uniform, more responders: contained at the same rung or a lower one
      const few = climbLadder(u, 0.5, ladder, 5, false);
      const many = climbLadder(u, 2, ladder, 5, false);
      if (few >= 0) expect(many).toBeGreaterThanOrEqual(0);
      if (few >= 0 && many >= 0) expect(many).toBeLessThanOrEqual(few);
    }
  });
});

const off = { ratePerSectorDay: 0 };

describe("a unit on scene can only lower escalation, per incident type (common random numbers)", () => {
  for (const type of INCIDENT_TYPES) {
    it(`${type}: escalated incidents with a force are a subset of those left alone`, async () => {
      const incidents: Record<string, object> = {
        ceasefireViolation: off,
        riot: off,
        armedClash: off,
        incursion: off,
      };
      incidents[type] = { ratePerSectorDay: type === "ceasefireViolation" ? 4 : 1, responseShare: 1 };
      const scenario = { simulation: { days: 20, incidents } };
      const zone = lineZone(300, 3);
      const run = (troops: number) => simulate(scenario, zone, { troops, replications: 4, seed: 12, trace: true });
      const alone = await run(0);
      let removed = 0;
      let escalatedAlone = 0;
      let spawnedAlone = 0;
      let deadAlone = 0;
      for (const troops of [1500, 6000, 40000]) {
        const r = await run(troops);
        for (let rep = 0; rep < 4; rep++) {
          const a = alone.traces?.[rep];
          const b = r.traces?.[rep];
          if (!a || !b) throw new Error("no trace");
          // common random numbers: the same original incidents at every force size
          expect(b.originalStarts).toEqual(a.originalStarts);
          const left = new Set(a.escalatedOriginalStarts);
          for (const t of b.escalatedOriginalStarts)
            expect(left.has(t), `escalated at ${t} h only with a force`).toBe(true);
          // at most once per cause
          expect(new Set(b.escalatedOriginalStarts).size).toBe(b.escalatedOriginalStarts.length);
          removed += left.size - b.escalatedOriginalStarts.length;
          escalatedAlone += left.size;
          // incidents set off by escalations too: every one with a force exists, and escalates, alone
          const startedAlone = new Set(a.startedKeys);
          for (const key of b.startedKeys)
            expect(startedAlone.has(key), `incident ${key} only with a force`).toBe(true);
          const escAlone = new Set(a.escalatedKeys);
          for (const key of b.escalatedKeys) expect(escAlone.has(key), `${key} escalated only with a force`).toBe(true);
          spawnedAlone += a.startedKeys.length - a.originalStarts.length;
          // deaths, force's included: no incident kills more with a force than left alone
          for (const [key, dead] of b.deathsByKey)
            expect(dead, `deaths of incident ${key}`).toBeLessThanOrEqual(a.deathsByKey.get(key) ?? 0);
          deadAlone += [...a.deathsByKey.values()].reduce((x, y) => x + y, 0);
        }
      }
      expect(escalatedAlone).toBeGreaterThan(0);
      expect(removed).toBeGreaterThan(0);
      // the checks above are not vacuous: escalations spawn incidents and kill
      expect(spawnedAlone).toBeGreaterThan(0);
      // (ceasefire violations involve a handful of people: no deaths in four replications)
      if (type !== "ceasefireViolation") expect(deadAlone).toBeGreaterThan(0);
    });
  }
});
