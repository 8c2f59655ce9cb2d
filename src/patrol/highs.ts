/**
 * HiGHS (WebAssembly) for the patrol models: one lazily loaded solver instance, and a
 * small writer for CPLEX LP text that keeps lines short (the LP reader dislikes very
 * long lines) and always passes a time limit.
 */

// biome-ignore lint/suspicious/noExplicitAny: the highs loader's types are loose across versions
type HighsSolver = { solve(problem: string, options?: Record<string, any>): HighsResult };

export interface HighsResult {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}

let solverPromise: Promise<HighsSolver> | undefined;

/** The shared HiGHS instance (loaded once per process). */
export function loadHighs(): Promise<HighsSolver> {
  if (!solverPromise) {
    solverPromise = (async () => {
      const mod = (await import("highs")) as unknown as { default: () => Promise<HighsSolver> };
      return mod.default();
    })();
  }
  return solverPromise;
}

/** Drop the shared instance (after a crash inside the Wasm module, it cannot be reused). */
export function resetHighs(): void {
  solverPromise = undefined;
}

export interface SolveOptions {
  /** Wall-clock limit, seconds. Always set. */
  timeLimitS: number;
  /** Relative MIP gap (MIPs only). */
  mipRelGap?: number;
  /** Absolute MIP gap (MIPs only). */
  mipAbsGap?: number;
  /** Primal/dual feasibility tolerance. */
  feasibilityTol?: number;
}

/** Solve CPLEX LP text. Returns the raw result; the caller checks Status. */
export async function solveLpText(text: string, opts: SolveOptions): Promise<HighsResult> {
  const highs = await loadHighs();
  const options: Record<string, number | boolean | string> = { output_flag: false, time_limit: opts.timeLimitS };
  if (opts.mipRelGap !== undefined) options.mip_rel_gap = opts.mipRelGap;
  if (opts.mipAbsGap !== undefined) options.mip_abs_gap = opts.mipAbsGap;
  if (opts.feasibilityTol !== undefined) {
    options.primal_feasibility_tolerance = opts.feasibilityTol;
    options.dual_feasibility_tolerance = opts.feasibilityTol;
    options.mip_feasibility_tolerance = opts.feasibilityTol;
  }
  try {
    return highs.solve(text, options) as HighsResult;
  } catch (e) {
    resetHighs();
    throw e;
  }
}

/** Format a coefficient for LP text: full precision, no exponent surprises. */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`LP coefficient ${v}`);
  return Object.is(v, -0) ? "0" : String(v);
}

/** Incremental builder of CPLEX LP text. */
export class LpWriter {
  private readonly out: string[] = [];
  private section = "";

  objective(sense: "Maximize" | "Minimize", terms: Array<[number, string]>): void {
    this.out.push(sense);
    this.out.push(this.expr(" obj:", terms));
  }

  /** Add a constraint `Σ coef·var (<=|>=|=) rhs`. */
  row(name: string, terms: Array<[number, string]>, op: "<=" | ">=" | "=", rhs: number): void {
    this.enter("Subject To");
    this.out.push(`${this.expr(` ${name}:`, terms)} ${op} ${num(rhs)}`);
  }

  bound(line: string): void {
    this.enter("Bounds");
    this.out.push(` ${line}`);
  }

  binaries(names: string[]): void {
    if (names.length === 0) return;
    this.enter("Binaries");
    for (let i = 0; i < names.length; i += 20) this.out.push(` ${names.slice(i, i + 20).join(" ")}`);
  }

  text(): string {
    return `${this.out.join("\n")}\nEnd\n`;
  }

  private enter(section: string): void {
    if (this.section === section) return;
    this.section = section;
    this.out.push(section);
  }

  private expr(head: string, terms: Array<[number, string]>): string {
    const parts: string[] = [head];
    let first = true;
    let lineLen = head.length;
    const lines: string[] = [];
    for (const [c, v] of terms) {
      if (c === 0) continue;
      const sign = c < 0 ? "-" : first ? "" : "+";
      const mag = Math.abs(c);
      const piece = `${sign ? `${sign} ` : ""}${mag === 1 ? "" : `${num(mag)} `}${v}`;
      first = false;
      if (lineLen + piece.length > 200) {
        lines.push(parts.join(" "));
        parts.length = 0;
        parts.push("   ");
        lineLen = 3;
      }
      parts.push(piece);
      lineLen += piece.length + 1;
    }
    if (first) parts.push("0 zero_");
    lines.push(parts.join(" "));
    return lines.join("\n");
  }
}
