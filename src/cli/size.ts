/** `truce size FILE [--json] [--compare FILE...]`: force sizing, and proposals side by side. */
import type { Command } from "commander";
import type { Zone } from "../geo/types.js";
import { Planner, unwrap } from "../plan/index.js";
import { methodLabel, paramLabel } from "../report/labels.js";
import { loadScenarioFile, readInputFile } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import {
  classOf,
  comparisonMarkdown,
  type ProposalRow,
  probCovers,
  type SizingResult,
  type TrackRecord,
} from "../sizing/index.js";
import { bundledMissionsFile } from "./calibrate.js";
import { formatNumber, printJson, table } from "./io.js";
import { cachedSizing, cachedTrackRecord } from "./sizingCache.js";
import { cachedZone } from "./zoneCache.js";

/**
 * How the answer the recommendation followed fared on past missions of the same class and posture
 * (data/missions.csv, truce calibrate); "untested" when none was checked, never another class's record.
 */
function trackRecord(r: SizingResult): TrackRecord {
  const file = bundledMissionsFile();
  const rec = r.recommended;
  // Cached on disk (sizingCache.ts), keyed by the file's text: an edited missions.csv misses.
  return cachedTrackRecord(file, readInputFile(file), {
    method: rec.follows === "precedent" ? "precedent" : rec.method,
    missionClass: classOf(r.inputs),
    posture: r.inputs.posture,
  });
}

function renderStated(row: ProposalRow): string[] {
  if (row.stated.troops === null) return [];
  const per = [
    row.implied.troopsPerKm !== null ? `${formatNumber(row.implied.troopsPerKm)} per km of line` : undefined,
    row.implied.troopsPer1000 !== null ? `${formatNumber(row.implied.troopsPer1000)} per 1,000 inhabitants` : undefined,
    row.implied.troopsPerKm2 !== null ? `${formatNumber(row.implied.troopsPerKm2)} per km²` : undefined,
  ].filter(Boolean);
  const civ = row.stated.civilians !== null ? ` and ${formatNumber(row.stated.civilians)} civilians/police` : "";
  const lines = [
    `The scenario states ${formatNumber(row.stated.troops)} troops${civ} (${per.join(", ")})` +
      (row.statedVsRecommended !== null ? `: ${row.statedVsRecommended.toFixed(2)}× the recommendation.` : "."),
  ];
  if (row.bestMatch)
    lines.push(
      `Closest estimate with default assumptions: ${row.bestMatch.posture} posture, ${methodLabel(row.bestMatch.method).toLowerCase()} method, ` +
        `${formatNumber(Math.round(row.bestMatch.troops))} (${row.bestMatch.ratio.toFixed(2)}×).`,
    );
  return lines;
}

