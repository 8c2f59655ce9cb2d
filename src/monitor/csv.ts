/** RFC 4180 CSV for incidents: the shared tokenizer (src/util/csv.ts) to read, and the writer. */
export { type CsvRow, CsvSyntaxError, parseCsv, parseDecimal } from "../util/csv.js";

/** Quote a cell when it holds a comma, quote, CR or LF; neutralise spreadsheet formulas (=, +, -, @). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const out = [header.map(csvCell).join(",")];
  for (const r of rows) out.push(r.map(csvCell).join(","));
  return `${out.join("\r\n")}\r\n`;
}
