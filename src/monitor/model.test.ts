import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceKm } from "../geo/geodesic.js";
import { parseCsv, toCsv } from "./csv.js";
import { checkTransition, TRANSITIONS } from "./incident.js";
import { coarsen, releaseIncident } from "./release.js";
import type { Incident } from "./schema.js";
import { incidentInputSchema } from "./schema.js";
import { bestGrade, gradeAtLeast, STATUSES } from "./taxonomy.js";
import { UUID_V7_RE, uuidv7, uuidv7Time } from "./uuid.js";

describe("UUIDv7", () => {
  it("has the RFC 9562 layout, encodes the time, and increases within a millisecond", () => {
    const t = Date.UTC(2025, 2, 14, 6, 30);
    const ids = Array.from({ length: 5000 }, () => uuidv7(t));
    for (const id of ids) expect(id).toMatch(UUID_V7_RE);
    expect(uuidv7Time(ids[0])).toBe(t);
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
  });
});

describe("Admiralty grades", () => {
  it("compares on both axes and picks the strongest", () => {
    expect(gradeAtLeast("B2", "C3")).toBe(true);
    expect(gradeAtLeast("B4", "C3")).toBe(false);
    expect(gradeAtLeast("A6", "F1")).toBe(false);
    expect(bestGrade(["C3", "B5", "B2", "F6"])).toBe("B2");
  });
});

describe("verification state machine", () => {
  it("allows exactly the stated transitions, verified/disproved for analysts only", () => {
    const analyst = { name: "a", role: "analyst" as const };
    const reporter = { name: "r", role: "reporter" as const };
    for (const from of STATUSES)
      for (const to of STATUSES) {
        const allowed = TRANSITIONS[from].includes(to);
        if (!allowed) expect(() => checkTransition(from, to, analyst)).toThrow(/cannot move/);
        else expect(() => checkTransition(from, to, analyst)).not.toThrow();
        const analystOnly = [to, from].some((s) => s === "verified" || s === "disproved");
        if (allowed && analystOnly) expect(() => checkTransition(from, to, reporter)).toThrow(/only analysts/);
      }
    expect(TRANSITIONS.reported).toEqual(["corroborated", "disproved"]);
  });
});

describe("incident schema", () => {
  it("checks the sub-event type against the event type and casualty ranges", () => {
    const base = {
      occurredAt: "2025-03-14T06:30:00Z",
      lon: 30,
      lat: 48,
      eventType: "Riots",
      subEventType: "Mob violence",
      sources: [{ type: "local" }],
    };
    expect(incidentInputSchema.parse(base).sources[0].grade).toBe("F6");
    expect(incidentInputSchema.safeParse({ ...base, subEventType: "Grenade" }).error?.issues[0].path).toEqual([
      "subEventType",
    ]);
    const bad = incidentInputSchema.safeParse({
      ...base,
      casualties: [{ group: "civilian", outcome: "killed", best: 2, low: 3 }],
    });
    expect(bad.error?.issues[0].path).toEqual(["casualties", 0, "low"]);
    expect(incidentInputSchema.safeParse({ ...base, occurredUntil: "2025-03-14T05:00:00Z" }).success).toBe(false);
    expect(incidentInputSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
});

describe("CSV", () => {
  it("round-trips any cells through write and parse", () => {
    // Cells a spreadsheet would run as formulas are written with a leading ' (tested below).
    const cell = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !/^ *[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const text = toCsv(["a", "b", "c"], rows);
        const back = parseCsv(text).map((r) => r.cells);
        // An all-empty row is written as ",," and must come back as three empty cells.
        expect(back).toEqual([["a", "b", "c"], ...rows]);
      }),
      { numRuns: 300 },
    );
  });

  it("neutralises spreadsheet formulas and reports the line of an unclosed quote", () => {
    expect(toCsv(["x"], [["=HYPERLINK(1)"], ["-3.5"]])).toBe("x\r\n'=HYPERLINK(1)\r\n-3.5\r\n");
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/line 2/);
  });
});

describe("release tiers", () => {
  it("snaps points to a cell centre within half the cell diagonal", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -70, max: 70, noNaN: true }),
        (lon, lat) => {
          for (const cell of [2, 10]) {
            const [x, y] = coarsen(lon, lat, cell);
            expect(distanceKm([lon, lat], [x, y])).toBeLessThan(((cell * Math.SQRT2) / 2) * 1.02);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("removes identities for parties and drops own-force positions below internal", () => {
    const inc = {
      id: "x",
      lon: 30.01,
      lat: 48.02,
      ownForces: true,
      geoPrecisionKm: 0.1,
      idempotencyKey: "k",
      createdBy: "patrol-7",
      sources: [{ type: "patrol", grade: "B2", name: "ROMEO", reference: "log 12" }],
      verification: [
        { from: "reported", to: "verified", at: "t", by: "analyst-1", reason: "photo", evidence: "IMG_1" },
      ],
      derived: { distanceToLineKm: 3.456, withdrawalViolation: null },
    } as unknown as Incident;
    const p = releaseIncident({ ...inc, ownForces: false }, "parties")!;
    expect(JSON.stringify(p)).not.toMatch(/ROMEO|log 12|patrol-7|analyst-1|IMG_1/);
    expect(p.derived.distanceToLineKm).toBe(4);
    // Own-force positions are released at internal only.
    expect(releaseIncident(inc, "parties")).toBeNull();
    expect(releaseIncident(inc, "public")).toBeNull();
    expect(releaseIncident({ ...inc, ownForces: false }, "public")).not.toBeNull();
    expect(releaseIncident(inc, "internal")).toBe(inc);
  });
});
