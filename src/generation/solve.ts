/**
 * The force-generation MIP on the shared HiGHS adapter (src/solver/highs.ts), with this
 * stage's defaults: a 30 s time limit and HiGHS' own relative gap, 1e-4.
 */
import type { Highs } from "highs";
import { type SolveOptions, type SolveOutcome, solveSparse } from "../solver/highs.js";
import type { BuiltModel } from "./model.js";

type GenerationSolveOptions = Partial<SolveOptions>;

/** Solve one generation model synchronously on this thread. */
export function solveModel(highs: Highs, m: BuiltModel, opts: GenerationSolveOptions = {}): SolveOutcome {
  return solveSparse(highs, m, { ...opts, timeLimitS: opts.timeLimitS ?? 30, mipRelGap: opts.mipRelGap ?? 1e-4 });
}
