/**
 * GeoPackage (OGC 12-128r18) read from and written to bytes. A GeoPackage is an SQLite file;
 * better-sqlite3 opens the bytes as an in-memory database, so nothing touches the disk here.
 */
import type Database from "better-sqlite3";
import { TruceInputError } from "../errors/index.js";
import { lazyRequire } from "../util/lazyRequire.js";
import { type Crs, crsFromEpsg, crsFromWkt } from "./crs.js";
import { readWkb, type WkbGeometry, writeWkb } from "./wkb.js";

/** SQLite (a native module) only when a GeoPackage is read or written. */
const sqlite = lazyRequire<typeof Database>("better-sqlite3");

export interface GpkgFeature {
  fid: number;
  properties: Record<string, unknown>;
  geometry: WkbGeometry | null;
}

export interface GpkgLayer {
  name: string;
  geometryType: string;
  crs: Crs;
  features: GpkgFeature[];
}

/** Parse a GeoPackage geometry blob: "GP", version, flags, srs_id, optional envelope, then WKB. */
export function readGpkgGeometry(blob: Uint8Array): WkbGeometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error("the blob does not start with 'GP'");
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const envelope = (flags >> 1) & 0x07;
  const envelopeBytes = [0, 32, 48, 48, 64][envelope];
  if (envelopeBytes === undefined) throw new Error(`envelope code ${envelope} is invalid`);
  return readWkb(blob, 8 + envelopeBytes);
}

function fail(file: string, problem: string, fix: string): never {
  throw new TruceInputError({ file, problem, fix });
}

/** List the feature layers (tables) of a GeoPackage and read the one asked for (or every one when `layer` is undefined). */
export function readGpkg(bytes: Uint8Array, file: string, layer?: string): GpkgLayer[] {
  // better-sqlite3 opens any bytes lazily; the 16-byte magic tells a GeoPackage from a misnamed file.
  const magic = new TextDecoder("latin1").decode(bytes.subarray(0, 16));
  if (magic !== "SQLite format 3\0") {
    fail(
      file,
      "this is not a GeoPackage (it is not an SQLite database).",
      "Export the layer again from QGIS as GeoPackage.",
    );
  }
  let db: Database.Database;
  try {
    db = new (sqlite())(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { readonly: true });
  } catch (e) {
    fail(
      file,
      `this is not a GeoPackage (SQLite cannot open it: ${(e as Error).message}).`,
      "Export the layer again from QGIS as GeoPackage.",
    );
  }
  try {
    let tables: { table_name: string; column_name: string; geometry_type_name: string; srs_id: number }[];
    try {
      tables = db
        .prepare(
          "SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name",
        )
        .all() as typeof tables;
    } catch {
      fail(
        file,
        "this SQLite file has no GeoPackage feature tables (gpkg_contents, gpkg_geometry_columns).",
        "Export the line from QGIS as GeoPackage.",
      );
    }
    const chosen = layer === undefined ? tables : tables.filter((t) => t.table_name === layer);
    if (layer !== undefined && chosen.length === 0) {
      fail(
        file,
        `has no layer "${layer}".`,
        tables.length
          ? `Its layers are: ${tables.map((t) => `"${t.table_name}"`).join(", ")}.`
          : "It has no feature layers.",
      );
    }
    return chosen.map((t) => {
      const srs = db
        .prepare("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?")
        .get(t.srs_id) as { organization: string; organization_coordsys_id: number; definition: string } | undefined;
      let crs: Crs | undefined;
      if (srs?.organization?.toUpperCase() === "EPSG") crs = crsFromEpsg(srs.organization_coordsys_id);
      if (!crs && srs && srs.definition && srs.definition !== "undefined") {
        try {
          crs = crsFromWkt(srs.definition);
        } catch (e) {
          fail(
            file,
            `layer "${t.table_name}" uses SRS ${t.srs_id} (${srs.organization}:${srs.organization_coordsys_id}), whose definition proj4 cannot read (${(e as Error).message}).`,
            "Reproject the layer to EPSG:4326 in QGIS (Export > Save Features As, CRS EPSG:4326).",
          );
        }
      }
      // srs_id 0/-1 are "undefined geographic/cartesian": take degrees and let the range check speak.
      crs ??= { label: `SRS ${t.srs_id} (undefined)` };
      const rows = db.prepare(`SELECT * FROM "${t.table_name.replaceAll('"', '""')}"`).all() as Record<
        string,
        unknown
      >[];
      const features = rows.map((row, i): GpkgFeature => {
        const properties: Record<string, unknown> = {};
        let fid = i + 1;
        for (const [k, v] of Object.entries(row)) {
          if (k === t.column_name) continue;
          if (k === "fid" && typeof v === "number") fid = v;
          else properties[k] = v;
        }
        const blob = row[t.column_name];
        let geometry: WkbGeometry | null = null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = readGpkgGeometry(blob);
          } catch (e) {
            fail(
              file,
              `layer "${t.table_name}", feature ${fid}: the geometry cannot be read (${(e as Error).message}).`,
              "Run QGIS's Check Validity / Fix Geometries on the layer and export it again.",
            );
          }
        }
        return { fid, properties, geometry };
      });
      return { name: t.table_name, geometryType: t.geometry_type_name, crs, features };
    });
  } finally {
    db.close();
  }
}

