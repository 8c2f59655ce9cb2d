/** RFC 4180 CSV: parse (quotes, doubled quotes, CRLF, a UTF-8 BOM) and write. */

export interface CsvRow {
  /** 1-based line number in the file where the row starts. */
  line: number;
  cells: string[];
}

/** Parse CSV text. Throws with the line number on an unterminated quote. */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let rowLine = 1;
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let wasQuoted = false;
  const n = text.length;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === "" && !wasQuoted)) rows.push({ line: rowLine, cells });
    cells = [];
    cell = "";
    wasQuoted = false;
  };
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      wasQuoted = true;
      i++;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      endRow();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new Error(`line ${rowLine}: a quoted field is not closed`);
  if (cell !== "" || cells.length > 0 || wasQuoted) endRow();
  return rows;
}

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
