/**
 * What the map exposes on `window.__truce` for the browser tests (test/e2e/browser) to wait on and
 * read: one declaration, used by the app and by the tests.
 */
import type { Map as MlMap } from "maplibre-gl";

export interface TruceTestHook {
  map?: MlMap;
  styleReady?: boolean;
  planLoaded?: number;
  incidentsLoaded?: number;
  clusterLabels?: number;
  editing?: boolean;
  placeLabels?: string[];
}

declare global {
  interface Window {
    __truce?: TruceTestHook;
  }
}
