/**
 * Force generation at scale: 60 nations × 10 capabilities × 40 sectors (24,000
 * integer unit variables, plus participation and sector-presence binaries),
 * solved by HiGHS and, on the very same model, by GLPK (glpk.js), in one run.
 *
 *   npx tsx bench/generation.ts [--time-limit 30] [--seed 1]
 *
 * Anchor (issue #4): HiGHS took 2.6 s on a 6,000-binary assignment MIP.
 */
import GLPK from "glpk.js/node";
import { type BuiltModel, buildModel } from "../src/generation/model.js";
import { buildProblem } from "../src/generation/problem.js";
import { CAPABILITIES, type Contributor, type GenerationInput } from "../src/generation/schema.js";
import { solveModel } from "../src/generation/solve.js";
import { loadHighs } from "../src/solver/highs.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const TIME_LIMIT_S = arg("time-limit", 60);
const SEED = arg("seed", 1);
const GAP = arg("gap", 1e-3);

function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded instance: nations pledge every capability at varied prices; sectors need mixed units. */
export function instance(nations: number, caps: number, sectors: number, seed: number): GenerationInput {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const capIds = Object.keys(CAPABILITIES).slice(0, caps);
  const contributors: Contributor[] = [];
  for (let n = 0; n < nations; n++) {
    const memberships = [rnd() < 0.5 ? "NATO" : "", rnd() < 0.4 ? "EU" : "", rnd() < 0.1 ? "CSTO" : ""].filter(Boolean);
    const scale = 0.6 + rnd() * 1.2; // national price level
    contributors.push({
      nation: `N${n}`,
      memberships,
      // Each nation offers about half the capabilities (at least two), as real offers do.
      pledges: capIds
        .filter((_, k) => k === n % caps || k === (n + 3) % caps || rnd() < 0.45)
        .map((c) => ({
          capability: c,
          maxUnits: int(2, 12),
          costPerUnitYear: Math.round(CAPABILITIES[c].troopsPerUnit * 17_376 * scale * (0.8 + 0.4 * rnd())),
        })),
      requires: n % 15 === 3 ? ["B1"] : n % 20 === 7 ? [`N${(n + 1) % nations}`] : [],
      onlyIf: n % 25 === 11 ? { partyConsent: true } : undefined,
    });
  }
  return {
    parties: [
      { id: "A", name: "Party A" },
      { id: "B", name: "Party B" },
    ],
    contributors,
    backstops: [{ id: "B1", present: true }],
    consent: { A: { vetoes: ["CSTO"], required: true }, B: { vetoes: [], required: true } },
    policy: {
      maxShareOfForce: 0.12,
      minNationsPerSector: 3,
      leadNations: [],
      excludeNeighbours: {},
      costPerTroopYear: 17_376,
    },
    requirements: {
      sectors: Array.from({ length: sectors }, (_, s) => {
        const units: Record<string, number> = {};
        for (const c of capIds) if (rnd() < 0.6) units[c] = int(1, 3);
        return { id: `S${s}`, units };
      }),
      // One force-wide troop floor (per-sector floors make 40 knapsacks whose rounding no bound closes).
      totalTroops: sectors * 3_000,
      mix: {},
      units: {},
      troops: {},
    },
  };
}

function toGlpk(glpk: Awaited<ReturnType<typeof GLPK>>, m: BuiltModel) {
  const name = (j: number) => `x${j}`;
  const vars = (i: number) => {
    const out: Array<{ name: string; coef: number }> = [];
    for (let k = m.starts[i]; k < m.starts[i + 1]; k++) out.push({ name: name(m.indices[k]), coef: m.values[k] });
    return out;
  };
  const bnds = (lo: number, hi: number) => {
    const fl = Number.isFinite(lo);
    const fh = Number.isFinite(hi);
    if (fl && fh) return { type: lo === hi ? glpk.GLP_FX : glpk.GLP_DB, lb: lo, ub: hi };
    if (fl) return { type: glpk.GLP_LO, lb: lo, ub: 0 };
    if (fh) return { type: glpk.GLP_UP, lb: 0, ub: hi };
    return { type: glpk.GLP_FR, lb: 0, ub: 0 };
  };
  const objective: Array<{ name: string; coef: number }> = [];
  const bounds = [];
  const generals: string[] = [];
  for (let j = 0; j < m.numCols; j++) {
    objective.push({ name: name(j), coef: m.colCost[j] });
    bounds.push({ name: name(j), ...bnds(m.colLower[j], m.colUpper[j]) });
    if (m.integer[j]) generals.push(name(j));
  }
  const subjectTo = [];
  for (let i = 0; i < m.numRows; i++)
    subjectTo.push({ name: `r${i}`, vars: vars(i), bnds: bnds(m.rowLower[i], m.rowUpper[i]) });
  return {
    name: "generation",
    objective: { direction: glpk.GLP_MIN, name: "obj", vars: objective },
    subjectTo,
    bounds,
    generals,
  };
}

