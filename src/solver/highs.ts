/**
 * The one HiGHS (WebAssembly) adapter of Truce, on HiGHS's sparse model API: load the runtime
 * once per thread, pass a model as CSR arrays, always with a time limit, read back a status,
 * the solution and the gap, and always dispose the native model. Force generation and the
 * patrol games both solve here.
 */
import type { Highs, ModelData, VariableType } from "highs";
import type { SparseModel } from "./sparse.js";

let loading: Promise<Highs> | undefined;

/** Load the HiGHS runtime once per thread. */
export function loadHighs(): Promise<Highs> {
  if (!loading) {
    // The package types describe the CommonJS entry; the ESM build exports the loader as default.
    loading = import("highs").then((m) => (m as unknown as { default: () => Promise<Highs> }).default());
  }
  return loading;
}

/** Drop the shared runtime: after a crash inside the Wasm module it cannot be reused. */
function resetHighs(): void {
  loading = undefined;
}

export interface SolveOptions {
  /** Wall-clock limit for one solve, seconds. Always set. */
  timeLimitS: number;
  /** Relative MIP gap at which to stop (MIPs only; HiGHS' default 1e-4 when absent). */
  mipRelGap?: number;
  /** Absolute MIP gap, in objective units (MIPs only). */
  mipAbsGap?: number;

  /** Primal, dual and MIP feasibility tolerance (HiGHS' default 1e-7 when absent). */
  feasibilityTol?: number;
  /** Called from the MIP callbacks with progress, at most every 0.25 s of solver time. */
  onProgress?: (p: SolveProgress) => void;
}

export interface SolveProgress {
  runningTimeS: number;
  /** Relative gap between incumbent and bound; Infinity before the first incumbent. */
  mipGap: number;
  primalBound: number;
  dualBound: number;
  nodes: number;
}

export type SolveStatus = "optimal" | "time-limit" | "infeasible" | "error";

export interface SolveOutcome {
  status: SolveStatus;
  /** True when `colValue` holds a feasible solution. */
  hasSolution: boolean;
  colValue?: Float64Array;
  objective: number;
  mipGap: number;
  dualBound: number;
  timeS: number;
  /** Branch-and-bound nodes explored (0 for an LP). */
  nodes: number;
  modelStatus: number;
}

/** Convert a sparse model to HiGHS' structured input (infinite bounds become HiGHS' infinity). */
function toHighsModel(highs: Highs, m: SparseModel): ModelData {
  const inf = highs.infinity;
  const clamp = (a: Float64Array) => a.map((v) => (v === Number.POSITIVE_INFINITY ? inf : v === -Infinity ? -inf : v));
  const integrality = new Int32Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) integrality[j] = m.integer[j] ? 1 : 0;
  const sense = highs.constants.objectiveSense;
  return {
    numCols: m.numCols,
    numRows: m.numRows,
    sense: m.sense === "maximize" ? sense.maximize : sense.minimize,
    colCost: m.colCost,
    colLower: clamp(m.colLower),
    colUpper: clamp(m.colUpper),
    rowLower: clamp(m.rowLower),
    rowUpper: clamp(m.rowUpper),
    matrix: {
      format: "csr",
      numRows: m.numRows,
      numCols: m.numCols,
      starts: m.starts,
      indices: m.indices,
      values: m.values,
    },
    integrality: integrality as unknown as VariableType[],
  };
}

/** Solve one model synchronously on this thread. */
export function solveSparse(highs: Highs, m: SparseModel, opts: SolveOptions): SolveOutcome {
  let model: ReturnType<Highs["createModel"]>;
  try {
    model = highs.createModel(toHighsModel(highs, m));
  } catch (e) {
    resetHighs();
    throw e;
  }
  try {
    const options: Record<string, number | boolean> = {
      output_flag: false,
      time_limit: opts.timeLimitS,
      random_seed: 0,
    };
    if (opts.mipRelGap !== undefined) options.mip_rel_gap = opts.mipRelGap;
    if (opts.mipAbsGap !== undefined) options.mip_abs_gap = opts.mipAbsGap;
    if (opts.feasibilityTol !== undefined) {
      options.primal_feasibility_tolerance = opts.feasibilityTol;
      options.dual_feasibility_tolerance = opts.feasibilityTol;
      options.mip_feasibility_tolerance = opts.feasibilityTol;
    }
    model.options.set(options);
    // The interrupt callback fires often during branch and bound (the logging one only when
    // HiGHS logs), so report from it, at most every 0.25 s of solver time.
    let lastReport = Number.NEGATIVE_INFINITY;
    const report = (e: { data: Record<string, unknown> }) => {
      const d = e.data;
      const t = Number(d.running_time ?? 0);
      if (t - lastReport < 0.25) return undefined;
      lastReport = t;
      opts.onProgress?.({
        runningTimeS: t,
        mipGap: Number(d.mip_gap ?? Number.POSITIVE_INFINITY),
        primalBound: Number(d.mip_primal_bound ?? Number.NaN),
        dualBound: Number(d.mip_dual_bound ?? Number.NaN),
        nodes: Number(d.mip_node_count ?? 0),
      });
      return undefined;
    };
    // HiGHS calls the MIP logging callback only when logging is on: keep it on, off the console.
    if (opts.onProgress) model.options.set({ output_flag: true, log_to_console: false });
    const callbacks = opts.onProgress
      ? {
          [highs.constants.callbackType.mipInterrupt]: report,
          [highs.constants.callbackType.mipLogging]: report,
        }
      : undefined;
    try {
      model.run(callbacks as Parameters<typeof model.run>[0]);
    } catch (e) {
      resetHighs();
      throw e;
    }
    const status = model.getModelStatus();
    const c = highs.constants.modelStatus;
    const primalStatus = Number(model.info.get("primal_solution_status"));
    const hasSolution = primalStatus === highs.constants.solutionStatus.feasible;
    let s: SolveStatus;
    if (status === c.optimal) s = "optimal";
    else if (status === c.infeasible) s = "infeasible";
    else if (status === c.timeLimit || status === c.interrupted || status === c.iterationLimit) s = "time-limit";
    else if (status === c.unboundedOrInfeasible) s = "infeasible";
    else s = "error";
    const isMip = m.integer.some((v) => v === 1);
    return {
      status: s,
      hasSolution,
      colValue: hasSolution ? model.getSolution().colValue : undefined,
      objective: hasSolution ? model.getObjectiveValue() : Number.NaN,
      mipGap: isMip && hasSolution ? Number(model.info.get("mip_gap")) : hasSolution ? 0 : Number.POSITIVE_INFINITY,
      dualBound: isMip ? Number(model.info.get("mip_dual_bound")) : Number.NaN,
      timeS: model.getRunTime(),
      nodes: isMip ? Number(model.info.get("mip_node_count")) : 0,
      modelStatus: status,
    };
  } finally {
    model.dispose();
  }
}
