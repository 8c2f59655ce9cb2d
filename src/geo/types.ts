/** Plain data that the zone stage produces and every later stage reads. Coordinates are GeoJSON [lon, lat] on WGS84. */
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from "geojson";

export type { LineString, MultiLineString, MultiPolygon, Polygon, Position };

export interface Sector {
  /** "S01", "S02", ... in order along the line. */
  id: string;
  /** Index from 0 along the line (parts of a MultiLineString follow one another). */
  index: number;
  /** Length of line of contact in this sector, km (geodesic). */
  lengthKm: number;
  /** Area of zone in this sector, km² (geodesic). Sector areas sum to the zone area. */
  areaKm2: number;
  /** Distance along the whole line where the sector starts and ends, km. */
  startKm: number;
  endKm: number;
  /** The sector's piece of the zone. */
  geometry: Polygon | MultiPolygon;
  /** The sector's stretch of the line of contact (several stretches when it spans parts of a MultiLineString). */
  line: LineString | MultiLineString;
}

export interface ObservationPost {
  /** "OP001", ... in order along the line. */
  id: string;
  lon: number;
  lat: number;
  /** Distance along the line, km. */
  alongKm: number;
  sectorId: string;
}

export interface WithdrawalLine {
  name: string;
  /** Distance back from the line of contact, km. */
  km: number;
  /** Offset line on the left of the line's direction (one line per part of the contact line). */
  left: MultiLineString;
  right: MultiLineString;
}

export interface Zone {
  /** Geodesic length of the line of contact, km (all parts). */
  lengthKm: number;
  /** Geodesic area of the zone polygon, km². */
  areaKm2: number;
  /** Width on each side of the line, km. */
  leftKm: number;
  rightKm: number;
  /** The line of contact as given (parts). */
  line: MultiLineString;
  /** The buffer zone: every point within the side's width of the line. */
  polygon: Polygon | MultiPolygon;
  sectors: Sector[];
  posts: ObservationPost[];
  withdrawalLines: WithdrawalLine[];
  /** [west, south, east, north] of the zone, degrees. */
  bbox: [number, number, number, number];
}
