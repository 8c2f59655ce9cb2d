/**
 * ESRI Shapefile geometry (.shp/.shx) and attributes (.dbf), read and written synchronously.
 * The `shapefile` package reads the same files but only through Promises, and the scenario
 * loader is synchronous; the format is small (ESRI white paper, 1998), so it lives here.
 */
import { TruceInputError } from "../errors/index.js";

export type ShpGeometry =
  | { type: "Point"; coordinates: number[] }
  | { type: "MultiPoint"; coordinates: number[][] }
  | { type: "LineString"; coordinates: number[][] }
  | { type: "MultiLineString"; coordinates: number[][][] }
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "MultiPolygon"; coordinates: number[][][][] };

const SHAPE_NAMES: Record<number, string> = {
  0: "Null",
  1: "Point",
  3: "PolyLine",
  5: "Polygon",
  8: "MultiPoint",
  11: "PointZ",
  13: "PolyLineZ",
  15: "PolygonZ",
  18: "MultiPointZ",
  21: "PointM",
  23: "PolyLineM",
  25: "PolygonM",
  28: "MultiPointM",
  31: "MultiPatch",
};

export interface ShpRecord {
  /** null for a Null shape. Polygons come back as rings (outer and holes), not assembled. */
  geometry: { kind: "point" | "line" | "polygon"; parts: number[][] } | null;
  /** True when the record carried Z or M values (dropped). */
  hadExtraOrdinates: boolean;
}

/** Read every record of a .shp file. `file` is used in messages only. */
export function readShp(bytes: Uint8Array, file: string): { shapeType: string; records: ShpRecord[] } {
  const bad = (problem: string): never => {
    throw new TruceInputError({
      file,
      problem: `this is not a readable Shapefile: ${problem}`,
      fix: "Export the layer again from QGIS (Export > Save Features As > ESRI Shapefile), or send a GeoPackage.",
    });
  };
  if (bytes.length < 100) bad("it is shorter than the 100-byte header.");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) bad("the file code is not 9994.");
  const fileType = view.getInt32(32, true);
  const records: ShpRecord[] = [];
  const end = Math.min(bytes.length, view.getInt32(24, false) * 2);
  let at = 100;
  while (at + 8 <= end) {
    const contentBytes = view.getInt32(at + 4, false) * 2;
    const start = at + 8;
    if (start + contentBytes > bytes.length || contentBytes < 4) bad(`record ${records.length + 1} runs past the end.`);
    const type = view.getInt32(start, true);
    const hadExtra = type > 10;
    if (type === 0) {
      records.push({ geometry: null, hadExtraOrdinates: false });
    } else if (type === 1 || type === 11 || type === 21) {
      records.push({
        geometry: { kind: "point", parts: [[view.getFloat64(start + 4, true), view.getFloat64(start + 12, true)]] },
        hadExtraOrdinates: hadExtra,
      });
    } else if ([3, 5, 13, 15, 23, 25].includes(type)) {
      const numParts = view.getInt32(start + 36, true);
      const numPoints = view.getInt32(start + 40, true);
      const partsAt = start + 44;
      const pointsAt = partsAt + 4 * numParts;
      if (numParts < 0 || numPoints < 0 || pointsAt + 16 * numPoints > start + contentBytes) {
        bad(`record ${records.length + 1} has inconsistent part and point counts.`);
      }
      const parts: number[][] = [];
      for (let p = 0; p < numParts; p++) {
        const from = view.getInt32(partsAt + 4 * p, true);
        const to = p + 1 < numParts ? view.getInt32(partsAt + 4 * (p + 1), true) : numPoints;
        const flat: number[] = [];
        for (let i = from; i < to; i++) {
          flat.push(view.getFloat64(pointsAt + 16 * i, true), view.getFloat64(pointsAt + 16 * i + 8, true));
        }
        parts.push(flat);
      }
      const kind = type % 10 === 3 ? "line" : "polygon";
      records.push({ geometry: { kind, parts }, hadExtraOrdinates: hadExtra });
    } else {
      bad(`record ${records.length + 1} is a ${SHAPE_NAMES[type] ?? `type ${type}`} shape, which Truce does not read.`);
    }
    at = start + contentBytes;
  }
  return { shapeType: SHAPE_NAMES[fileType] ?? `type ${fileType}`, records };
}

export type DbfValue = string | number | boolean | null;

