import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { proposalMarkers } from "../plan/proposals.js";
import { parseCsv, parseMissions } from "../sizing/missions.js";
import { kforTimeline } from "./missions.js";

const csv = () => readFileSync(new URL("../../data/missions.csv", import.meta.url), "utf8");

describe("parseCsv", () => {
  it("keeps commas and doubled quotes inside quoted fields, and handles CRLF", () => {
    const rows = parseCsv('a,b,c\r\n1,"x, ""y""",3\r\n\r\n4,,6');
    expect(rows).toEqual([
      ["a", "b", "c"],
      ["1", 'x, "y"', "3"],
      ["4", "", "6"],
    ]);
  });
});

describe("parseMissions", () => {
  it("reads the bundled missions.csv with numbers as numbers and blanks as undefined", () => {
    const missions = parseMissions("data/missions.csv", csv());
    const entry = missions.find((m) => m.mission === "KFOR (entry)");
    expect(entry).toBeDefined();
    expect(entry?.year).toBe(1999);
    expect(entry?.troops).toBe(50000);
    expect(entry?.lineKm).toBeUndefined();
    expect(entry?.source).toContain("NATO");
  });

  it("builds a KFOR timeline from 1999 that falls from ~50,000 to under 5,000 by 2025", () => {
    const missions = parseMissions("data/missions.csv", csv());
    const t = kforTimeline(missions);
    expect(t[0].year).toBe(1999);
    expect(t[0].troops).toBe(50000);
    const last = t[t.length - 1];
    expect(last.year).toBe(2025);
    expect(last.troops).toBeLessThan(5000);
    for (let i = 1; i < t.length; i++) expect(t[i].year).toBeGreaterThan(t[i - 1].year);
  });
});

describe("proposal markers", () => {
  it("come from the proposal rows of missions.csv that carry a chart label, smallest first", () => {
    const markers = proposalMarkers(parseMissions("data/missions.csv", csv()));
    expect(markers.map((m) => [m.x, m.label])).toEqual([
      [10000, "10k GCSP"],
      [30000, "30k UK–FR"],
      [200000, "200k Zelenskyy"],
    ]);
    for (const m of markers) expect(m.source.length).toBeGreaterThan(10);
  });
});
