/** The zone as KML 2.2 for Google Earth: one folder per layer, styled. */

import type { ZoneFeatureCollection } from "./geojson.js";
import type { Position } from "./types.js";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const coordText = (cs: Position[]) => cs.map(([x, y]) => `${x.toFixed(7)},${y.toFixed(7)}`).join(" ");

function polygonKml(rings: Position[][]): string {
  const [outer, ...holes] = rings;
  return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordText(outer)}</coordinates></LinearRing></outerBoundaryIs>${holes
    .map(
      (h) => `<innerBoundaryIs><LinearRing><coordinates>${coordText(h)}</coordinates></LinearRing></innerBoundaryIs>`,
    )
    .join("")}</Polygon>`;
}

function geometryKml(g: { type: string; coordinates: unknown }): string {
  switch (g.type) {
    case "Point": {
      const [x, y] = g.coordinates as Position;
      return `<Point><coordinates>${x.toFixed(7)},${y.toFixed(7)}</coordinates></Point>`;
    }
    case "LineString":
      return `<LineString><tessellate>1</tessellate><coordinates>${coordText(g.coordinates as Position[])}</coordinates></LineString>`;
    case "MultiLineString":
      return `<MultiGeometry>${(g.coordinates as Position[][]).map((l) => geometryKml({ type: "LineString", coordinates: l })).join("")}</MultiGeometry>`;
    case "Polygon":
      return polygonKml(g.coordinates as Position[][]);
    case "MultiPolygon":
      return `<MultiGeometry>${(g.coordinates as Position[][][]).map(polygonKml).join("")}</MultiGeometry>`;
    default:
      throw new Error(`KML export: unsupported geometry ${g.type}`);
  }
}

const STYLES: Record<string, string> = {
  zone: '<Style id="zone"><LineStyle><color>ff0080ff</color><width>2</width></LineStyle><PolyStyle><color>400080ff</color></PolyStyle></Style>',
  contactLine: '<Style id="contactLine"><LineStyle><color>ff0000ff</color><width>3</width></LineStyle></Style>',
  sector:
    '<Style id="sector"><LineStyle><color>ff404040</color><width>1</width></LineStyle><PolyStyle><fill>0</fill></PolyStyle></Style>',
  post: '<Style id="post"><IconStyle><scale>0.6</scale></IconStyle></Style>',
  withdrawalLine: '<Style id="withdrawalLine"><LineStyle><color>ff00a5ff</color><width>2</width></LineStyle></Style>',
};

export function featureCollectionToKml(fc: ZoneFeatureCollection): string {
  const layers = [...new Set(fc.features.map((f) => f.properties.layer))];
  const folders = layers.map((layer) => {
    const marks = fc.features
      .filter((f) => f.properties.layer === layer)
      .map((f) => {
        const data = Object.entries(f.properties)
          .map(([k, v]) => `<Data name="${esc(k)}"><value>${esc(String(v))}</value></Data>`)
          .join("");
        return `<Placemark><name>${esc(String(f.properties.name ?? f.id))}</name>${STYLES[layer] ? `<styleUrl>#${layer}</styleUrl>` : ""}<ExtendedData>${data}</ExtendedData>${geometryKml(f.geometry)}</Placemark>`;
      });
    return `<Folder><name>${esc(layer)}</name>${marks.join("\n")}</Folder>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${esc(fc.name)}</name>${Object.values(STYLES).join("")}\n${folders.join("\n")}</Document></kml>\n`;
}
