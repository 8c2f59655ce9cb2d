/** RFC 4180 CSV for incidents: the shared tokenizer (src/util/csv.ts) to read, and the writer. */
export { type CsvRow, CsvSyntaxError, parseCsv, parseDecimal } from "../util/csv.js";

/** A text cell a spreadsheet would run as a formula (OWASP CSV injection): leading =, +, -, @, tab or CR, after any spaces. */
const FORMULA_START = /^ *[=+\-@\t\r]/;
/** A plain decimal number is data, not a formula, even with a minus sign. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Quote a cell when it holds a comma, quote, CR or LF; neutralise spreadsheet formulas with a leading `'`. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const out = [header.map(csvCell).join(",")];
  for (const r of rows) out.push(r.map(csvCell).join(","));
  return `${out.join("\r\n")}\r\n`;
}
