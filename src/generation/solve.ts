/**
 * HiGHS (WebAssembly) behind one function: pass a built model, always with a
 * time limit and a MIP gap, and always dispose the native model.
 */
import type { Highs, ModelData, VariableType } from "highs";
import type { BuiltModel } from "./model.js";

let loading: Promise<Highs> | undefined;

/** Load the HiGHS runtime once per thread. */
export function loadHighs(): Promise<Highs> {
  if (!loading) {
    // The package types describe the CommonJS entry; the ESM build exports the loader as default.
    loading = import("highs").then((m) => (m as unknown as { default: () => Promise<Highs> }).default());
  }
  return loading;
}

export interface SolveOptions {
  /** Wall-clock limit for one solve, seconds. Default 30. */
  timeLimitS?: number;
  /** Relative MIP gap at which to stop. Default 1e-4 (HiGHS' own default). */
  mipRelGap?: number;
  /** Called from the MIP logging callback with progress. */
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
  modelStatus: number;
}

/** Convert a built model to HiGHS' structured input. */
export function toHighsModel(highs: Highs, m: BuiltModel): ModelData {
  const inf = highs.infinity;
  const clamp = (a: Float64Array) => a.map((v) => (v === Number.POSITIVE_INFINITY ? inf : v === -Infinity ? -inf : v));
  const integrality = new Int32Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) integrality[j] = m.integer[j] ? 1 : 0;
  return {
    numCols: m.numCols,
    numRows: m.numRows,
    sense: highs.constants.objectiveSense.minimize,
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
export function solveModel(highs: Highs, m: BuiltModel, opts: SolveOptions = {}): SolveOutcome {
  const timeLimitS = opts.timeLimitS ?? 30;
  const mipRelGap = opts.mipRelGap ?? 1e-4;
  const model = highs.createModel(toHighsModel(highs, m));
  try {
    model.options.set({
      output_flag: false,
      time_limit: timeLimitS,
      mip_rel_gap: mipRelGap,
      random_seed: 0,
    });
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
    model.run(callbacks as Parameters<typeof model.run>[0]);
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
      modelStatus: status,
    };
  } finally {
    model.dispose();
  }
}
