import type { Position } from "geojson";

/** Round to 6 decimals (~0.1 m) and drop repeated vertices, which the editor refuses. */
export function cleanParts(parts: Position[][]): Position[][] {
  return parts
    .map((p) => {
      const line: Position[] = [];
      for (const c of p) {
        const q = [Math.round(c[0] * 1e6) / 1e6, Math.round(c[1] * 1e6) / 1e6];
        const last = line[line.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) line.push(q);
      }
      return line;
    })
    .filter((p) => p.length >= 2);
}
