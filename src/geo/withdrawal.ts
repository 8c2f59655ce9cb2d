/**
 * Withdrawal lines: where heavy weapons must stay behind, `km` back from the line
 * of contact on each side. Each is the edge of the km-wide geodesic buffer of
 * the line, split at its ends into the left and the right offset line, so that
 * loops at concave turns are already resolved by the buffer.
 */
import { bufferChunk, chunkGeometry, toGeoJson, unionAll } from "./buffer.js";
import { chunkLine } from "./chunks.js";
import { cumulativeKm, destination, inverse } from "./geodesic.js";
import type { MultiLineString, Position, WithdrawalLine } from "./types.js";

function nearestIndex(ring: Position[], target: Position): number {
  const k = Math.cos((target[1] * Math.PI) / 180);
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < ring.length - 1; i++) {
    const dx = (ring[i][0] - target[0]) * k;
    const dy = ring[i][1] - target[1];
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Vertices of a closed ring walking forward from index a to index b. */
function arc(ring: Position[], a: number, b: number): Position[] {
  const n = ring.length - 1; // closed ring: last repeats first
  const out: Position[] = [];
  for (let i = a; ; i = (i + 1) % n) {
    out.push(ring[i]);
    if (i === b) break;
  }
  return out;
}

/** Steps from a to b walking forward round a ring of n vertices. */
function forwardSteps(a: number, b: number, n: number): number {
  return (b - a + n) % n;
}

/** Left and right offset lines of one part at `km`. */
function offsetPart(coords: Position[], km: number): { left: Position[]; right: Position[] } {
  const cum = cumulativeKm(coords);
  const total = cum[cum.length - 1];
  const chunks = chunkLine(coords, cum, 0, total, km, km);
  const geom = toGeoJson(unionAll(chunks.map((c) => chunkGeometry(bufferChunk(c, km, km, false)))));
  // The largest polygon's outer ring carries both offset lines.
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  const ring = polys.reduce((a, b) => (b[0].length > a[0].length ? b : a))[0];

  const startAz = inverse(coords[0], coords[1]).azimuth1;
  const endAz = inverse(coords[coords.length - 2], coords[coords.length - 1]).azimuth2;
  const sl = nearestIndex(ring, destination(coords[0], startAz - 90, km));
  const sr = nearestIndex(ring, destination(coords[0], startAz + 90, km));
  const el = nearestIndex(ring, destination(coords[coords.length - 1], endAz - 90, km));
  const er = nearestIndex(ring, destination(coords[coords.length - 1], endAz + 90, km));
  const m = ring.length - 1;
  // The left line runs from the start-left to the end-left corner without passing the right-hand corners.
  const forwardLeft = forwardSteps(sl, el, m) < forwardSteps(sl, er, m);
  const left = forwardLeft ? arc(ring, sl, el) : arc(ring, el, sl).reverse();
  const forwardRight = forwardSteps(sr, er, m) < forwardSteps(sr, el, m);
  const right = forwardRight ? arc(ring, sr, er) : arc(ring, er, sr).reverse();
  return { left, right };
}

/** A named withdrawal line `km` back from the contact line on both sides. */
export function withdrawalLine(parts: Position[][], name: string, km: number): WithdrawalLine {
  const offsets = parts.map((p) => offsetPart(p, km));
  const left: MultiLineString = { type: "MultiLineString", coordinates: offsets.map((o) => o.left) };
  const right: MultiLineString = { type: "MultiLineString", coordinates: offsets.map((o) => o.right) };
  return { name, km, left, right };
}
