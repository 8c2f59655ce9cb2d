declare module "topojson-client" {
  import type { Feature, FeatureCollection } from "geojson";
  export function feature(topology: unknown, object: unknown): FeatureCollection | Feature;
  export function mesh(
    topology: unknown,
    object?: unknown,
    filter?: (a: unknown, b: unknown) => boolean,
  ): import("geojson").MultiLineString;
}
declare module "world-atlas/countries-50m.json" {
  const topology: { type: "Topology"; objects: { countries: unknown; land: unknown } };
  export default topology;
}
declare module "*.css";
declare module "*?worker&url" {
  const url: string;
  export default url;
}
