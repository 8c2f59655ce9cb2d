/**
 * A package loaded on first use, synchronously, through its CommonJS entry (every package used
 * this way ships one). For readers a run may not need at all: a scenario whose line is GeoJSON on
 * WGS84 never loads proj4, SQLite or an XML parser, and importing them up front cost ~0.2 s per run.
 * Synchronous, unlike `await import()`, so the scenario parser stays a plain function.
 *
 * @example const proj4 = lazyRequire<typeof Proj4>("proj4"); proj4()("EPSG:3857", "WGS84")
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
