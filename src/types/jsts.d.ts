// Minimal typings for the jsts modules Truce uses (jsts ships types only for its bundle entry).
declare module "jsts/org/locationtech/jts/geom/GeometryFactory.js" {
  export default class GeometryFactory {
    constructor(precisionModel?: unknown);
    createLineString(coords: unknown[]): JstsGeometry;
    createPoint(coord: unknown): JstsGeometry;
    createPolygon(shell: JstsGeometry, holes?: JstsGeometry[]): JstsGeometry;
    createLinearRing(coords: unknown[]): JstsGeometry;
    createMultiPolygon(polys: JstsGeometry[]): JstsGeometry;
    createGeometryCollection(geoms: JstsGeometry[]): JstsGeometry;
  }
}
declare module "jsts/org/locationtech/jts/geom/Coordinate.js" {
  export default class Coordinate {
    constructor(x: number, y: number);
    x: number;
    y: number;
  }
}
declare module "jsts/org/locationtech/jts/operation/buffer/BufferOp.js" {
  export default class BufferOp {
    static bufferOp(g: JstsGeometry, distance: number, params: unknown): JstsGeometry;
  }
}
declare module "jsts/org/locationtech/jts/operation/buffer/BufferParameters.js" {
  export default class BufferParameters {
    static CAP_ROUND: number;
    static CAP_FLAT: number;
    static JOIN_ROUND: number;
    setEndCapStyle(s: number): void;
    setJoinStyle(s: number): void;
    setQuadrantSegments(n: number): void;
    setSingleSided(b: boolean): void;
    setSimplifyFactor(f: number): void;
  }
}
declare module "jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js" {
  export default class UnaryUnionOp {
    static union(g: JstsGeometry): JstsGeometry;
  }
}
declare module "jsts/org/locationtech/jts/operation/overlay/OverlayOp.js" {
  export default class OverlayOp {
    static INTERSECTION: number;
    static UNION: number;
    static DIFFERENCE: number;
  }
}
declare module "jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js" {
  export default class SnapIfNeededOverlayOp {
    static overlayOp(a: JstsGeometry, b: JstsGeometry, op: number): JstsGeometry;
  }
}
declare module "jsts/org/locationtech/jts/operation/valid/IsValidOp.js" {
  export default class IsValidOp {
    constructor(g: JstsGeometry);
    isValid(): boolean;
    getValidationError(): { toString(): string } | null;
  }
}
declare module "jsts/org/locationtech/jts/densify/Densifier.js" {
  export default class Densifier {
    static densify(g: JstsGeometry, tolerance: number): JstsGeometry;
  }
}

interface JstsEnvelope {
  getMinX(): number;
  getMaxX(): number;
  getMinY(): number;
  getMaxY(): number;
  intersects(other: JstsEnvelope): boolean;
}

interface JstsGeometry {
  getGeometryType(): string;
  getArea(): number;
  getNumGeometries(): number;
  getGeometryN(i: number): JstsGeometry;
  getExteriorRing(): JstsGeometry;
  getNumInteriorRing(): number;
  getInteriorRingN(i: number): JstsGeometry;
  getCoordinates(): Array<{ x: number; y: number }>;
  isEmpty(): boolean;
  intersects(other: JstsGeometry): boolean;
  /** DE-9IM pattern test, e.g. "T********": the interiors intersect. */
  relate(other: JstsGeometry, pattern: string): boolean;
  getEnvelopeInternal(): JstsEnvelope;
}
declare module "jsts/org/locationtech/jts/geom/PrecisionModel.js" {
  export default class PrecisionModel {
    constructor(scale?: number);
  }
}
declare module "jsts/org/locationtech/jts/precision/GeometryPrecisionReducer.js" {
  export default class GeometryPrecisionReducer {
    static reduce(g: JstsGeometry, pm: unknown): JstsGeometry;
  }
}
