/**
 * The one CSV tokenizer (RFC 4180: quotes, doubled quotes, CRLF, newlines inside quotes, a UTF-8 BOM),
 * shared by the incident import (src/monitor) and the historical missions table (src/sizing), and the
 * one reader of numbers in CSV cells: plain decimals only, so `0x10` is an error, never 16.
 */

export interface CsvRow {
  /** 1-based line number in the file where the row starts. */
  line: number;
  cells: string[];
}

/** Thrown on CSV that cannot be tokenized (an unterminated quote), with the line where the row starts. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

/** Parse CSV text into rows with their starting line. Blank lines are skipped. Throws CsvSyntaxError. */
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
  if (quoted) throw new CsvSyntaxError(rowLine, "a quoted field is not closed");
  if (cell !== "" || cells.length > 0 || wasQuoted) endRow();
  return rows;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV cell as a number: undefined when blank, NaN unless it is a plain finite decimal
 * (`12`, `-0.5`, `1e3`). `Number()` alone would read `0x10` as 16, `0b1` as 1 and `Infinity` as a number.
 * @example parseDecimal(" 48.5 ") // 48.5
 * @example parseDecimal("0x10") // NaN
 */
export function parseDecimal(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const s = cell.trim();
  if (s === "") return undefined;
  if (!DECIMAL.test(s)) return Number.NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}
