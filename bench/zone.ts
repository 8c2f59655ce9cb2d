/**
 * Zone benchmark, against @turf/buffer + @turf/area (spherical, one projection) in the same run:
 *
 * - a 1,200 km line of 10,000 vertices at 48°N, buffered 5 km each side with round ends (issue 16);
 * - a 100-vertex line, the planner's common case, where start-up cost dominates;
 * - the issue-18 zigzag ([30 + i·0.0002, 48 + (i mod 2)·0.002]) at 2,000 and 10,000 vertices, a line
 *   that folds back on itself at every vertex (once 36 s and > 120 s).
 *
 * Areas of the smooth lines are compared with the geodesic reference (Steiner: width × length +
 * π(width/2)² for a smooth line with round ends); the zigzag's with Steiner's formula on the strip it
 * fills (area + perimeter × w + πw²); Turf is not run on the zigzag (its single JSTS buffer of the
 * whole line exhausted a 4 GB heap). Run: npm run bench:zone (RUNS=5 by default).
 */
import turfArea from "@turf/area";
import turfBuffer from "@turf/buffer";
import { lineLengthKm, polygonAreaKm2 } from "../src/geo/geodesic.js";
import type { Position } from "../src/geo/types.js";
import { computeZone } from "../src/geo/zone.js";
import { smoothLine } from "../test/support/geoReference.js";

const WIDTH_KM = 10;
const RUNS = Number(process.env.RUNS ?? 5);

interface Timing {
  min: number;
  mean: number;
  std: number;
  /** Least CPU time of one run, ms (this thread): on a shared machine, wall time also counts waiting for a core. */
  cpuMin: number;
  area: number;
}

function time(fn: () => number, runs = RUNS): Timing {
  fn(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  let area = 0;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    area = fn();
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const std = Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / times.length);
  return { min: Math.min(...times), mean, std, cpuMin: Math.min(...cpu), area };
}

const truceZone = (line: Position[], sectors?: number) => () =>
  computeZone({
    contactLine: { type: "LineString", coordinates: line as Array<[number, number]> },
    zone: { widthKm: WIDTH_KM, ends: "round", sectors, postSpacingKm: 10, withdrawalLines: [] },
  }).areaKm2;

const turfZone = (line: Position[]) => () => {
  const poly = turfBuffer(
    { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: line } },
    WIDTH_KM / 2,
    { units: "kilometers", steps: 16 },
  );
  return turfArea(poly as never) / 1e6;
};

const fmt = (r: Timing) =>
  `wall min ${r.min.toFixed(1)} ms, mean ${r.mean.toFixed(1)} ± ${r.std.toFixed(1)} ms; CPU min ${r.cpuMin.toFixed(1)} ms`;
const pct = (a: number, ref: number) => `${(((a - ref) / ref) * 100).toFixed(4)}%`;

function smoothCase(vertices: number, lengthKm: number, sectors: number) {
  // A smooth line swinging ±25° about east, like a front line at Ukraine's latitude.
  const line = smoothLine([24, 48], 95, lengthKm, 25, lengthKm / (vertices - 1));
  const length = lineLengthKm(line);
  const reference = WIDTH_KM * length + Math.PI * (WIDTH_KM / 2) ** 2;
  const truce = time(truceZone(line, sectors));
  const turf = time(turfZone(line));
  console.log(
    `\nsmooth line: ${line.length} vertices, ${length.toFixed(1)} km at 48°N; ${sectors} sectors; reference ${reference.toFixed(1)} km²`,
  );
  console.log(`  Truce computeZone:    ${fmt(truce)}; error ${pct(truce.area, reference)}`);
  console.log(`  Turf buffer + area:   ${fmt(turf)}; error ${pct(turf.area, reference)}`);
  console.log(
    `  time ratio Truce / Turf: ${(truce.min / turf.min).toFixed(2)}× (wall min), ${(truce.cpuMin / turf.cpuMin).toFixed(2)}× (CPU min)`,
  );
  console.log(
    `  error ratio |Turf| / |Truce|:  ${(Math.abs(turf.area - reference) / Math.max(1e-12, Math.abs(truce.area - reference))).toFixed(0)}×`,
  );
}

function zigzagCase(vertices: number, runs: number) {
  const line: Position[] = Array.from({ length: vertices }, (_, i) => [30 + i * 0.0002, 48 + (i % 2) * 0.002]);
  const bottom = line.filter((_, i) => i % 2 === 0);
  const top = line.filter((_, i) => i % 2 === 1).reverse();
  const strip = [...bottom, ...top, bottom[0]];
  const w = WIDTH_KM / 2;
  const reference =
    polygonAreaKm2({ type: "Polygon", coordinates: [strip] }) + lineLengthKm(strip) * w + Math.PI * w * w;
  const truce = time(truceZone(line), runs);
  console.log(
    `\nzigzag (issue 18): ${vertices} vertices, ${lineLengthKm(line).toFixed(0)} km of line over ${lineLengthKm(bottom).toFixed(1)} km; default sectors; reference ${reference.toFixed(2)} km²`,
  );
  console.log(`  Truce computeZone:    ${fmt(truce)}; error ${pct(truce.area, reference)}`);
  // Turf buffers the whole line with JSTS in one go: on this line it ran out of a 4 GB heap (2026-12-01).
  console.log("  Turf buffer + area:   not run (JSTS on the whole zigzag exhausted a 4 GB heap)");
}

console.log(`zone ${WIDTH_KM} km wide, round ends; min and mean ± std of ${RUNS} runs after a warm-up`);
smoothCase(10_000, 1200, 12);
smoothCase(100, 120, 2);
zigzagCase(2_000, Math.min(RUNS, 3));
zigzagCase(10_000, Math.min(RUNS, 3));
