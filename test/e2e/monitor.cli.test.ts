/** `truce incidents import|export|report` end to end through the built CLI, on SQLite and PostgreSQL. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type StoreFactory, storeFactory } from "../support/stores.js";

const ROOT = new URL("../..", import.meta.url).pathname;

function truce(args: string[], env: Record<string, string>) {
  if (!existsSync(join(ROOT, "dist", "src", "cli", "index.js")))
    throw new Error("run `npm run build` first (npm test does)");
  return spawnSync(process.execPath, [join(ROOT, "bin", "truce.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
}

const CSV = [
  "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,latitude,longitude,geo_precision,source,notes,fatalities",
  "UKR9001,2025-03-14,2025,1,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia,47.95,37.60,1,Local media,Shelling near the line,1",
  "UKR9002,2025-03-14,2025,1,Battles,Armed clash,Military Forces of Ukraine,48.30,37.95,1,Regional TV,Clash,0",
].join("\n");

/** A small scenario near the CSV's points, so the import does not spend seconds computing the bundled zones. */
const SCENARIO = `name: CLI-test line
contactLine: { type: LineString, coordinates: [[37.5, 47.5], [37.8, 48.1], [38.1, 48.6]] }
zone: { widthKm: 20, sectors: 2 }
parties: [{ id: RU, name: Russia, side: right }, { id: UA, name: Ukraine, side: left }]
mandate: { posture: monitor }
`;

describe.each(DIALECTS)("truce incidents on %s", (dialect) => {
  let factory: StoreFactory;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    factory = await storeFactory(dialect);
    dir = mkdtempSync(join(tmpdir(), "truce-cli-"));
    mkdirSync(join(dir, "scenarios"));
    writeFileSync(join(dir, "scenarios", "donbas-test.yaml"), SCENARIO);
    env = { DATABASE_URL: await factory.newUrl() };
  });
  afterAll(async () => {
    await factory?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports, exports and reports", { timeout: 120_000 }, () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, `${CSV}\nUKR9003,2025-03-40,2025,1,Battles,Armed clash,X,48.3,37.9,1,s,bad date,0\n`);
    const r0 = truce(["incidents", "import", bad], env);
    expect(r0.status).toBe(1);
    expect(r0.stdout).toMatch(/4\s+UKR9003\s+event_date/);
    expect(r0.stderr).toMatch(/nothing was stored/);

    const good = join(dir, "good.csv");
    writeFileSync(good, CSV);
    const r1 = truce(["incidents", "import", good, "--json", "--scenarios", join(dir, "scenarios")], env);
    expect(r1.status, r1.stderr).toBe(0);
    expect(JSON.parse(r1.stdout)).toMatchObject({ rows: 2, created: 2, alreadyPresent: 0, errors: [] });

    const out = join(dir, "out.geojson");
    const r2 = truce(["incidents", "export", "--format", "geojson", "--tier", "public", "-o", out], env);
    expect(r2.status, r2.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(out, "utf8"));
    expect(fc.features.length).toBe(2);
    expect(fc.features[0].properties.event_id_cnty).toBeTruthy();
    expect(fc.features.map((f: { properties: { zone: string } }) => f.properties.zone)).toEqual([
      "donbas-test",
      "donbas-test",
    ]);

    const r3 = truce(["incidents", "report", "--date", "2025-03-14", "--cutoff", "23:59"], env);
    expect(r3.status, r3.stderr).toBe(0);
    expect(r3.stdout).toContain("## Ceasefire violations by sector and weapon class");
    expect(r3.stdout).toMatch(/\| killed \| combatant \| 1 \| 1 \| 1 \| 0 \|/);

    const r4 = truce(["incidents", "export", "--tier", "secret"], env);
    expect(r4.status).toBe(1);
    expect(r4.stderr).toMatch(/--tier/);
  });
});
