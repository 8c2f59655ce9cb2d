/**
 * `truce report FILE [--out DIR] [--pdf] [--sensitivity]`: the mission-plan report as one self-contained
 * HTML file (and a PDF); `--sensitivity` adds the simulation's tornado over its behavioural assumptions.
 */

import { readFileSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import type { Command } from "commander";
import { TruceInputError } from "../errors/index.js";
import { loadPlaces } from "../geodata/places.js";
import { Planner } from "../plan/index.js";
import { buildReportData, htmlToPdf, renderReportHtml } from "../report/index.js";
import { BOUNDS } from "../scenario/bounds.js";
import { loadScenarioFile } from "../scenario/load.js";
import { missionsCsvPath } from "../server/plan/paths.js";
import { intFlag, numberFlag } from "./flags.js";
import { writeFileAtomic } from "./io.js";
import { cliZone } from "./zoneCache.js";

interface Opts {
  out: string;
  pdf?: boolean;
  replications: string;
  sweepReplications: string;
  days?: string;
  seed: string;
  threads: string;
  simulation: boolean;
  sensitivity?: boolean;
  sensitivityReplications: string;
  date?: string;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "Write the mission-plan report: one self-contained HTML file (inline SVG map and charts), and a PDF with --pdf.",
    )
    .argument("<file>", "scenario file (.yaml or .json)")
    .option("--out <dir>", "folder to write into", ".")
    .option("--pdf", "also print a PDF with headless Chromium")
    .option("--replications <n>", "simulation replications", "100")
    .option("--sweep-replications <n>", "replications per force size in the sweep", "20")
    .option("--days <n>", "simulated days (default: the scenario's)")
    .option("--seed <n>", "random seed", "1")
    .option("--threads <n>", "worker threads for the simulation", "1")
    .option("--no-simulation", "skip the simulation and the sweep")
    .option(
      "--sensitivity",
      "also run the simulation's tornado over its behavioural assumptions (golden time, force ladder, containment, detection, escalation): 11 more simulations, off by default as it is slow",
    )
    .option("--sensitivity-replications <n>", "replications of each of the tornado's simulations", "20")
    .option("--date <iso>", "date stamped on the report (default: now), for reproducible output")
    .action(async (file: string, opts: Opts) => {
      const replications = intFlag("--replications", opts.replications, BOUNDS.replications, 1);
      const sweepReplications = intFlag("--sweep-replications", opts.sweepReplications, BOUNDS.sweepReplications, 1);
      const seed = intFlag("--seed", opts.seed, BOUNDS.seed);
      const threads = intFlag("--threads", opts.threads, BOUNDS.threads, 1);
      const days = numberFlag("--days", opts.days, BOUNDS.days, { positive: true });
      const sensitivityReplications = intFlag(
        "--sensitivity-replications",
        opts.sensitivityReplications,
        BOUNDS.replications,
        1,
      );
      if (opts.sensitivity && !opts.simulation)
        throw new TruceInputError({
          path: "--sensitivity",
          problem: "the sensitivity tornado is a simulation, and --no-simulation skips the simulation.",
          fix: "Drop --no-simulation, or drop --sensitivity.",
        });
      const scenario = loadScenarioFile(file);
      const generatedAt = opts.date ? new Date(opts.date) : new Date();
      if (Number.isNaN(generatedAt.getTime())) {
        throw new TruceInputError({
          path: "--date",
          problem: `"${opts.date}" is not a date.`,
          fix: "Give e.g. --date 2025-03-15.",
        });
      }
      const id = basename(file, extname(file));
      const t0 = Date.now();
      // Each stage's line says how long the one before took: where a report's time goes (issue 16 item 5).
      let last: { name: string; at: number } | undefined;
      const stage = (name: string) => {
        const now = Date.now();
        if (last) process.stderr.write(`report: ${last.name} took ${((now - last.at) / 1000).toFixed(1)} s\n`);
        if (name) process.stderr.write(`report: ${name}\n`);
        last = name ? { name: name.replace(/…$/, ""), at: now } : undefined;
      };
      const data = await buildReportData(id, file, scenario, readFileSync(missionsCsvPath(), "utf8"), {
        replications,
        sweepReplications,
        days,
        seed,
        threads,
        simulate: opts.simulation,
        sensitivity: opts.sensitivity === true,
        sensitivityReplications,
        // With more than one thread the what-if matrix's MIPs are solved side by side in workers.
        planner: new Planner({ zone: cliZone, generationInWorker: (threads ?? 1) > 1 }),
        places: loadPlaces(),
        generatedAt: generatedAt.toISOString(),
        onProgress: (m) => stage(m),
      });
      stage("rendering the HTML…");
      const html = renderReportHtml(data);
      const outDir = resolve(opts.out);
      const htmlPath = join(outDir, `${id}.html`);
      let pdf: Uint8Array | undefined;
      if (opts.pdf) {
        stage("printing the PDF with headless Chromium…");
        pdf = await htmlToPdf(html);
      }
      stage("");
      // Write only once everything succeeded: never a half-made report.
      writeFileAtomic(htmlPath, html);
      process.stdout.write(`wrote ${htmlPath}\n`);
      if (pdf) {
        const pdfPath = join(outDir, `${id}.pdf`);
        writeFileAtomic(pdfPath, pdf);
        process.stdout.write(`wrote ${pdfPath}\n`);
      }
      process.stderr.write(`report: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    });
}
