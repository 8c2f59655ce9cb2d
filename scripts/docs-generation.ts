/**
 * Regenerates the Ukraine table in docs/generation.md from runs: `npx tsx scripts/docs-generation.ts`.
 * Each row is one solve of data/scenarios/ukraine-gcsp.yaml with the zone's 12 sectors, as
 * `truce generate` runs it, under a requirement and a set of toggles.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type GenerateOptions, generateForceWith, loadHighs } from "../src/generation/index.js";
import { Planner, unwrap } from "../src/plan/index.js";
import { loadScenarioFile } from "../src/scenario/load.js";

const file = "data/scenarios/ukraine-gcsp.yaml";
const scenario = loadScenarioFile(file);
const zone = unwrap(await new Planner().zone(scenario));
const zoneSectors = zone.sectors.map((s) => ({ id: s.id, lengthKm: s.lengthKm }));
const highs = await loadHighs();
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const politics: Array<[string, GenerateOptions]> = [
  ["as stated (consent and vetoes)", {}],
  ["`--lift-veto RU` (consent kept)", { liftVetoes: ["RU"] }],
  ["`--without-consent RU` (enforcement)", { withoutConsent: ["RU"] }],
];
const rows: string[] = [];
for (const troops of [10_000, 30_000, 200_000]) {
  for (const [label, toggles] of politics) {
    for (const backstop of [false, true]) {
      const r = generateForceWith(highs, scenario, {
        ...toggles,
        requireTroops: troops,
        backstops: { "US-backstop": backstop },
        zoneSectors,
      });
      let result: string;
      if (r.feasible) {
        const leads = new Set(r.bySector.map((s) => s.lead)).size;
        result = `feasible: ${fmt(r.totalTroops)} troops from ${r.byNation.length} nations, ${r.bySector.length} sectors, ${leads} distinct leads${toggles.withoutConsent ? "; IE/AT excluded (need consent)" : ""}`;
      } else {
        const inf = r.infeasibility;
        const sf = r.shortfall;
        const fix = (inf?.relax ?? []).some((x) => x.kind === "requirement")
          ? "no political change is enough"
          : (inf?.relax ?? []).map((x) => x.relaxText.replace(/ \(.*\)$/, "")).join(" + ");
        result = `infeasible: the rules allow ${fmt(sf?.largestTroops ?? 0)}, ${fmt(sf?.missingTroops ?? troops)} short (infantry ${fmt(sf?.byCapability.find((c) => c.capability === "infantry")?.shortfall ?? 0)}); fix: ${fix}`;
      }
      rows.push(`| ${fmt(troops)} | ${label} | ${backstop ? "on" : "off"} | ${result} |`);
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  }
}
const block = [
  "<!-- generation:ukraine:begin -->",
  `Run on \`${file}\` (\`npx tsx scripts/docs-generation.ts\`; cost objective, \`maxShareOfForce\` 0.4, the zone's 12 sectors):`,
  "",
  "| requirement | Russia | US backstop | result |",
  "| --- | --- | --- | --- |",
  ...rows,
  "<!-- generation:ukraine:end -->",
].join("\n");
const doc = readFileSync("docs/generation.md", "utf8");
writeFileSync(
  "docs/generation.md",
  doc.replace(/<!-- generation:ukraine:begin -->[\s\S]*<!-- generation:ukraine:end -->/, block),
);
