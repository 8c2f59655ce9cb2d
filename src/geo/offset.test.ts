import { describe, expect, it } from "vitest";
import { convexHull, hullBuffer, hullGapM, offsetRing, ringIsSimple, ringsAreSimple, type XY } from "./offset.js";

const shoelace = (ring: XY[]) => {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
};

describe("offset rings", () => {
  it("a straight segment's ring is its rectangle, with the cap through the end points", () => {
    const ring = offsetRing(
      [
        [0, 0],
        [100, 0],
      ],
      5,
      3,
      false,
      false,
    ) as XY[];
    expect(Math.abs(shoelace(ring))).toBeCloseTo(800, 9);
    expect(ring).toContainEqual([100, 0]);
    expect(ringIsSimple(ring)).toBe(true);
  });

  it("a gentle corner matches the exact corner formula (outer wedge, inner mitre)", () => {
    const theta = (20 * Math.PI) / 180;
    const xy: XY[] = [
      [0, 0],
      [1000, 0],
      [1000 + 1000 * Math.cos(theta), 1000 * Math.sin(theta)],
    ];
    const ring = offsetRing(xy, 50, 50, false, false) as XY[];
    // Left turn: right side outside (wedge w²θ/2, drawn with chords), left side inside (loses w²·tan(θ/2)).
    const exact = 100 * 2000 + (50 * 50 * theta) / 2 - 50 * 50 * Math.tan(theta / 2);
    expect(Math.abs(Math.abs(shoelace(ring)) - exact) / exact).toBeLessThan(1e-5);
  });

  it("refuses turns too sharp for their segments, and rings that cross themselves are not simple", () => {
    const hairpin: XY[] = [
      [0, 0],
      [1000, 0],
      [0, 10],
    ];
    expect(offsetRing(hairpin, 50, 50, false, false)).toBeUndefined();
    const figureEight: XY[] = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
      [0, 0],
    ];
    expect(ringIsSimple(figureEight)).toBe(false);
    const square: XY[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const apart: XY[] = square.map(([x, y]) => [x + 20, y]);
    const overlapping: XY[] = square.map(([x, y]) => [x + 5, y + 5]);
    expect(ringsAreSimple([square, apart])).toBe(true);
    expect(ringsAreSimple([square, overlapping])).toBe(false);
  });
});

describe("hull buffers of folded stretches", () => {
  it("a zigzag's hull is within a few centimetres of its own buffer; an L-shaped line's is not", () => {
    const zig: XY[] = Array.from({ length: 100 }, (_, i) => [i * 15, (i % 2) * 222]);
    expect(hullGapM(zig, convexHull(zig), 5000, 0.05)).toBeLessThan(0.1);
    const ell: XY[] = [
      [0, 0],
      [1000, 0],
      [1000, 1000],
    ];
    // The hull's long edge (0,0)-(1000,1000) has no line near it: the bound must say so.
    expect(hullGapM(ell, convexHull(ell), 5000, 0.05)).toBeGreaterThan(10);
  });

  it("the buffer of a convex polygon has Steiner's area, less the chords of its arcs", () => {
    const hull = convexHull([
      [0, 0],
      [300, 0],
      [300, 100],
      [0, 100],
      [150, 50],
    ]);
    expect(hull).toHaveLength(4);
    const r = 1000;
    const ring = hullBuffer(hull, r);
    const steiner = 300 * 100 + 800 * r + Math.PI * r * r;
    const chords = (r * r * (2 * Math.PI - 256 * Math.sin(Math.PI / 128))) / 2;
    expect(Math.abs(shoelace(ring) - (steiner - chords)) / steiner).toBeLessThan(1e-9);
    expect(ringIsSimple(ring)).toBe(true);
  });
});
