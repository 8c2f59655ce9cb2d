/**
 * Coordinate reference systems of imported lines: recognise WGS84, UTM and Web Mercator from
 * EPSG codes, URNs and WKT (.prj, GeoPackage SRS), reproject to WGS84 with proj4, and explain
 * coordinates that are plainly projected when the file does not say so.
 */
import type Proj4 from "proj4";
import { lazyRequire } from "../util/lazyRequire.js";

/** proj4 on first use: a line already on WGS84 degrees, the usual case, never needs it. */
const proj4 = lazyRequire<typeof Proj4>("proj4");

/** A source CRS: `proj` is undefined for WGS84 longitude/latitude (nothing to do). */
export interface Crs {
  /** How to name it to a planner, e.g. "EPSG:32636 (UTM zone 36N)". */
  label: string;
  /** proj4 definition string or WKT; undefined = WGS84 degrees. */
  proj?: string;
}

export const WGS84: Crs = { label: "EPSG:4326 (WGS84 degrees)" };

/** Geographic codes on WGS84 (or datums within a metre of it for this purpose). */
const GEOGRAPHIC_WGS84 = new Set([4326, 4979, 4258, 4269]);
const WEB_MERCATOR = new Set([3857, 3785, 900913, 102100, 102113]);

/** UTM on WGS84: EPSG 32601–32660 north, 32701–32760 south; the zone is computed, not tabled. */
export function utmEpsg(zone: number, south: boolean): number {
  return (south ? 32700 : 32600) + zone;
}

/** The CRS an EPSG code names, or undefined when Truce does not know it without a definition. */
export function crsFromEpsg(code: number): Crs | undefined {
  if (GEOGRAPHIC_WGS84.has(code)) return { label: `EPSG:${code} (WGS84 degrees)` };
  if (WEB_MERCATOR.has(code)) {
    return {
      label: `EPSG:${code} (Web Mercator)`,
      proj: "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs",
    };
  }
  const north = code >= 32601 && code <= 32660;
  const south = code >= 32701 && code <= 32760;
  if (north || south) {
    const zone = code - (south ? 32700 : 32600);
    return {
      label: `EPSG:${code} (UTM zone ${zone}${south ? "S" : "N"})`,
      proj: `+proj=utm +zone=${zone}${south ? " +south" : ""} +datum=WGS84 +units=m +no_defs`,
    };
  }
  return undefined;
}

/**
 * Parse a CRS name: "EPSG:32636", "urn:ogc:def:crs:EPSG::32636", "urn:ogc:def:crs:OGC:1.3:CRS84",
 * "WGS84". Returns undefined when it is not a form Truce recognises.
 */
export function crsFromName(name: string): Crs | undefined {
  const s = name.trim();
  if (/^(urn:ogc:def:crs:OGC:(1\.3:)?CRS84|CRS84|WGS ?84|OGC:CRS84)$/i.test(s)) return WGS84;
  const m =
    /^(?:urn:ogc:def:crs:)?EPSG:(?:[\d.]*:)?:?(\d+)$/i.exec(s) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/\d+\/(\d+)$/i.exec(s);
  if (m) return crsFromEpsg(Number(m[1]));
  if (s.startsWith("+proj=")) return { label: s, proj: s };
  return undefined;
}

/**
 * The CRS a WKT text (a Shapefile .prj, a GeoPackage SRS definition) describes. Geographic WGS84 needs
 * no transform; an EPSG authority or an ESRI UTM name is resolved by code; anything else goes to proj4.
 * Throws Error (with the reason) when proj4 cannot read it; the caller adds file and fix.
 */
export function crsFromWkt(wkt: string): Crs {
  const text = wkt.trim();
  const head = /^\s*(\w+)\s*\[\s*"([^"]*)"/.exec(text);
  const kind = head?.[1].toUpperCase() ?? "";
  const name = head?.[2] ?? "";
  if (kind === "GEOGCS" || kind === "GEOGCRS" || kind === "GEODCRS") {
    if (/WGS[ _]?(19)?84/i.test(text) || /ETRS|NAD83/i.test(name))
      return { label: `${name || "geographic"} (degrees)` };
  }
  // The outermost AUTHORITY / ID is the last one in WKT1 and WKT2.
  const auths = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const outer = auths.at(-1);
  if (outer) {
    const byCode = crsFromEpsg(Number(outer[1]));
    if (byCode) return byCode;
  }
  const utm = /UTM[ _]Zone[ _](\d{1,2})([NS])?/i.exec(name);
  if (utm && /WGS[ _]?(19)?84/i.test(text)) {
    const south = (utm[2] ?? "N").toUpperCase() === "S";
    const code = utmEpsg(Number(utm[1]), south);
    const c = crsFromEpsg(code);
    if (c) return c;
  }
  if (/Pseudo[ _-]Mercator|Web[ _]Mercator|Popular Visualisation/i.test(name)) return crsFromEpsg(3857) as Crs;
  proj4()(text, "WGS84"); // throws when proj4 cannot read it
  return { label: name || "the file's CRS", proj: text };
}

/** Reproject [x, y, ...] positions to WGS84 [lon, lat, ...] (new arrays; altitude and measure kept for the caller to drop). */
export function toWgs84(crs: Crs, parts: number[][][]): number[][][] {
  if (!crs.proj) return parts;
  const conv = proj4()(crs.proj, "WGS84");
  return parts.map((part) => part.map((p) => [...conv.forward([p[0], p[1]]), ...p.slice(2)]));
}

/** True when an x/y pair cannot be degrees: values far beyond ±180/±90. */
export function looksProjected(x: number, y: number): boolean {
  return Math.abs(x) > 1000 || Math.abs(y) > 1000;
}

/**
 * A planner's explanation of which projected CRS metres like these probably are, and how to declare it.
 * UTM eastings lie within 100–900 km of the zone's false origin; anything else that fits is Web Mercator.
 */
export function guessProjectedCrs(x: number, y: number): { likely: string; declare: string } {
  const merc = proj4()(crsFromEpsg(3857)?.proj as string, "WGS84").forward([x, y]);
  const mercOk = Math.abs(x) <= 20037508.35 && Math.abs(merc[1]) <= 85.06;
  if (x >= 100_000 && x <= 900_000 && y >= 0 && y <= 10_000_000) {
    const alt = mercOk
      ? ` (or Web Mercator EPSG:3857, which would put it at ${merc[0].toFixed(3)}°, ${merc[1].toFixed(3)}°)`
      : "";
    return {
      likely: `UTM easting/northing in metres (EPSG:326NN for zone NN north, 327NN south)${alt}`,
      declare:
        'declare it, e.g. contactLine: {file: line.shp, crs: "EPSG:32636"} for UTM zone 36N, or keep the .prj beside a Shapefile',
    };
  }
  if (mercOk) {
    return {
      likely: `Web Mercator metres (EPSG:3857), which would put it at ${merc[0].toFixed(3)}°, ${merc[1].toFixed(3)}°`,
      declare:
        'declare it, e.g. contactLine: {file: line.geojson, crs: "EPSG:3857"}, or export the line from QGIS in EPSG:4326',
    };
  }
  return {
    likely: "metres in some projected CRS",
    declare:
      'declare it, e.g. contactLine: {file: line.gpkg, crs: "EPSG:32636"}, or export the line from QGIS in EPSG:4326',
  };
}
