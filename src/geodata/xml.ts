/** KML (Google Earth) and GPX (GPS) read with @tmcw/togeojson on an @xmldom/xmldom DOM. */
import type * as ToGeoJson from "@tmcw/togeojson";
import type { Folder, Root } from "@tmcw/togeojson";
import type * as Xmldom from "@xmldom/xmldom";
import type { Feature, Geometry } from "geojson";
import { TruceInputError } from "../errors/index.js";
import { lazyRequire } from "../util/lazyRequire.js";

/** The XML parser and converter only when a KML or GPX file is read. */
const togeojson = lazyRequire<typeof ToGeoJson>("@tmcw/togeojson");
const xmldom = lazyRequire<typeof Xmldom>("@xmldom/xmldom");

/** Parse XML text, turning the first error into a TruceInputError with its line and column. */
function parseXml(text: string, file: string, kind: "KML" | "GPX") {
  let message: string | undefined;
  try {
    return new (xmldom().DOMParser)({
      onError: (level, msg) => {
        message ??= msg;
        if (level !== "warning") throw new Error(msg);
      },
    }).parseFromString(text, "text/xml");
  } catch (e) {
    const pos = (e as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    throw new TruceInputError({
      file,
      ...(pos?.lineNumber ? { line: pos.lineNumber, column: pos.columnNumber } : {}),
      problem: `this is not valid ${kind} (XML): ${(message ?? (e as Error).message).split("\n")[0]}.`,
      fix: `Export the ${kind} again (${kind === "KML" ? "Google Earth: Save Place As > .kml" : "from the GPS or QGIS"}).`,
    });
  }
}

/**
 * Features of a KML file (Placemarks). With `folder`, only those inside the Folder of that name (at any
 * depth, sub-folders included), as Google Earth users group lines; otherwise folders are flattened.
 */
export function readKml(text: string, file: string, folder?: string): Feature<Geometry | null>[] {
  const doc = parseXml(text, file, "KML");
  if (doc.documentElement?.localName !== "kml") {
    throw new TruceInputError({
      file,
      problem: "this XML file is not KML (its root element is not <kml>).",
      fix: "Name a .kml file exported from Google Earth or QGIS.",
    });
  }
  if (folder === undefined) return togeojson().kml(doc).features;
  const names: string[] = [];
  const features = (node: Root | Folder): Feature<Geometry | null>[] =>
    node.children.flatMap((c) => (c.type === "folder" ? features(c) : [c as Feature<Geometry | null>]));
  const find = (node: Root | Folder): Folder | undefined => {
    for (const c of node.children) {
      if (c.type !== "folder") continue;
      const name = String(c.meta.name ?? "");
      names.push(name);
      if (name === folder) return c;
      const inner = find(c);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = find(togeojson().kmlWithFolders(doc));
  if (!found) {
    throw new TruceInputError({
      file,
      path: "contactLine.layer",
      problem: `has no folder "${folder}".`,
      fix: names.length
        ? `Its folders are: ${names.map((n) => `"${n}"`).join(", ")}.`
        : "It has no folders; remove `layer`.",
    });
  }
  return features(found);
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
  return togeojson().gpx(doc).features;
}
