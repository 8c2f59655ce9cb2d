/**
 * `truce fit` end to end through the compiled CLI (run `npm run build` first): an ACLED-format
 * CSV of riots in the Kosovo 2004 zone, clustered in time, becomes a `simulation:` section that
 * `truce simulate` runs as it is; bad input exits 1 with the field named.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { computeZone } from "../../src/geo/zone.js";
import { pointInPolygon } from "../../src/monitor/place.js";
import { loadScenarioFile } from "../../src/scenario/load.js";
import { stream } from "../../src/util/random.js";

const root = new URL("../../", import.meta.url).pathname;
const bin = join(root, "bin/truce.js");
const scenarioFile = join(root, "data/scenarios/kosovo-2004.yaml");

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
}

/** A point inside each sector: the first vertex midpoint-average that falls inside its polygon. */
function insidePoints(): Array<[number, number]> {
  const zone = computeZone(loadScenarioFile(scenarioFile));
  return zone.sectors.map((s) => {
    const ring = (s.geometry.type === "Polygon" ? s.geometry.coordinates[0] : s.geometry.coordinates[0][0]) as Array<
      [number, number]
    >;
    for (let a = 0; a < ring.length; a++)
      for (let b = a + 2; b < ring.length; b++) {
        const p: [number, number] = [(ring[a][0] + ring[b][0]) / 2, (ring[a][1] + ring[b][1]) / 2];
        if (pointInPolygon(p, s.geometry)) return p;
      }
    throw new Error(`no inside point for ${s.id}`);
  });
}

describe("truce fit (compiled CLI)", () => {
  it("fits an ACLED CSV and its section runs in truce simulate", () => {
    const pts = insidePoints();
    const rng = stream(99);
    const head =
      "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,latitude,longitude,geo_precision,source,notes,fatalities,civilian_targeting";
    const rows: string[] = [];
    // riots on 120 days: a quiet background with bursts that last a few days (self-excitation)
    let id = 0;
    let heat = 0;
    for (let day = 0; day < 120; day++) {
      heat = heat * 0.5 + (rng.next() < 0.05 ? 4 : 0);
      const n = rng.poisson(0.8 + heat);
      for (let k = 0; k < n; k++) {
        const s = Math.floor(rng.next() * pts.length);
        const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        rows.push(`XKX${++id},${date},2024,1,Riots,Violent demonstration,Rioters,${pts[s][1]},${pts[s][0]},1,Test,,0,`);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), "truce-fit-"));
    const csv = join(dir, "acled.csv");
    writeFileSync(csv, `${head}\n${rows.join("\n")}\n`);
    const out = join(dir, "fit.yaml");
    const r = run(["fit", scenarioFile, "--acled", csv, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/# riot: \d+ incidents; branching [0-9.]+ ± [0-9.]+, decay/);
    expect(r.stdout).toMatch(/KS D = [0-9.]+, p = [0-9.]+/);
    const section = parse(readFileSync(out, "utf8")).simulation;
    expect(Object.keys(section.incidents.riot.ratePerSectorDay)).toEqual(["S01", "S02", "S03", "S04", "S05"]);
    expect(section.incidents.riot.branchingRatio).toBeGreaterThan(0.1); // the bursts are seen as excitation

    // --json carries the standard errors and the KS line
    const j = run(["fit", scenarioFile, "--acled", csv, "--json"]);
    expect(j.status).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.types[0].type).toBe("riot");
    expect(doc.types[0].events).toBe(rows.length);
    expect(doc.types[0].branchingRatioSe).toBeGreaterThan(0);

    // the same incidents through the monitoring store: import, then fit from --data
    const scen = join(dir, "scen");
    mkdirSync(join(scen, "scenarios"), { recursive: true });
    mkdirSync(join(scen, "lines"));
    copyFileSync(scenarioFile, join(scen, "scenarios", "kosovo-2004.yaml"));
    copyFileSync(join(root, "data/lines/kosovo-serbia-abl.geojson"), join(scen, "lines", "kosovo-serbia-abl.geojson"));
    const data = join(dir, "store");
    const imp = run(["incidents", "import", csv, "--data", data, "--scenarios", join(scen, "scenarios")]);
    expect(imp.status, imp.stderr).toBe(0);
    const fromStore = run(["fit", join(scen, "scenarios", "kosovo-2004.yaml"), "--data", data, "--json"]);
    expect(fromStore.status, fromStore.stderr).toBe(0);
    const sdoc = JSON.parse(fromStore.stdout);
    expect(sdoc.source).toMatch(/monitoring store \(zone kosovo-2004\)/);
    expect(sdoc.types[0].events).toBe(rows.length);
    // day-precision incidents are spread within their days the same way from either source
    expect(sdoc.types[0].branchingRatio).toBeCloseTo(doc.types[0].branchingRatio, 6);

    // the section as it is, in a scenario, through truce simulate
    const sc = parse(readFileSync(scenarioFile, "utf8"));
    sc.contactLine = join(root, "data/lines/kosovo-serbia-abl.geojson");
    sc.simulation = { ...section, days: 10, replications: 4, seed: 1 };
    const fitted = join(dir, "fitted.yaml");
    writeFileSync(fitted, stringify(sc));
    const sim = run(["simulate", fitted, "--json", "--threads", "1"]);
    expect(sim.status).toBe(0);
    expect(JSON.parse(sim.stdout).kpis.riots.mean).toBeGreaterThan(0);
  }, 120_000);

  it("bad input exits 1 and names the field", () => {
    const r = run(["fit", scenarioFile, "--acled", scenarioFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/event_id_cnty|ACLED/);
    const d = run(["fit", scenarioFile, "--from", "yesterday", "--acled", scenarioFile]);
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/--from/);
  });
});
