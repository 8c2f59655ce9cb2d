/**
 * Build a sparse model from named variables and rows, for models written term by term (the
 * patrol games). Columns are numbered in order of first mention; a variable is continuous in
 * [0, ∞) until told otherwise, and zero coefficients are dropped, as in the LP file format.
 */
import { loadHighs, type SolveOptions, type SolveOutcome, solveSparse } from "./highs.js";
import type { SparseModel } from "./sparse.js";

/** A term `coefficient · variable`. */
export type Term = [coefficient: number, variable: string];

export class ModelBuilder {
  private readonly cols = new Map<string, number>();
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly cost: number[] = [];
  private readonly integer: number[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];
  private sense: "minimize" | "maximize" = "minimize";

  /** The objective: minimise or maximise Σ coefficient · variable. */
  objective(sense: "minimize" | "maximize", terms: Term[]): void {
    this.sense = sense;
    for (const [c, v] of terms) {
      if (c === 0) continue;
      this.cost[this.col(v)] += c;
    }
  }

  /** The row `Σ coefficient · variable (<= | >= | =) rhs`. */
  row(terms: Term[], op: "<=" | ">=" | "=", rhs: number): void {
    if (!Number.isFinite(rhs)) throw new RangeError(`row right-hand side ${rhs}`);
    // One entry per column: HiGHS rejects repeated indices in a row, so repeated variables add up.
    const at = new Map<number, number>();
    for (const [c, v] of terms) {
      if (!Number.isFinite(c)) throw new RangeError(`coefficient ${c} of ${v}`);
      if (c === 0) continue;
      const j = this.col(v);
      const k = at.get(j);
      if (k === undefined) {
        at.set(j, this.indices.length);
        this.indices.push(j);
        this.values.push(c);
      } else this.values[k] += c;
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(op === "<=" ? Number.NEGATIVE_INFINITY : rhs);
    this.rowUpper.push(op === ">=" ? Number.POSITIVE_INFINITY : rhs);
  }

  /** Bounds of a variable; a missing side keeps what it was (default [0, ∞)). */
  bounds(variable: string, lower?: number, upper?: number): void {
    const j = this.col(variable);
    if (lower !== undefined) this.lower[j] = lower;
    if (upper !== undefined) this.upper[j] = upper;
  }

  /** A free variable, (−∞, ∞). */
  free(variable: string): void {
    this.bounds(variable, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /** Binary variables: integer in [0, 1]. */
  binaries(variables: string[]): void {
    for (const v of variables) {
      const j = this.col(v);
      this.integer[j] = 1;
      this.lower[j] = 0;
      this.upper[j] = 1;
    }
  }

  /** The column of a variable, or undefined if it was never mentioned. */
  column(variable: string): number | undefined {
    return this.cols.get(variable);
  }

  build(): SparseModel {
    return {
      sense: this.sense,
      numCols: this.cols.size,
      numRows: this.rowLower.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integer: Uint8Array.from(this.integer),
      rowLower: Float64Array.from(this.rowLower),
      rowUpper: Float64Array.from(this.rowUpper),
      starts: Int32Array.from(this.starts),
      indices: Int32Array.from(this.indices),
      values: Float64Array.from(this.values),
    };
  }

  private col(variable: string): number {
    let j = this.cols.get(variable);
    if (j === undefined) {
      j = this.cols.size;
      this.cols.set(variable, j);
      this.lower.push(0);
      this.upper.push(Number.POSITIVE_INFINITY);
      this.cost.push(0);
      this.integer.push(0);
    }
    return j;
  }
}

/** A solve of a built model, with its variables read back by name. */
interface NamedSolution extends SolveOutcome {
  /** The variable's value in the solution; 0 for a variable never mentioned or with no solution. */
  value(variable: string): number;
}

/** Solve the builder's model on the shared HiGHS runtime. */
export async function solveBuilt(b: ModelBuilder, opts: SolveOptions): Promise<NamedSolution> {
  const outcome = solveSparse(await loadHighs(), b.build(), opts);
  return {
    ...outcome,
    value: (variable) => {
      const j = b.column(variable);
      return j === undefined || !outcome.colValue ? 0 : outcome.colValue[j];
    },
  };
}
