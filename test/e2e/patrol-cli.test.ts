import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/program.js";

const KOSOVO = new URL("../../data/scenarios/kosovo-2025.yaml", import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(["node", "truce", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function writeBad(dir: string, text: string): string {
  const file = join(dir, "bad2.yaml");
  writeFileSync(file, text);
  return file;
}

describe("truce patrol", () => {
  it("--json prints the issue's shape; --csv and --geojson write the same schedule for the same seed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "truce-patrol-"));
    const a = await run([
      "patrol",
      KOSOVO,
      "--json",
      "--days",
      "2",
      "--seed",
      "7",
      "--csv",
      join(dir, "a.csv"),
      "--versus",
      "60",
    ]);
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.out);
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(["coverage", "attackerBestResponse", "defenderUtility", "baselines", "schedule"]),
    );
    expect(doc.coverage[0]).toEqual(
      expect.objectContaining({ target: expect.any(String), probability: expect.any(Number) }),
    );
    // Every target carries its drive from the sector's posts, and all bundled ones are within reach.
    for (const c of doc.coverage) {
      expect(c.travelTimeH).toBeGreaterThanOrEqual(0);
      expect(c.inReach).toBe(true);
    }
    expect(doc.attackerBestResponse).toEqual({ target: expect.any(String), attackerUtility: expect.any(Number) });
    expect(doc.baselines.uniform.defenderUtility).toBeLessThan(doc.defenderUtility);
    expect(doc.baselines.proportional.margin).toBeGreaterThan(0);
    expect(doc.schedule.length).toBe(2 * 3 * 39);
    expect(doc.versus.game.attacks).toBe(doc.versus.uniform.attacks);
    expect(doc.versus.game.attacks).toBeGreaterThan(20);
    const b = await run([
      "patrol",
      KOSOVO,
      "--days",
      "2",
      "--seed",
      "7",
      "--csv",
      join(dir, "b.csv"),
      "--geojson",
      join(dir, "b.geojson"),
    ]);
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/Margin over uniform/);
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe(readFileSync(join(dir, "b.csv"), "utf8"));
    const gj = JSON.parse(readFileSync(join(dir, "b.geojson"), "utf8"));
    expect(gj.type).toBe("FeatureCollection");
    expect(gj.features.length).toBeGreaterThan(0);
  });

  it("bad input: exit 1 with one clear message naming the field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "truce-patrol-"));
    const text = readFileSync(KOSOVO, "utf8")
      .replace("../lines/", `${new URL("../../data/lines/", import.meta.url).pathname}`)
      .replace("type: crossing, lon: 20.762", "type: crosing, lon: 20.762");
    const file = join(dir, "bad.yaml");
    writeFileSync(file, text);
    const r = await run(["patrol", file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml:\d+:\d+: at sites\[12\]\.type: "crosing".*Did you mean "crossing"/);
    const payoff = writeBad(
      dir,
      text
        .replace("type: crosing", "type: crossing")
        .replace("lat: 42.599, payoff: { attackerUncovered: 10 }", "lat: 42.599, payoff: { attackerUncovered: -10 }"),
    );
    const p = await run(["patrol", payoff]);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/bad2\.yaml: at sites\[2\]\.payoff\.attackerUncovered: target "GRACANICA"/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const d = await run(["patrol", KOSOVO, "--days", "x"]);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/--days/);
  });
});
