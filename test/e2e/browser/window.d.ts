/** The web app's test hook (web/src/map/MissionMap.tsx sets it), as the browser tests read it in page.evaluate. */
import type { Map as MlMap } from "maplibre-gl";

declare global {
  interface Window {
    __truce?: {
      map?: MlMap;
      styleReady?: boolean;
      planLoaded?: number;
      incidentsLoaded?: number;
      clusterLabels?: number;
      editing?: boolean;
      placeLabels?: string[];
    };
  }
}
