/** Well-Known Binary (OGC SFA, ISO and EWKB flavours) read and written for GeoPackage blobs. */

export interface WkbGeometry {
  type: string;
  /** Nested like GeoJSON coordinates; positions are [x, y] (extra ordinates dropped). */
  coordinates: unknown;
  /** True when the blob held Z or M values. */
  hadExtraOrdinates: boolean;
}

const TYPES = [
  "Geometry",
  "Point",
  "LineString",
  "Polygon",
  "MultiPoint",
  "MultiLineString",
  "MultiPolygon",
  "GeometryCollection",
];

/** Read one WKB geometry at `offset`. Throws Error with the reason when the bytes are not WKB. */
export function readWkb(bytes: Uint8Array, offset = 0): WkbGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = offset;
  let extra = false;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error("the geometry blob ends early");
  };
  const read = (): { type: string; coordinates: unknown } => {
    need(5);
    const le = bytes[at] === 1;
    at += 1;
    const raw = view.getUint32(at, le);
    at += 4;
    // EWKB flags (PostGIS) or ISO thousands (1000 Z, 2000 M, 3000 ZM).
    let hasZ = (raw & 0x80000000) !== 0;
    let hasM = (raw & 0x40000000) !== 0;
    if ((raw & 0x20000000) !== 0) {
      need(4);
      at += 4; // EWKB SRID
    }
    let code = raw & 0x0fffffff;
    if (code >= 1000) {
      const dims = Math.floor(code / 1000);
      hasZ ||= dims === 1 || dims === 3;
      hasM ||= dims === 2 || dims === 3;
      code %= 1000;
    }
    if (hasZ || hasM) extra = true;
    const dim = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    const u32 = () => {
      need(4);
      const v = view.getUint32(at, le);
      at += 4;
      return v;
    };
    const point = () => {
      need(8 * dim);
      const p = [view.getFloat64(at, le), view.getFloat64(at + 8, le)];
      at += 8 * dim;
      return p;
    };
    const points = () => Array.from({ length: u32() }, point);
    const type = TYPES[code];
    switch (code) {
      case 1:
        return { type, coordinates: point() };
      case 2:
        return { type, coordinates: points() };
      case 3:
        return { type, coordinates: Array.from({ length: u32() }, points) };
      case 4:
      case 5:
      case 6:
      case 7: {
        const members = Array.from({ length: u32() }, read);
        if (code === 7) return { type, coordinates: members };
        return { type, coordinates: members.map((m) => m.coordinates) };
      }
      default:
        throw new Error(`geometry type code ${code} is not one Truce reads`);
    }
  };
  const g = read();
  return { ...g, hadExtraOrdinates: extra };
}

/** Little-endian 2-D WKB of a GeoJSON geometry (Point, LineString, Polygon and their Multi forms). */
export function writeWkb(g: { type: string; coordinates: unknown }): Uint8Array {
  const chunks: number[] = [];
  const buf = new DataView(new ArrayBuffer(8));
  const u32 = (v: number) => {
    buf.setUint32(0, v, true);
    for (let i = 0; i < 4; i++) chunks.push(buf.getUint8(i));
  };
  const f64 = (v: number) => {
    buf.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) chunks.push(buf.getUint8(i));
  };
  const pt = (p: number[]) => {
    f64(p[0]);
    f64(p[1]);
  };
  const pts = (ps: number[][]) => {
    u32(ps.length);
    for (const p of ps) pt(p);
  };
  const write = (type: string, c: unknown) => {
    const code = TYPES.indexOf(type);
    if (code < 1 || code > 6) throw new Error(`writeWkb: unsupported type ${type}`);
    chunks.push(1);
    u32(code);
    if (code === 1) pt(c as number[]);
    else if (code === 2) pts(c as number[][]);
    else if (code === 3) {
      const rings = c as number[][][];
      u32(rings.length);
      for (const r of rings) pts(r);
    } else {
      const members = c as unknown[];
      u32(members.length);
      for (const m of members) write(TYPES[code - 3], m);
    }
  };
  write(g.type, g.coordinates);
  return Uint8Array.from(chunks);
}
