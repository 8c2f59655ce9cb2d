/**
 * Scenario uploads for the server's load tests and bench/health.ts: the GCSP case made self-contained
 * (line and contributors inlined) with its line shifted, so no two uploads share a cache entry, and the
 * zigzag line that once froze the server (issue 18).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The GCSP scenario as one upload (YAML), its line shifted east by 0.001° × (i + 1). */
export function gcspUpload(i: number): string {
  const s = parse(readFileSync(join(ROOT, "data/scenarios/ukraine-gcsp.yaml"), "utf8")) as Record<string, unknown>;
  const line = JSON.parse(readFileSync(join(ROOT, "data/lines/ukraine-contact-line-2025.geojson"), "utf8"));
  const geometry = (line.type === "FeatureCollection" ? line.features[0].geometry : (line.geometry ?? line)) as {
    type: string;
    coordinates: number[][];
  };
  const contributors = parse(readFileSync(join(ROOT, "data/contributors/ukraine-2025.yaml"), "utf8")) as {
    contributors: unknown;
  };
  const dLon = 0.001 * (i + 1);
  return stringify({
    ...s,
    name: `GCSP load test ${i}`,
    contactLine: { type: geometry.type, coordinates: geometry.coordinates.map(([x, y]) => [x + dLon, y]) },
    contributors: contributors.contributors,
  });
}

/** A line that folds back on itself every vertex (issue 18's ~30 KB freeze at 2,000 vertices), as JSON. */
export function zigzagUpload(vertices: number): string {
  const coordinates = Array.from({ length: vertices }, (_, i) => [30 + i * 0.0002, 48 + (i % 2) * 0.002]);
  return JSON.stringify({
    name: "zigzag",
    contactLine: { type: "LineString", coordinates },
    zone: { widthKm: 10 },
    mandate: { posture: "monitor" },
  });
}