async function main() {
  const highs = await loadHighs();
  const glpk = await GLPK();

  // Warm-up: a small instance through both solvers (JIT, WebAssembly compilation).
  const small = buildModel(buildProblem(instance(6, 3, 3, 99)), "cost");
  solveModel(highs, small, { timeLimitS: 5, mipRelGap: GAP });
  glpk.solve(toGlpk(glpk, small), { msglev: glpk.GLP_MSG_OFF, tmlim: 5, mipgap: GAP, presol: true });

  for (const [nations, caps, sectors] of [
    [30, 10, 10],
    [60, 10, 40],
  ] as const) {
    compare(highs, glpk, nations, caps, sectors);
  }
}

function compare(
  highs: Awaited<ReturnType<typeof loadHighs>>,
  glpk: Awaited<ReturnType<typeof GLPK>>,
  nations: number,
  caps: number,
  sectors: number,
) {
  const t0 = performance.now();
  const problem = buildProblem(instance(nations, caps, sectors, SEED));
  const model = buildModel(problem, "cost");
  const buildMs = performance.now() - t0;
  const ints = model.integer.reduce((a, v) => a + v, 0);
  const nnz = model.starts[model.numRows];
  console.log(
    `\n== ${nations} nations x ${caps} capabilities x ${sectors} sectors (seed ${SEED}): ${model.numCols} columns (${ints} integer), ${model.numRows} rows, ${nnz} nonzeros; model built in ${buildMs.toFixed(0)} ms`,
  );
  console.log(`   limits for both solvers: time_limit ${TIME_LIMIT_S} s, mip_rel_gap ${GAP}`);

  const h0 = performance.now();
  const hc = process.cpuUsage();
  const h = solveModel(highs, model, { timeLimitS: TIME_LIMIT_S, mipRelGap: GAP });
  const hCpu = process.cpuUsage(hc).user / 1e6;
  const hMs = performance.now() - h0;

  const lp = toGlpk(glpk, model);
  const g0 = performance.now();
  const gc = process.cpuUsage();
  const g = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, tmlim: TIME_LIMIT_S, mipgap: GAP, presol: true });
  const gCpu = process.cpuUsage(gc).user / 1e6;
  const gMs = performance.now() - g0;

  const bound = h.dualBound;
  const gapTo = (z: number) =>
    Number.isFinite(z) && Number.isFinite(bound) ? Math.abs(z - bound) / Math.max(1e-9, Math.abs(z)) : Number.NaN;
  const hasG = g.result.status === glpk.GLP_OPT || g.result.status === glpk.GLP_FEAS;
  const gStatus = g.result.status === glpk.GLP_OPT ? "optimal" : hasG ? "time-limit" : "no solution";
  const row = (name: string, ms: number, cpu: number, status: string, obj: number, gap: number) =>
    `   ${name.padEnd(6)} ${(ms / 1000).toFixed(2).padStart(7)} s ${cpu.toFixed(2).padStart(7)} s  ${status.padEnd(12)} ${Number.isFinite(obj) ? obj.toFixed(2).padStart(10) : "-".padStart(10)}  ${Number.isFinite(gap) ? `${(gap * 100).toFixed(3)}%` : "-"}`;
  console.log("   solver    wall      cpu  status       US$M/yr     gap to HiGHS' bound");
  console.log(
    row(
      "HiGHS",
      hMs,
      hCpu,
      h.status,
      h.hasSolution ? h.objective : Number.NaN,
      h.hasSolution ? gapTo(h.objective) : Number.NaN,
    ),
  );
  console.log(row("GLPK", gMs, gCpu, gStatus, hasG ? g.result.z : Number.NaN, hasG ? gapTo(g.result.z) : Number.NaN));
  console.log(
    `   ratio GLPK/HiGHS: wall ${(gMs / hMs).toFixed(1)}x, cpu ${(gCpu / hCpu).toFixed(1)}x${g.result.status !== glpk.GLP_OPT ? " (GLPK stopped at the time limit)" : ""}; HiGHS MIP gap reached ${(h.mipGap * 100).toFixed(3)}%`,
  );
}

if (process.argv[1]?.endsWith("generation.ts")) await main();
