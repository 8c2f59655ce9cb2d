/**
 * The largest value Truce accepts for every count, size and duration, and why, in one place.
 *
 * The scenario schema sections, the CLI flags, the planning API bodies and the places that
 * allocate memory (sim/spec.ts) all read these, so a number beyond a bound is one clear
 * TruceInputError naming the field, the bound and the fix — never a crash or a hang
 * (issue 18: 1e15 troops once killed the server with "invalid size error").
 *
 * A leaf: imports nothing from the stages (only zod and the error type).
 */
import { z } from "zod";
import { TruceInputError } from "../errors/index.js";

export interface Bound {
  /** Largest accepted value (inclusive). */
  readonly max: number;
  /** What is counted or measured, plural, for messages: "troops", "days". */
  readonly unit: string;
  /** Why this maximum: what it is far above, and what would break beyond it. */
  readonly why: string;
}

const bound = (max: number, unit: string, why: string): Bound => ({ max, unit, why });

export const BOUNDS = {
  troops: bound(
    10_000_000,
    "troops",
    "above any force ever fielded: KFOR entered with ~50,000, Ukraine asks for 200,000; the simulation allocates per unit",
  ),
  civilians: bound(
    10_000_000,
    "people",
    "police and civilian monitors on the scale of the largest forces; the simulation counts them as observers",
  ),
  population: bound(10_000_000_000, "inhabitants", "more than the world's population"),
  contributors: bound(1_000, "nations", "there are fewer than 200 states"),
  units: bound(100_000, "units", "far above any pledge; each unit is a MIP variable bound"),
  troopsPerUnit: bound(100_000, "troops per unit", "a corps is ~50,000"),
  qrfUnits: bound(
    100_000,
    "quick-reaction units",
    "the simulation keeps an array per unit and scans the sectors for each one",
  ),
  unitSize: bound(100_000, "soldiers per unit", "a corps is ~50,000"),
  unitsPerIncident: bound(10_000, "units", "far above any dispatch"),
  replications: bound(
    100_000,
    "replications",
    "the 95% CI stops narrowing usefully long before; results are kept per replication",
  ),
  apiReplications: bound(5_000, "replications", "one shared server's job; run more with the CLI"),
  sweepReplications: bound(10_000, "replications per force size", "the sweep repeats them for every force size"),
  days: bound(3_650, "days", "ten years; a longer horizon is not a planning question, and run time grows with it"),
  threads: bound(
    64,
    "threads",
    "each worker thread costs a JavaScript heap; more threads than cores only adds overhead",
  ),
  seed: bound(4_294_967_295, "", "seeds are 32-bit: the random streams hash 32-bit keys"),
  sweepSteps: bound(100, "force sizes", "each step is a full set of replications"),
  apiSweepSteps: bound(40, "force sizes", "one shared server's job; run more with the CLI"),
  vertices: bound(
    100_000,
    "vertices",
    "a detailed 1,000 km line needs a few thousand; buffering cost grows with the vertex count",
  ),
  lineParts: bound(10_000, "line parts", "each part is buffered on its own"),
  sectors: bound(10_000, "sectors", "every stage keeps per-sector arrays and the patrol game a target per segment"),
  posts: bound(100_000, "posts", "every post is a feature in the zone's layers"),
  widthKm: bound(1_000, "km", "buffer zones are 1–50 km wide; the local projection distorts beyond ~1,000 km"),
  withdrawalKm: bound(2_000, "km", "heavy-weapon lines lie tens to a few hundred km back"),
  teams: bound(100_000, "teams", "each team is a variable of the patrol game"),
  teamSize: bound(10_000, "people per team", "a patrol is a few to a few dozen people"),
  routeSegments: bound(100, "segments", "the ERASER MILP grows with the route length"),
  targets: bound(10_000, "patrol targets", "the patrol game solves an LP over every zone segment and site"),
  pledges: bound(1_000, "pledges", "a nation offers a few capabilities; each pledge is a MIP variable"),
  sites: bound(10_000, "sites", "each site is a target of the patrol game"),
  timeLimitS: bound(86_400, "s", "a day; a plan that needs longer should be split"),
  incidentsPerReplication: bound(
    10_000_000,
    "incidents",
    "each incident holds a few dozen bytes per replication and per thread",
  ),
  crowd: bound(10_000_000, "participants", "larger than any crowd recorded"),
  ratePerSectorDay: bound(10_000, "incidents per sector per day", "far above any ceasefire's violation rate"),
  incidentsPerDay: bound(
    10_000,
    "incidents per day",
    "far above any ceasefire's rate; the queueing model's cost grows with the load",
  ),
  serviceTimeH: bound(168, "hours", "a week on one incident; the queueing model's cost grows with the load"),
  sizingValue: bound(1_000_000, "", "every sizing assumption is a rate, length or count far below this"),
  logSpread: bound(10, "", "a log-normal σ of 10 already spans e^±20"),
  spawnMean: bound(10_000, "", "a Poisson mean this large is already a breakdown"),
  shocks: bound(1_000, "shocks", "each shock seeds incidents in many sectors"),
  incidentsPerShock: bound(100_000, "incidents per sector", "each one is simulated"),
  durationMin: bound(5_256_000, "minutes", "ten years"),
  distanceKm: bound(40_000, "km", "the Earth's circumference"),
  mipRelGap: bound(1, "", "a relative gap of 1 already accepts any feasible force"),
  port: bound(65_535, "", "TCP ports are 16-bit"),
  utcOffsetH: bound(14, "hours", "the furthest time zone is UTC+14"),
  money: bound(1e15, "US$", "more than the world's GDP"),
  payoff: bound(1e6, "", "payoffs are on a −10…+10 scale"),
} as const satisfies Record<string, Bound>;

export type BoundName = keyof typeof BOUNDS;

// toLocaleString("en-US") builds this on every call; the schemas format ~50 bounds as they load.
const EN_US = new Intl.NumberFormat("en-US");

/** "10,000,000 troops" */
export function formatBound(b: Bound): string {
  const n = EN_US.format(b.max);
  return b.unit ? `${n} ${b.unit}` : n;
}

/** The message zod carries for a value over the bound; parse.ts and the API show it as the problem. */
export function tooLargeMessage(b: Bound): string {
  return `must be at most ${formatBound(b)} (${b.why})`;
}

/** The fix shown with a value over the bound. */
export function tooLargeFix(b: Bound): string {
  return `Use at most ${b.max.toLocaleString("en-US")}.`;
}

/** A non-negative integer no larger than the bound (use `.positive()`/`.min()` after it for a lower limit). */
export function boundedInt(b: Bound) {
  // The bound first: zod's .int() would otherwise report huge values against 2^53 instead.
  return z
    .number()
    .max(b.max, { message: tooLargeMessage(b) })
    .int()
    .nonnegative();
}

/** A finite number no larger than the bound. */
export function boundedNumber(b: Bound) {
  return z.number().max(b.max, { message: tooLargeMessage(b) });
}

/**
 * The last guard where memory is allocated or a loop is sized: throws a TruceInputError naming
 * `path` if `value` is not a finite number within [0, bound].
 */
export function checkBound(path: string, value: number, b: Bound, fix?: string): void {
  if (Number.isFinite(value) && value >= 0 && value <= b.max) return;
  throw new TruceInputError({
    path,
    problem: Number.isFinite(value)
      ? `${value.toLocaleString("en-US")} ${value < 0 ? "is negative" : `is too large: it ${tooLargeMessage(b)}`}.`
      : `${value} is not a finite number.`,
    fix: fix ?? tooLargeFix(b),
  });
}