/** Read the attribute table of a .dbf file. `encoding` comes from the .cpg (default UTF-8, falling back to Windows-1252). */
export function readDbf(bytes: Uint8Array, file: string, encoding?: string): Record<string, DbfValue>[] {
  if (bytes.length < 32) {
    throw new TruceInputError({
      file,
      problem: "this is not a readable dBASE (.dbf) table: it is shorter than its header.",
      fix: "Export the layer again, or delete the .dbf (the line is then read without attributes).",
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: { name: string; type: string; length: number }[] = [];
  const ascii = new TextDecoder("latin1");
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const rawName = ascii.decode(bytes.subarray(at, at + 11));
    fields.push({
      name: rawName.replace(/\0.*$/s, ""),
      type: String.fromCharCode(bytes[at + 11]),
      length: bytes[at + 16],
    });
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding?.trim() || "utf-8", { fatal: !encoding });
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  const fallback = new TextDecoder("windows-1252");
  const text = (b: Uint8Array) => {
    try {
      return decoder.decode(b);
    } catch {
      return fallback.decode(b);
    }
  };
  const rows: Record<string, DbfValue>[] = [];
  for (let r = 0; r < count; r++) {
    const at = headerLength + r * recordLength;
    if (at + recordLength > bytes.length) break;
    if (bytes[at] === 0x2a) continue; // '*': deleted record
    const row: Record<string, DbfValue> = {};
    let off = at + 1;
    for (const f of fields) {
      const raw = text(bytes.subarray(off, off + f.length)).trim();
      off += f.length;
      if (f.type === "N" || f.type === "F") row[f.name] = raw === "" || raw.startsWith("*") ? null : Number(raw);
      else if (f.type === "L") row[f.name] = /^[TtYy]$/.test(raw) ? true : /^[FfNn]$/.test(raw) ? false : null;
      else row[f.name] = raw;
    }
    rows.push(row);
  }
  return rows;
}

/** Signed area of a ring in the plane (positive = counter-clockwise). */
function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

/** Shapefile polygons want outer rings clockwise and holes counter-clockwise (the reverse of RFC 7946). */
function orient(ring: number[][], clockwise: boolean): number[][] {
  const ccw = ringArea(ring) > 0;
  return ccw === clockwise ? [...ring].reverse() : ring;
}

function partsOf(g: ShpGeometry): { shapeType: number; parts: number[][][] } {
  switch (g.type) {
    case "Point":
      return { shapeType: 1, parts: [[g.coordinates]] };
    case "MultiPoint":
      return { shapeType: 8, parts: [g.coordinates] };
    case "LineString":
      return { shapeType: 3, parts: [g.coordinates] };
    case "MultiLineString":
      return { shapeType: 3, parts: g.coordinates };
    case "Polygon":
      return { shapeType: 5, parts: g.coordinates.map((r, i) => orient(r, i === 0)) };
    case "MultiPolygon":
      return { shapeType: 5, parts: g.coordinates.flatMap((p) => p.map((r, i) => orient(r, i === 0))) };
  }
}

/** [xmin, ymin, xmax, ymax] without spreading (zone rings can hold more points than the call stack takes). */
function boundsOf(points: number[][]): number[] {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    if (p[0] < b[0]) b[0] = p[0];
    if (p[1] < b[1]) b[1] = p[1];
    if (p[0] > b[2]) b[2] = p[0];
    if (p[1] > b[3]) b[3] = p[1];
  }
  return b;
}

export interface ShpField {
  name: string;
  type: "C" | "N";
  length: number;
  decimals: number;
}

/** Attribute columns for a set of property maps: numbers as N(24,9)... strings as C(≤254). Names are cut to 10 bytes. */
export function dbfFields(rows: Record<string, string | number | boolean>[]): ShpField[] {
  const fields = new Map<string, ShpField>();
  const enc = new TextEncoder();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      const name = k.slice(0, 10);
      const prev = fields.get(name);
      const isNum = typeof v === "number" && (prev === undefined || prev.type === "N");
      const len = isNum ? 24 : Math.min(254, Math.max(1, enc.encode(String(v)).length));
      if (isNum) fields.set(name, { name, type: "N", length: 24, decimals: 9 });
      else
        fields.set(name, { name, type: "C", length: Math.max(len, prev?.type === "C" ? prev.length : 1), decimals: 0 });
    }
  }
  return [...fields.values()];
}

