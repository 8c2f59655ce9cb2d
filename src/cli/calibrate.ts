/** `truce calibrate [--json] [--missions FILE]`: every sizing method against past missions. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { readInputFile } from "../scenario/load.js";
import { calibrate, calibrationMarkdown, METHOD_NAMES, parseMissions } from "../sizing/index.js";
import { calibrationSummaryMarkdown } from "../sizing/markdown.js";
import { formatNumber, printJson, table } from "./io.js";

/** data/missions.csv of this installation: the nearest one above this module (works from src/ and dist/). */
export function bundledMissionsFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++) {
    const candidate = join(dir, "data", "missions.csv");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve("data/missions.csv");
}

export function registerCalibrate(program: Command): void {
  program
    .command("calibrate")
    .description("Run every sizing method on past missions (data/missions.csv) and report the errors.")
    .option("--json", "print { missions, summary, skipped } as one JSON document")
    .option("--missions <file>", "missions CSV (default: the bundled data/missions.csv)")
    .option("--markdown", "print the tables as Markdown (what docs/sizing.md holds)")
    .option("--summary", "with --markdown: only the summary table (what the README holds)")
    .action((opts: { json?: boolean; missions?: string; markdown?: boolean; summary?: boolean }) => {
      const file = opts.missions ?? bundledMissionsFile();
      const cal = calibrate(parseMissions(file, readInputFile(file)));
      if (opts.json) {
        printJson(cal);
        return;
      }
      if (opts.markdown) {
        process.stdout.write(`${opts.summary ? calibrationSummaryMarkdown(cal) : calibrationMarkdown(cal)}\n`);
        return;
      }
      const methods = [...METHOD_NAMES, "recommended"];
      const cell = (p: number | undefined, ratio: number | undefined) =>
        p === undefined ? "–" : `${formatNumber(Math.round(p))} (${ratio!.toFixed(2)}×)`;
      const out = [
        `Predicted versus actual deployed troops (${file}; default parameters, ratio predicted/actual):`,
        table(
          ["mission", "posture", "threat", "actual", ...methods],
          cal.missions.map((r) => [
            r.mission,
            r.posture,
            r.threat,
            r.actual,
            ...methods.map((m) => cell(r.predicted[m], r.ratio[m])),
          ]),
        ),
        "",
        "Summary (median |ln(predicted/actual)|; the error factor is its exp(); fitted methods also left-one-out):",
        table(
          [
            "method",
            "missions",
            "median abs log error",
            "factor",
            "leave-one-out",
            "LOO factor",
            "within ×2",
            "fitted",
          ],
          Object.entries(cal.summary).map(([m, s]) => [
            m,
            s.n,
            Number(s.medianAbsLogError.toFixed(3)),
            Number(s.medianErrorFactor.toFixed(2)),
            Number(s.looMedianAbsLogError.toFixed(3)),
            Number(s.looMedianErrorFactor.toFixed(2)),
            `${Math.round(s.withinFactor2 * 100)}%`,
            s.fitted ? "yes" : "no",
          ]),
        ),
        "",
        "Left out:",
        ...cal.skipped.map((s) => `  ${s.mission}: ${s.reason}`),
      ];
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
