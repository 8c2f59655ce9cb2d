/** KML (Google Earth) and GPX (GPS) read with @tmcw/togeojson on an @xmldom/xmldom DOM. */
import { gpx, kml } from "@tmcw/togeojson";
import { DOMParser } from "@xmldom/xmldom";
import type { Feature, Geometry } from "geojson";
import { TruceInputError } from "../errors/index.js";

/** Parse XML text, turning the first error into a TruceInputError with its line and column. */
function parseXml(text: string, file: string, kind: "KML" | "GPX") {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /line:(\d+),col:(\d+)/.exec(msg);
    throw new TruceInputError({
      file,
      ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}),
      problem: `this is not valid ${kind} (XML): ${msg
        .split("\n")[0]
        .replace(/@#\[.*$/, "")
        .trim()}.`,
      fix: `Export the ${kind} again (${kind === "KML" ? "Google Earth: Save Place As > .kml" : "from the GPS or QGIS"}).`,
    });
  }
}

/** Features of a KML file (Placemarks; folders are flattened). */
export function readKml(text: string, file: string): Feature<Geometry | null>[] {
  const doc = parseXml(text, file, "KML");
  if (doc.documentElement?.localName !== "kml") {
    throw new TruceInputError({
      file,
      problem: "this XML file is not KML (its root element is not <kml>).",
      fix: "Name a .kml file exported from Google Earth or QGIS.",
    });
  }
  return kml(doc).features;
}

/** Features of a GPX file: tracks and routes (with properties._gpxType "trk" or "rte") and waypoints. */
export function readGpx(text: string, file: string): Feature<Geometry | null>[] {
  const doc = parseXml(text, file, "GPX");
  if (doc.documentElement?.localName !== "gpx") {
    throw new TruceInputError({
      file,
      problem: "this XML file is not GPX (its root element is not <gpx>).",
      fix: "Name a .gpx file from a GPS, or export one from QGIS.",
    });
  }
  return gpx(doc).features;
}
