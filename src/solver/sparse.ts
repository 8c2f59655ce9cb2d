/**
 * A linear or mixed-integer model as plain sparse arrays, with no solver in sight: built by
 * generation/model.ts or ModelBuilder (builder.ts), solved by highs.ts (or, in the benchmark, GLPK).
 */

/** A linear (or mixed-integer) model as sparse arrays: rowLower ≤ A·x ≤ rowUpper, colLower ≤ x ≤ colUpper. */
export interface SparseModel {
  /** Default "minimize". */
  sense?: "minimize" | "maximize";
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1 where the column is integer. */
  integer: Uint8Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSR matrix: row r's entries are indices/values[starts[r] .. starts[r + 1]). */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}
