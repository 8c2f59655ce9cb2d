/**
 * The mission-plan report: gather every stage's results for a scenario
 * (`buildReportData`), render one self-contained HTML file (`renderReportHtml`),
 * and print it to PDF with headless Chromium (`htmlToPdf`).
 *
 * ```ts
 * const data = await buildReportData("ukraine-gcsp", file, loadScenarioFile(file), missionsCsv);
 * writeFileSync("plan.html", renderReportHtml(data));
 * ```
 */
export { buildReportData, type ReportData, type ReportOptions, sweepTroops } from "./build.js";
export { renderReportHtml } from "./html.js";
export { htmlToPdf } from "./pdf.js";
export { buildPlanView } from "./plan.js";