export interface GpkgOutLayer {
  name: string;
  /** GeoPackage geometry type name: POINT, LINESTRING, MULTILINESTRING, POLYGON, MULTIPOLYGON, GEOMETRY. */
  geometryType: string;
  features: {
    geometry: { type: string; coordinates: unknown };
    properties: Record<string, string | number | boolean>;
  }[];
}

function envelope(c: unknown, box: number[]): void {
  if (typeof (c as number[])[0] === "number") {
    const p = c as number[];
    box[0] = Math.min(box[0], p[0]);
    box[1] = Math.max(box[1], p[0]);
    box[2] = Math.min(box[2], p[1]);
    box[3] = Math.max(box[3], p[1]);
  } else for (const m of c as unknown[]) envelope(m, box);
}

/** GeoPackage geometry blob: header with srs 4326 and an [minx, maxx, miny, maxy] envelope, then little-endian WKB. */
export function gpkgGeometry(g: { type: string; coordinates: unknown }): Uint8Array {
  const wkb = writeWkb(g);
  const out = new Uint8Array(8 + 32 + wkb.length);
  const view = new DataView(out.buffer);
  out[0] = 0x47;
  out[1] = 0x50;
  out[2] = 0;
  out[3] = 0b0000_0011; // envelope [minx, maxx, miny, maxy], little-endian
  view.setInt32(4, 4326, true);
  const box = [Infinity, -Infinity, Infinity, -Infinity];
  envelope(g.coordinates, box);
  for (let i = 0; i < 4; i++) view.setFloat64(8 + 8 * i, box[i], true);
  out.set(wkb, 40);
  return out;
}

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

/** Write layers (WGS84) into a new GeoPackage and return its bytes. `timestamp` goes into gpkg_contents.last_change. */
export function writeGpkg(layers: GpkgOutLayer[], timestamp = "1970-01-01T00:00:00.000Z"): Uint8Array {
  const db = new (sqlite())(":memory:");
  try {
    db.pragma("application_id = 1196444487"); // "GPKG"
    db.pragma("user_version = 10300");
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    `);
    const srs = db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)");
    srs.run("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system");
    srs.run("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system");
    srs.run(
      "WGS 84 geodetic",
      4326,
      "EPSG",
      4326,
      WGS84_WKT,
      "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
    );
    for (const layer of layers) {
      // A column is TEXT if any value is a string, REAL if any number is fractional, else INTEGER.
      const columns = new Map<string, "REAL" | "INTEGER" | "TEXT">();
      for (const f of layer.features) {
        for (const [k, v] of Object.entries(f.properties)) {
          const t = typeof v === "string" ? "TEXT" : typeof v === "number" && !Number.isInteger(v) ? "REAL" : "INTEGER";
          const prev = columns.get(k);
          if (prev === "TEXT" || (prev === "REAL" && t === "INTEGER")) continue;
          columns.set(k, t);
        }
      }
      const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const cols = [...columns.entries()].filter(([k]) => k !== "fid" && k !== "geom");
      db.exec(
        `CREATE TABLE ${q(layer.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${layer.geometryType}${cols.map(([k, t]) => `, ${q(k)} ${t}`).join("")})`,
      );
      const box = [Infinity, -Infinity, Infinity, -Infinity];
      for (const f of layer.features) envelope(f.geometry.coordinates, box);
      db.prepare("INSERT INTO gpkg_contents VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?, 4326)").run(
        layer.name,
        layer.name,
        timestamp,
        ...(layer.features.length ? [box[0], box[2], box[1], box[3]] : [null, null, null, null]),
      );
      db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)").run(
        layer.name,
        layer.geometryType,
      );
      const insert = db.prepare(
        `INSERT INTO ${q(layer.name)} (geom${cols.map(([k]) => `, ${q(k)}`).join("")}) VALUES (?${cols.map(() => ", ?").join("")})`,
      );
      db.transaction(() => {
        for (const f of layer.features) {
          const values = cols.map(([k]) => {
            const v = f.properties[k];
            return v === undefined ? null : typeof v === "boolean" ? (v ? 1 : 0) : v;
          });
          insert.run(gpkgGeometry(f.geometry), ...values);
        }
      })();
    }
    return new Uint8Array(db.serialize());
  } finally {
    db.close();
  }
}
