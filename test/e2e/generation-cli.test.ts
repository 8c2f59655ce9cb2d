/** End to end: `truce generate` as a user runs it (needs `npm run build`; `npm test` builds first). */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const truce = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/truce.js", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
const ukraine = "data/scenarios/ukraine-gcsp.yaml";

describe("truce generate", () => {
  it("--json prints one document; infeasible at 200,000 under the veto, naming it", () => {
    const r = truce("generate", ukraine, "--json", "--require-troops", "200000");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(false);
    expect(doc.totalTroops).toBe(0);
    expect(Array.isArray(doc.allocations)).toBe(true);
    expect(doc.explanation).toContain("Russia's veto of NATO and EU members");
    expect(doc.unmet[0]).toMatchObject({ requirement: "total:troops", required: 200_000 });
  });

  it("what-if toggles turn the same file feasible, and the table shows the nations", () => {
    const r = truce(
      "generate",
      ukraine,
      "--without-veto",
      "RU",
      "--backstop",
      "US-backstop=on",
      "--require-troops",
      "30000",
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("FEASIBLE");
    expect(r.stdout).toMatch(/FR\s+France\s+9,950/);
  });

  it("--require-troops size takes the requirement from truce size", () => {
    const r = truce("generate", ukraine, "--json", "--require-troops", "size", "--without-veto", "RU");
    expect(r.status).toBe(0);
    const m = /Requirement from truce size \((\w+)\): ([\d,]+) troops/.exec(r.stderr);
    expect(m).not.toBeNull();
    const sized = Number(m![2].replace(/,/g, ""));
    const doc = JSON.parse(r.stdout);
    expect(doc.options.whatIf.requireTroops).toBe(sized);
    // The pipeline's sizing reads the simulator's incident processes (src/ops). Generation must hold
    // exactly that requirement: feasible if the pledges cover it, else say so against that figure.
    if (doc.feasible) {
      expect(doc.totalTroops).toBeGreaterThanOrEqual(sized);
    } else {
      expect(doc.unmet.find((u: { requirement: string }) => u.requirement === "total:troops")).toMatchObject({
        required: sized,
      });
    }
  });

  it("bad toggles are one clear error with exit code 1", () => {
    const r = truce("generate", ukraine, "--backstop", "US-backstop=maybe");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--backstop");
    expect(r.stderr).not.toContain("    at ");
    const r2 = truce("generate", ukraine, "--backstop", "EU-backstop=on");
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('no backstop "EU-backstop"');
  });
});