/** The .shp, .shx and .dbf bytes of one layer. All geometries must be of one kind (points, lines or polygons). */
export function writeShapefile(
  kind: "point" | "line" | "polygon",
  features: { geometry: ShpGeometry; properties: Record<string, string | number | boolean> }[],
): { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array } {
  const shapes = features.map((f) => partsOf(f.geometry));
  const shapeType = { point: 1, line: 3, polygon: 5 }[kind];
  if (shapes.some((s) => s.shapeType !== shapeType))
    throw new Error(`writeShapefile: every geometry must be a ${kind}`);
  const contentSizes = shapes.map((s) => {
    if (s.shapeType === 1) return 20;
    const n = s.parts.reduce((a, p) => a + p.length, 0);
    return s.shapeType === 8 ? 40 + 16 * n : 44 + 4 * s.parts.length + 16 * n;
  });
  const shpLength = 100 + contentSizes.reduce((a, c) => a + 8 + c, 0);
  const shp = new DataView(new ArrayBuffer(shpLength));
  const shx = new DataView(new ArrayBuffer(100 + 8 * shapes.length));
  const bbox = boundsOf(shapes.flatMap((s) => s.parts.flat())).map((v) => (Number.isFinite(v) ? v : 0));
  for (const [view, length] of [
    [shp, shpLength],
    [shx, 100 + 8 * shapes.length],
  ] as const) {
    view.setInt32(0, 9994, false);
    view.setInt32(24, length / 2, false);
    view.setInt32(28, 1000, true);
    view.setInt32(32, shapeType, true);
    for (let i = 0; i < 4; i++) view.setFloat64(36 + 8 * i, bbox[i], true);
  }
  let at = 100;
  shapes.forEach((s, r) => {
    shx.setInt32(100 + 8 * r, at / 2, false);
    shx.setInt32(104 + 8 * r, contentSizes[r] / 2, false);
    shp.setInt32(at, r + 1, false);
    shp.setInt32(at + 4, contentSizes[r] / 2, false);
    const c = at + 8;
    shp.setInt32(c, s.shapeType, true);
    const pts = s.parts.flat();
    if (s.shapeType === 1) {
      shp.setFloat64(c + 4, pts[0][0], true);
      shp.setFloat64(c + 12, pts[0][1], true);
    } else {
      const box = boundsOf(pts);
      for (let i = 0; i < 4; i++) shp.setFloat64(c + 4 + 8 * i, box[i], true);
      let p0 = c + 36;
      if (s.shapeType !== 8) {
        shp.setInt32(p0, s.parts.length, true);
        p0 += 4;
      }
      shp.setInt32(p0, pts.length, true);
      p0 += 4;
      if (s.shapeType !== 8) {
        let first = 0;
        s.parts.forEach((part, i) => {
          shp.setInt32(p0 + 4 * i, first, true);
          first += part.length;
        });
        p0 += 4 * s.parts.length;
      }
      pts.forEach((p, i) => {
        shp.setFloat64(p0 + 16 * i, p[0], true);
        shp.setFloat64(p0 + 16 * i + 8, p[1], true);
      });
    }
    at = c + contentSizes[r];
  });
  return {
    shp: new Uint8Array(shp.buffer),
    shx: new Uint8Array(shx.buffer),
    dbf: writeDbf(features.map((f) => f.properties)),
  };
}

/** dBASE III table, UTF-8 text (declared by the .cpg written beside it). */
export function writeDbf(rows: Record<string, string | number | boolean>[]): Uint8Array {
  const fields = dbfFields(rows);
  const enc = new TextEncoder();
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((a, f) => a + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03;
  // A fixed date (1970-01-01) keeps the output the same for the same zone.
  out[1] = 70;
  out[2] = 1;
  out[3] = 1;
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.set(enc.encode(f.name).subarray(0, 10), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    for (const f of fields) {
      const v = Object.entries(row).find(([k]) => k.slice(0, 10) === f.name)?.[1];
      let cell: Uint8Array;
      if (f.type === "N") {
        const s = typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(f.decimals)) : "";
        cell = enc.encode(s.padStart(f.length).slice(-f.length));
      } else {
        const bytes = enc.encode(v === undefined ? "" : String(v));
        cell = new Uint8Array(f.length).fill(0x20);
        // Cut on a character boundary so a long name never leaves half a UTF-8 sequence.
        let n = Math.min(bytes.length, f.length);
        while (n > 0 && n < bytes.length && (bytes[n] & 0xc0) === 0x80) n--;
        cell.set(bytes.subarray(0, n));
      }
      out.set(cell, at);
      at += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** WKT for WGS84 as ESRI software writes it in a .prj. */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
