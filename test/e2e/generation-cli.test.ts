/** End to end: `truce generate` as a user runs it (needs `npm run build`; `npm test` builds first). */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const truce = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/truce.js", ...args], { cwd: root, encoding: "utf8", timeout: 280_000 });
const ukraine = "data/scenarios/ukraine-gcsp.yaml";

// Each case is a real HiGHS solve in a child process; on the shared, loaded build machine one can take minutes.
describe("truce generate", { timeout: 300_000 }, () => {
  it("--json prints one document; infeasible at 200,000 under the veto, naming it", () => {
    const r = truce("generate", ukraine, "--json", "--require-troops", "200000");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(false);
    expect(doc.totalTroops).toBe(0);
    expect(Array.isArray(doc.allocations)).toBe(true);
    expect(doc.explanation).toContain("Russia's veto of NATO and EU members");
    expect(doc.unmet.find((u: { requirement: string }) => u.requirement === "total:troops")).toMatchObject({
      required: 200_000,
    });
  });

  it("what-if toggles turn the same file feasible, and the table shows the nations", () => {
    const r = truce(
      "generate",
      ukraine,
      "--lift-veto",
      "RU",
      "--backstop",
      "US-backstop=on",
      "--require-troops",
      "30000",
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("FEASIBLE");
    // The lead nations carry the force; the exact split among equal-cost plans follows the zone's sectors.
    expect(r.stdout).toMatch(/FR\s+France\s+\d,\d{3}/);
    expect(r.stdout).toMatch(/GB\s+United Kingdom\s+9,\d50/);
  });

  it("--require-troops size takes the requirement from truce size", () => {
    const r = truce("generate", ukraine, "--json", "--require-troops", "size", "--lift-veto", "RU");
    expect(r.status).toBe(0);
    const m = /Requirement from truce size \((\w+)\): ([\d,]+) troops/.exec(r.stderr);
    expect(m).not.toBeNull();
    const sized = Number(m![2].replace(/,/g, ""));
    const doc = JSON.parse(r.stdout);
    expect(doc.options.whatIf.requireTroops).toBe(sized);
    // Deployed and committed apart: the requirement is deployed troops, rotation multiplies it.
    const committed = Number(/([\d,]+) committed with rotation/.exec(r.stderr)![1].replace(/,/g, ""));
    expect(doc.rotation.basis).toBe("sizing");
    expect(doc.rotation.requiredDeployed).toBe(sized);
    expect(Math.abs(doc.rotation.requiredCommitted - committed)).toBeLessThanOrEqual(1);
    expect(committed).toBeGreaterThan(sized);
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

  it("--without-consent RU: no pledge that needs Russia's consent, marked as a change of mandate", () => {
    const r = truce("generate", ukraine, "--json", "--without-consent", "RU");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(true);
    const nations = doc.byNation.map((n: { nation: string }) => n.nation);
    // Ireland and Austria pledge only with the parties' consent (onlyIf: partyConsent).
    expect(nations).not.toContain("IE");
    expect(nations).not.toContain("AT");
    expect(nations).toContain("TR"); // NATO members come in: Russia's vetoes bind nobody once its consent is gone
    expect(doc.mandateChange).toMatch(/enforcement operation, not peacekeeping/);
    expect(doc.toggles.join(" ")).toMatch(/--without-consent RU: Russia's consent is withdrawn.*drop out \(IE, AT\)/);
    const text = truce("generate", ukraine, "--without-consent", "RU");
    expect(text.stdout).toContain("CHANGE OF MANDATE");
  });

  it("--lift-veto RU:NATO --lift-veto RU:EU keeps Russia's consent, and says so", () => {
    // A generous time limit: the preference solve (distinct leads) must meet its gap on a loaded machine.
    const r = truce(
      "generate",
      ukraine,
      "--json",
      "--lift-veto",
      "RU:NATO",
      "--lift-veto",
      "RU:EU",
      "--time-limit",
      "120",
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.feasible).toBe(true);
    expect(doc.mandateChange).toBeNull();
    expect(doc.assumptions).toContain("Russia: consent required; no veto; lifted NATO, EU.");
    expect(doc.toggles[0]).toMatch(/Russia lifts its veto of NATO and EU and still consents.*\(IE, AT\) stay in/);
    // All 12 zone sectors get troops, each with a lead, distinct where capacity allows (18 nations, 12 sectors).
    expect(doc.sectorSource).toBe("zone");
    expect(doc.bySector).toHaveLength(12);
    for (const s of doc.bySector) expect(s.troops).toBeGreaterThan(0);
    const leads = doc.bySector.map((s: { lead: string }) => s.lead);
    expect(new Set(leads).size).toBe(12);
    const text = truce("generate", ukraine, "--lift-veto", "RU:NATO", "--lift-veto", "RU:EU");
    expect(text.stdout).not.toContain("CHANGE OF MANDATE");
  });

  it("the 200,000 under the veto: the shortfall in troops by capability, and who is kept out", () => {
    const r = truce("generate", "data/scenarios/ukraine-200k.yaml", "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.shortfall.requiredTroops).toBe(200_000);
    expect(doc.shortfall.missingTroops).toBe(200_000 - doc.shortfall.largestTroops);
    const infantry = doc.shortfall.byCapability.find((c: { capability: string }) => c.capability === "infantry");
    expect(infantry).toMatchObject({ required: 100_000, measure: "troops" });
    expect(infantry.shortfall).toBe(100_000 - infantry.provided);
    expect(infantry.ruledOut[0].rule).toBe("Russia's veto of NATO");
    expect(doc.explanation).toMatch(
      /The rules allow [\d,]+ troops.*; [\d,]+ more are needed \(short, by capability: infantry [\d,]+/,
    );
  });

  it("bad toggles are one clear error with exit code 1", () => {
    const r3 = truce("generate", ukraine, "--lift-veto", "RU:CSTO");
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain('Russia has no veto of "CSTO"');
    const r = truce("generate", ukraine, "--backstop", "US-backstop=maybe");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--backstop");
    expect(r.stderr).not.toContain("    at ");
    const r2 = truce("generate", ukraine, "--backstop", "EU-backstop=on");
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('no backstop "EU-backstop"');
  });
});
