/**
 * Zone benchmark: a 1,200 km line of 10,000 vertices at 48°N, buffered 5 km each
 * side with round ends, by Truce (geodesic, chunked local ellipsoidal projections)
 * and by the anchor, @turf/buffer + @turf/area (spherical, one projection), in the
 * same run. Both areas are compared with the geodesic reference (Steiner: width ×
 * length + π(width/2)² for a smooth line). Run: npx tsx bench/zone.ts
 */
import turfArea from "@turf/area";
import turfBuffer from "@turf/buffer";
import { lineLengthKm } from "../src/geo/geodesic.js";
import { computeZone } from "../src/geo/zone.js";
import { smoothLine } from "../test/support/geoReference.js";

const VERTICES = 10_000;
const LENGTH_KM = 1200;
const WIDTH_KM = 10;
const RUNS = Number(process.env.RUNS ?? 5);

// A smooth line swinging ±25° about east, like a front line at Ukraine's latitude.
const line = smoothLine([24, 48], 95, LENGTH_KM, 25, LENGTH_KM / (VERTICES - 1));
const lengthKm = lineLengthKm(line);
const referenceKm2 = WIDTH_KM * lengthKm + Math.PI * (WIDTH_KM / 2) ** 2;

function time(fn: () => number): { min: number; mean: number; std: number; area: number } {
  fn(); // warm-up
  const times: number[] = [];
  let area = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    area = fn();
    times.push(performance.now() - t);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const std = Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / times.length);
  return { min: Math.min(...times), mean, std, area };
}

const truce = time(
  () =>
    computeZone({
      contactLine: { type: "LineString", coordinates: line as Array<[number, number]> },
      zone: { widthKm: WIDTH_KM, ends: "round", sectors: 12, postSpacingKm: 10, withdrawalLines: [] },
    }).areaKm2,
);
const turf = time(() => {
  const poly = turfBuffer(
    { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: line } },
    WIDTH_KM / 2,
    {
      units: "kilometers",
      steps: 16,
    },
  );
  return turfArea(poly as never) / 1e6;
});

const pct = (a: number) => `${(((a - referenceKm2) / referenceKm2) * 100).toFixed(4)}%`;
const fmt = (r: { min: number; mean: number; std: number }) =>
  `min ${r.min.toFixed(0)} ms, mean ${r.mean.toFixed(0)} ± ${r.std.toFixed(0)} ms`;
console.log(
  `line: ${line.length} vertices, ${lengthKm.toFixed(1)} km at 48°N; zone ${WIDTH_KM} km wide, round ends; ${RUNS} runs after a warm-up`,
);
console.log(`reference area (geodesic, Steiner): ${referenceKm2.toFixed(1)} km²`);
console.log(
  `Truce  zone (with 12 sectors): ${fmt(truce)}; area ${truce.area.toFixed(1)} km², error ${pct(truce.area)}`,
);
console.log(`Turf   buffer + area:          ${fmt(turf)}; area ${turf.area.toFixed(1)} km², error ${pct(turf.area)}`);
console.log(`time ratio Truce / Turf (min): ${(truce.min / turf.min).toFixed(2)}×`);
console.log(
  `error ratio |Turf| / |Truce|:  ${(Math.abs(turf.area - referenceKm2) / Math.max(1e-12, Math.abs(truce.area - referenceKm2))).toFixed(0)}×`,
);
