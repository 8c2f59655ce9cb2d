import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CALIBRATION_METHODS, calibrate, median, trackRecordFor, trackRecordOf } from "./calibrate.js";
import { type Mission, missionInputs, parseCsv, parseMissions } from "./missions.js";
import { METHOD_NAMES, paramsFor } from "./size.js";

const missions = parseMissions("data/missions.csv", readFileSync("data/missions.csv", "utf8"));
const cal = calibrate(missions);

describe("missions.csv", () => {
  it("parses quoted fields with commas and doubled quotes", () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
    ]);
  });
  it("every row has a source and a status", () => {
    for (const m of missions) {
      expect(m.source.length, m.mission).toBeGreaterThan(5);
      expect(["confirmed", "secondary", "recalled"]).toContain(m.status);
    }
  });
  it("a bad number names the line and column", () => {
    const text =
      "mission,year,kind,posture,threat,record,troops,status,source\nX,1999,buffer,monitor,low,history,1.000.000,confirmed,s\n";
    expect(() => parseMissions("m.csv", text)).toThrow(
      /m\.csv:2: at troops: "1\.000\.000" is not a non-negative number/,
    );
  });
});

describe("calibration", () => {
  it("covers every past mission that has a troop figure and the inputs of some method", () => {
    const expected = missions.filter((m) => {
      const i = missionInputs(m);
      if (m.record !== "history" || !(m.troops && m.troops > 0) || !i) return false;
      return (i.territory && (i.population || i.theaterAreaKm2)) || (!i.territory && (i.lengthKm || i.zoneAreaKm2));
    });
    expect(cal.missions.map((r) => r.mission).sort()).toEqual(expected.map((m) => m.mission).sort());
    expect(cal.missions.length).toBeGreaterThanOrEqual(15);
    // Every row left out says why.
    expect(cal.missions.length + cal.skipped.length).toBe(missions.length);
  });

  it("at least one method predicts past missions within a factor of 2 (median), with no per-mission tuning", () => {
    const good = Object.entries(cal.summary).filter(([, s]) => !s.fitted && s.n >= 7 && s.medianAbsLogError < Math.LN2);
    expect(good.map(([m]) => m)).toEqual(expect.arrayContaining(["density", "recommended"]));
    expect(cal.summary.recommended.n).toBe(cal.missions.length);
  });

  it("uses one parameter set per posture and threat: two missions alike in those get the same rate", () => {
    // UNFICYP 2025 and MFO Sinai are both line missions, monitor, medium threat.
    const a = cal.missions.find((r) => r.mission === "UNFICYP (2025)")!;
    const b = cal.missions.find((r) => r.mission === "MFO Sinai")!;
    const la = missions.find((m) => m.mission === a.mission)!.lineKm!;
    const lb = missions.find((m) => m.mission === b.mission)!.lineKm!;
    expect(a.predicted.frontage / la).toBeCloseTo(b.predicted.frontage / lb, 12);
  });

  it("the ratio is predicted / actual and the summary is the median of |ln ratio|", () => {
    const errs = cal.missions
      .filter((r) => r.predicted.density !== undefined)
      .map((r) => Math.abs(Math.log(r.predicted.density / r.actual)));
    expect(cal.summary.density.medianAbsLogError).toBeCloseTo(median(errs), 14);
    expect(cal.summary.density.looMedianAbsLogError).toBe(cal.summary.density.medianAbsLogError);
  });
});

describe("leave-one-out on a hand-made set", () => {
  const row = (mission: string, lineKm: number, troops: number): Mission => ({
    mission,
    year: 2000,
    kind: "buffer",
    posture: "monitor",
    threat: "low",
    record: "history",
    lineKm,
    troops,
    status: "confirmed",
    source: "test",
  });
  // Default monitor rate r0 = √(3·10) per km; the actual rates are 2·r0, 4·r0, 8·r0 on 100 km.
  const r0 = paramsFor(missionInputs(row("x", 100, 1))!).troopsPerKm.value;
  const set = [row("A", 100, 200 * r0), row("B", 100, 400 * r0), row("C", 100, 800 * r0)];
  const c = calibrate(set);
  it("the fit is the median ratio (4×) and each mission is predicted from the other two (geometric midpoint)", () => {
    expect(c.summary["frontage-fit"].rates!.monitor).toBeCloseTo(4 * r0, 9);
    const byName = Object.fromEntries(c.missions.map((m) => [m.mission, m]));
    // A left out: median of ln 4, ln 8 -> √32 r0 per km.
    expect(byName.A.loo["frontage-fit"]).toBeCloseTo(100 * Math.sqrt(32) * r0, 6);
    expect(byName.B.loo["frontage-fit"]).toBeCloseTo(100 * 4 * r0, 6);
    expect(byName.C.loo["frontage-fit"]).toBeCloseTo(100 * Math.sqrt(8) * r0, 6);
    // In-sample errors: |ln(4/2)|, 0, |ln(4/8)| -> median ln 2; LOO: ln(√32/2), 0... -> median ln √8 − ln 2 … computed:
    const looErrs = [Math.log(Math.sqrt(32) / 2), Math.log(4 / 4), Math.abs(Math.log(Math.sqrt(8) / 8))].map(Math.abs);
    expect(c.summary["frontage-fit"].medianAbsLogError).toBeCloseTo(Math.LN2, 12);
    expect(c.summary["frontage-fit"].looMedianAbsLogError).toBeCloseTo(median(looErrs), 12);
    // The unfitted method's error on this set: the default is 2, 4 and 8 times too low.
    expect(c.summary.frontage.medianAbsLogError).toBeCloseTo(Math.log(4), 12);
  });
});

describe("track record", () => {
  it("trackRecordOf gives what trackRecordFor gives on the full calibration, for every class, posture and unfitted method", () => {
    const classes = [...new Set(cal.missions.map((r) => r.missionClass)), "reassurance"];
    const postures = [...new Set(cal.missions.map((r) => r.posture)), "reassure"];
    let tested = 0;
    for (const missionClass of classes)
      for (const posture of postures)
        for (const method of [...METHOD_NAMES, "precedent"]) {
          const q = { method, missionClass, posture };
          const full = trackRecordFor(cal, q);
          expect(trackRecordOf(missions, q), JSON.stringify(q)).toEqual(full);
          if (full.missions > 0) tested++;
        }
    expect(tested).toBeGreaterThan(10);
  });

  it("a fitted variant falls back to the full calibration", () => {
    const q = { method: "frontage-fit", missionClass: "line", posture: "interpose" };
    expect(CALIBRATION_METHODS).toContain(q.method);
    expect(trackRecordOf(missions, q)).toEqual(trackRecordFor(cal, q));
  });
});