function renderSizing(name: string, r: SizingResult, stated: ProposalRow, record: TrackRecord): string {
  const i = r.inputs;
  const where = [
    i.lengthKm !== undefined ? `line ${formatNumber(i.lengthKm)} km` : undefined,
    i.zoneAreaKm2 !== undefined ? `zone ${formatNumber(i.zoneAreaKm2)} km²` : undefined,
    i.territory && i.theaterAreaKm2 !== undefined ? `territory ${formatNumber(i.theaterAreaKm2)} km²` : undefined,
    i.population !== undefined ? `${formatNumber(i.population)} inhabitants` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  const rec = r.recommended;
  const lines = [
    `${name}`,
    `posture ${i.posture}, threat ${i.threat}; ${where}`,
    "",
    "Methods, what the tasks and doctrine say the force needs (deployed troops; low–high = P5–P95 with every assumption drawn at once):",
    table(
      ["method", "troops", "low", "high", "civilians", "basis"],
      r.estimates.map((e) => [
        methodLabel(e.method),
        Math.round(e.troops),
        Math.round(e.low),
        Math.round(e.high),
        Math.round(e.civilians),
        e.basis,
      ]),
    ),
  ];
  for (const n of r.notApplicable) lines.push(`  ${methodLabel(n.method)}: not applicable (${n.reason})`);
  const p = r.precedent;
  const req = rec.requirement;
  const pct = (x: number) => formatNumber(Math.round(x));
  lines.push(
    "",
    p
      ? `Precedent: what missions like this one deployed: ${pct(p.troops)} (range ${pct(p.low)}–${pct(p.high)}); ${p.basis}.`
      : "Precedent: none (no past mission of this class in data/missions.csv has the inputs).",
    `Requirement: ${pct(req.troops)} (${req.method} method); joint uncertainty P5 ${pct(req.uncertainty.p5)}, P50 ${pct(req.uncertainty.p50)}, P95 ${pct(req.uncertainty.p95)} (${req.uncertainty.draws} draws, seed ${req.uncertainty.seed}).`,
    "",
    `Recommended: ${formatNumber(Math.round(rec.troops))} troops deployed (range ${formatNumber(Math.round(rec.low))}–${formatNumber(Math.round(rec.high))}), ` +
      `${formatNumber(Math.round(rec.civilians))} civilians/police (${rec.civiliansMethod})`,
    `Committed with rotation: ${formatNumber(Math.round(rec.committed))} (×${rec.rotationMultiplier.toFixed(2)}, ${formatNumber(rec.tourMonths)}-month tours; range ${formatNumber(Math.round(rec.committedLow))}–${formatNumber(Math.round(rec.committedHigh))})`,
    `Follows the ${rec.follows}: ${rec.why}.`,
    ...(rec.divergence ? [`Warning: ${rec.divergence}`] : []),
    `Moves it most: ${rec.topMethodParameter ? paramLabel(rec.topMethodParameter) : "–"} (deployed), ${rec.topParameter ? paramLabel(rec.topParameter) : "–"} (committed).`,
    `Track record: ${record.note} (truce calibrate).`,
    ...renderStated(stated),
    ...(stated.stated.troops !== null
      ? [
          `P(the stated ${formatNumber(stated.stated.troops)} ≥ the requirement) = ${probCovers(req.uncertainty, stated.stated.troops).toFixed(2)} (joint uncertainty).`,
        ]
      : []),
    "",
    "Sensitivity of the requirement (tornado: each assumption at its low and high value, the others at default):",
    table(
      [
        "assumption",
        "method",
        "value",
        "low",
        "high",
        "unit",
        "troops@low",
        "troops@high",
        "committed@low",
        "committed@high",
      ],
      r.sensitivity.map((s) => [
        paramLabel(s.parameter),
        s.method,
        s.value,
        s.low,
        s.high,
        s.unit,
        Math.round(s.troopsAtLow),
        Math.round(s.troopsAtHigh),
        Math.round(s.committedAtLow),
        Math.round(s.committedAtHigh),
      ]),
    ),
  );
  return lines.join("\n");
}

function renderComparison(rows: readonly ProposalRow[]): string {
  const n = (x: number | null) => (x === null ? "–" : formatNumber(x));
  return [
    "Proposals side by side (stated troops; what they imply; what the methods give):",
    table(
      ["scenario", "posture", "stated", "per km", "per 1,000", "per km²", "recommended", "stated/rec.", "best match"],
      rows.map((r) => [
        r.name.length > 48 ? `${r.name.slice(0, 47)}…` : r.name,
        `${r.posture}/${r.threat}`,
        n(r.stated.troops),
        n(r.implied.troopsPerKm),
        n(r.implied.troopsPer1000),
        n(r.implied.troopsPerKm2),
        `${formatNumber(Math.round(r.recommended.troops))} ${r.recommended.method}`,
        r.statedVsRecommended === null ? "–" : `${r.statedVsRecommended.toFixed(2)}×`,
        r.bestMatch
          ? `${r.bestMatch.posture}/${r.bestMatch.method} ${formatNumber(Math.round(r.bestMatch.troops))} (${r.bestMatch.ratio.toFixed(2)}×)`
          : "–",
      ]),
    ),
    "",
    "Recommended troops for each posture on the same ground (default assumptions):",
    table(
      ["scenario", "monitor", "interpose", "deter", "stabilise", "reassure"],
      rows.map((r) => [
        r.name.length > 48 ? `${r.name.slice(0, 47)}…` : r.name,
        ...(["monitor", "interpose", "deter", "stabilise", "reassure"] as const).map((p) => {
          const b = r.byPosture[p];
          return b ? `${formatNumber(Math.round(b.troops))} ${b.method}` : "–";
        }),
      ]),
    ),
  ].join("\n");
}

export function registerSize(program: Command): void {
  program
    .command("size")
    .description("Size the force for a scenario: several methods, a recommendation, and what moves it most.")
    .argument("<file>", "scenario file (.yaml or .json)")
    .option(
      "--json",
      "print { estimates, recommended, precedent, requirement, sensitivity } (and comparison with --compare) as one JSON document",
    )
    .option("--compare <files...>", "put these scenarios side by side with FILE")
    .option("--markdown", "with --compare: print the comparison as a Markdown table")
    .action(async (file: string, opts: { json?: boolean; compare?: string[]; markdown?: boolean }) => {
      // Proposals often share one line and zone (the Ukraine scenarios): compute each distinct zone once.
      // The disk cache (zoneCache.ts) keeps them across runs too.
      const zones = new Map<string, Promise<Zone>>();
      const zoneOf = (s: Scenario) => {
        const key = JSON.stringify([s.contactLine, s.zone]);
        let z = zones.get(key);
        if (!z) {
          z = cachedZone(s);
          zones.set(key, z);
        }
        return z;
      };
      // The pipeline's sizing stage: the same figures as the plan, the report and the API; the disk
      // cache (sizingCache.ts) keeps each proposal's Monte Carlo sizing across runs.
      const planner = new Planner({ zone: zoneOf, sizing: cachedSizing });
      const sized = async (f: string) => unwrap(await planner.sizingResult(loadScenarioFile(f)));
      const scenario = loadScenarioFile(file);
      // The planner's row is compareProposals([proposal])[0]: the stated force against the recommendation.
      const { result, row: stated } = unwrap(await planner.sizingResult(scenario));
      const record = trackRecord(result);
      let comparison: ProposalRow[] | undefined;
      if (opts.compare) {
        // compareProposals sizes each proposal apart, so the rows the planner made are the comparison.
        const others: ProposalRow[] = [];
        for (const f of opts.compare) others.push((await sized(f)).row);
        comparison = [stated, ...others];
      }
      if (opts.json) {
        printJson({
          scenario: scenario.name,
          estimates: result.estimates,
          notApplicable: result.notApplicable,
          recommended: result.recommended,
          precedent: result.precedent,
          requirement: result.recommended.requirement,
          probStatedCoversRequirement:
            stated.stated.troops !== null
              ? probCovers(result.recommended.requirement.uncertainty, stated.stated.troops)
              : null,
          sensitivity: result.sensitivity,
          inputs: result.inputs,
          stated,
          trackRecord: record,
          ...(comparison ? { comparison } : {}),
        });
        return;
      }
      if (opts.markdown && comparison) {
        process.stdout.write(`${comparisonMarkdown(comparison)}\n`);
        return;
      }
      let out = renderSizing(scenario.name, result, stated, record);
      if (comparison) out += `\n\n${renderComparison(comparison)}`;
      process.stdout.write(`${out}\n`);
    });
}
