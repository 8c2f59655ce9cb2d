/** `truce calibrate [--json] [--missions FILE]`: every sizing method against past missions. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { readInputFile } from "../scenario/load.js";
import { calibrate, calibrationMarkdown, METHOD_NAMES, parseMissions } from "../sizing/index.js";
import { calibrationSummaryMarkdown } from "../sizing/markdown.js";
import { formatNumber, printJson, table } from "./io.js";

/** A file under data/ of this installation: the nearest one above this module (works from src/ and dist/). */
function bundledDataFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++) {
    const candidate = join(dir, "data", name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve("data", name);
}

/** data/missions.csv of this installation: the calibration set. */
export function bundledMissionsFile(): string {
  return bundledDataFile("missions.csv");
}

/** data/missions-holdout.csv of this installation: past missions never used for fitting. */
export function bundledHoldoutFile(): string {
  return bundledDataFile("missions-holdout.csv");
}

export function registerCalibrate(program: Command): void {
  program
    .command("calibrate")
    .description(
      "Run every sizing method on past missions (data/missions.csv) and on a hold-out set never used for fitting (data/missions-holdout.csv); report the errors of each apart.",
    )
    .option("--json", "print { missions, summary, skipped, outOfSample } as one JSON document")
    .option("--missions <file>", "missions CSV (default: the bundled data/missions.csv)")
    .option("--holdout <file>", "hold-out missions CSV (default: the bundled data/missions-holdout.csv)")
    .option("--no-holdout", "calibration set only")
    .option("--markdown", "print the tables as Markdown (what docs/sizing.md holds)")
    .option("--summary", "with --markdown: only the summary table (what the README holds)")
    .action(
      (opts: {
        json?: boolean;
        missions?: string;
        holdout?: string | boolean;
        markdown?: boolean;
        summary?: boolean;
      }) => {
        const file = opts.missions ?? bundledMissionsFile();
        const heldFile =
          opts.holdout === false ? undefined : typeof opts.holdout === "string" ? opts.holdout : bundledHoldoutFile();
        const holdout = heldFile ? parseMissions(heldFile, readInputFile(heldFile)) : undefined;
        const cal = calibrate(parseMissions(file, readInputFile(file)), { holdout });
        if (opts.json) {
          printJson(cal);
          return;
        }
        if (opts.markdown) {
          process.stdout.write(`${opts.summary ? calibrationSummaryMarkdown(cal) : calibrationMarkdown(cal)}\n`);
          return;
        }
        const methods = [...METHOD_NAMES, "precedent", "recommended"];
        const cell = (p: number | undefined, ratio: number | undefined) =>
          p === undefined ? "–" : `${formatNumber(Math.round(p))} (${ratio!.toFixed(2)}×)`;
        const perMission = (rows: typeof cal.missions) =>
          table(
            ["mission", "posture", "threat", "actual", ...methods],
            rows.map((r) => [
              r.mission,
              r.posture,
              r.threat,
              r.actual,
              ...methods.map((m) => cell(r.predicted[m], r.ratio[m])),
            ]),
          );
        const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);
        const summary = (s: typeof cal.summary, oos: boolean) =>
          table(
            ["method", "missions", "median error", "within ×2", "in printed range", "fitted"],
            Object.entries(s).map(([m, v]) => {
              // Fitted variants and the precedent report their left-out figure only, never an in-sample fit.
              const loo = !oos && (v.fitted || m === "precedent");
              return [
                m,
                v.n,
                `×${(loo ? v.looMedianErrorFactor : v.medianErrorFactor).toFixed(2)}${loo ? " (leave-one-out)" : ""}`,
                v.fitted && !oos ? "–" : pct(v.withinFactor2),
                pct(v.coverage),
                v.fitted ? "yes" : "no",
              ];
            }),
          );
        const out = [
          `In-sample: predicted versus actual deployed troops (${file}; default parameters, ratio predicted/actual; the precedent leaves each mission out of its own forecast):`,
          perMission(cal.missions),
          "",
          "In-sample summary (error factor = exp(median |ln(predicted/actual)|)):",
          summary(cal.summary, false),
          "",
          "Left out:",
          ...cal.skipped.map((s) => `  ${s.mission}: ${s.reason}`),
        ];
        if (cal.outOfSample) {
          out.push(
            "",
            `Out-of-sample: ${heldFile} (never used for fitting; precedents and fitted rates from ${file} only):`,
            perMission(cal.outOfSample.missions),
            "",
            "Out-of-sample summary:",
            summary(cal.outOfSample.summary, true),
            ...(cal.outOfSample.skipped.length
              ? ["", "Left out:", ...cal.outOfSample.skipped.map((s) => `  ${s.mission}: ${s.reason}`)]
              : []),
          );
        }
        process.stdout.write(`${out.join("\n")}\n`);
      },
    );
}
