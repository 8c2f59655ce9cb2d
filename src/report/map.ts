/**
 * The plan's map as one inline SVG: Natural Earth 1:50m countries (world-atlas)
 * for context, the zone, sectors by lead nation, withdrawal lines, the line of
 * contact, posts, protected sites and units as APP-6 symbols (milsymbol's SVG).
 * Equirectangular with x scaled by cos(mid-latitude): true shape at this scale.
 */
import { createRequire } from "node:module";
import type { Geometry, Position } from "geojson";
import ms from "milsymbol";
import { feature } from "topojson-client";
import type { MapFeatureCollection } from "./features.js";
import { esc, uid } from "./svg.js";

type Countries = { features: Array<{ properties: { name: string }; geometry: Geometry | null }> };
let countries: Countries | undefined;

function loadCountries(): Countries {
  if (countries) return countries;
  const require = createRequire(import.meta.url);
  const topo = require("world-atlas/countries-50m.json");
  countries = feature(topo, topo.objects.countries) as unknown as Countries;
  return countries;
}

export interface MapSvgOptions {
  title: string;
  description: string;
  /** [west, south, east, north] to show; default: the features' extent plus a margin. */
  bbox?: [number, number, number, number];
  width?: number;
  /** Draw these layers (default all). */
  layers?: Set<string>;
}

function extent(fc: MapFeatureCollection, layers: Set<string>): [number, number, number, number] {
  let w = 180;
  let s = 90;
  let e = -180;
  let n = -90;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") {
      const [x, y] = c as number[];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const f of fc.features) {
    if (!layers.has(f.properties.layer) || f.properties.layer === "withdrawal") continue;
    visit((f.geometry as { coordinates: unknown }).coordinates);
  }
  return [w, s, e, n];
}

/** Clip a closed ring to a lon/lat rectangle (Sutherland–Hodgman). Keeps the basemap small: only what shows. */
export function clipRing(ring: Position[], box: [number, number, number, number]): Position[] {
  const [w, s, e, n] = box;
  const edges: Array<{ inside: (p: Position) => boolean; cut: (a: Position, b: Position) => Position }> = [
    { inside: (p) => p[0] >= w, cut: (a, b) => [w, a[1] + ((b[1] - a[1]) * (w - a[0])) / (b[0] - a[0])] },
    { inside: (p) => p[0] <= e, cut: (a, b) => [e, a[1] + ((b[1] - a[1]) * (e - a[0])) / (b[0] - a[0])] },
    { inside: (p) => p[1] >= s, cut: (a, b) => [a[0] + ((b[0] - a[0]) * (s - a[1])) / (b[1] - a[1]), s] },
    { inside: (p) => p[1] <= n, cut: (a, b) => [a[0] + ((b[0] - a[0]) * (n - a[1])) / (b[1] - a[1]), n] },
  ];
  let out = ring;
  for (const edge of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      const ci = edge.inside(cur);
      const pi = edge.inside(prev);
      if (ci) {
        if (!pi) out.push(edge.cut(prev, cur));
        out.push(cur);
      } else if (pi) out.push(edge.cut(prev, cur));
    }
    if (out.length === 0) break;
  }
  return out;
}

/** Render the map. Pure apart from reading the world-atlas file once. */
export function mapSvg(fc: MapFeatureCollection, opts: MapSvgOptions): string {
  const layers = opts.layers ?? new Set(["zone", "sector", "withdrawal", "line", "post", "site", "base"]);
  let [w, s, e, n] = opts.bbox ?? extent(fc, layers);
  const padX = Math.max(0.3, (e - w) * 0.08);
  const padY = Math.max(0.2, (n - s) * 0.08);
  w -= padX;
  e += padX;
  s -= padY;
  n += padY;
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const W = opts.width ?? 760;
  const scale = W / ((e - w) * k);
  const H = Math.round((n - s) * scale);
  const px = (p: Position) => `${((p[0] - w) * k * scale).toFixed(1)},${((n - p[1]) * scale).toFixed(1)}`;
  const ringPath = (ring: Position[]) => `M${ring.map(px).join("L")}Z`;
  const linePath = (line: Position[]) => `M${line.map(px).join("L")}`;
  const geomPath = (g: Geometry): string => {
    switch (g.type) {
      case "Polygon":
        return g.coordinates.map(ringPath).join("");
      case "MultiPolygon":
        return g.coordinates.map((p) => p.map(ringPath).join("")).join("");
      case "LineString":
        return linePath(g.coordinates);
      case "MultiLineString":
        return g.coordinates.map(linePath).join("");
      default:
        return "";
    }
  };
  const clipId = uid("map-clip");
  const titleId = uid("map-title");
  const descId = uid("map-desc");
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" class="map" font-family="system-ui, sans-serif" font-size="10">`,
    `<title id="${titleId}">${esc(opts.title)}</title><desc id="${descId}">${esc(opts.description)}</desc>`,
    `<defs><clipPath id="${clipId}"><rect width="${W}" height="${H}"/></clipPath></defs>`,
    `<rect width="${W}" height="${H}" fill="#dfeaf2"/>`,
    `<g clip-path="url(#${clipId})">`,
  ];
  // Basemap: countries whose outline reaches into the view.
  const inView = (g: Geometry): boolean => {
    let hit = false;
    const visit = (c: unknown): void => {
      if (hit) return;
      if (Array.isArray(c) && typeof c[0] === "number") {
        const [x, y] = c as number[];
        if (x >= w - 5 && x <= e + 5 && y >= s - 5 && y <= n + 5) hit = true;
      } else if (Array.isArray(c)) for (const x of c) visit(x);
    };
    visit((g as { coordinates: unknown }).coordinates);
    return hit;
  };
  const clipBox: [number, number, number, number] = [w - 0.5, s - 0.5, e + 0.5, n + 0.5];
  for (const c of loadCountries().features) {
    if (!c.geometry || !inView(c.geometry)) continue;
    const g = c.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    const d = polys
      .flatMap((rings) => rings.map((r) => clipRing(r, clipBox)))
      .filter((r) => r.length >= 3)
      .map(ringPath)
      .join("");
    if (d)
      out.push(
        `<path d="${d}" fill="#f4f1ea" stroke="#8c8c8c" stroke-width="0.7"><title>${esc(c.properties.name)}</title></path>`,
      );
  }
  const by = (layer: string) => (layers.has(layer) ? fc.features.filter((f) => f.properties.layer === layer) : []);
  for (const f of by("sector")) {
    const colour = String(f.properties.colour ?? "#9ecae1");
    out.push(
      `<path d="${geomPath(f.geometry)}" fill="${esc(colour)}" fill-opacity="0.55" stroke="#333" stroke-width="0.6"><title>${esc(
        `${f.properties.name}${f.properties.leadNation ? `, lead nation ${f.properties.leadNation}` : ""}: ${f.properties.lengthKm} km of line, ${f.properties.areaKm2} km²`,
      )}</title></path>`,
    );
  }
  for (const f of by("zone"))
    out.push(
      `<path d="${geomPath(f.geometry)}" fill="#0072B2" fill-opacity="0.08" stroke="#0072B2" stroke-width="1.2"/>`,
    );
  for (const f of by("withdrawal"))
    out.push(
      `<path d="${geomPath(f.geometry)}" fill="none" stroke="#CC79A7" stroke-width="1" stroke-dasharray="5 3"><title>${esc(`${f.properties.name}: ${f.properties.km} km`)}</title></path>`,
    );
  for (const f of by("line"))
    out.push(
      `<path d="${geomPath(f.geometry)}" fill="none" stroke="#D55E00" stroke-width="2.2"><title>Line of contact</title></path>`,
    );
  for (const f of by("post")) {
    const [x, y] = px((f.geometry as { coordinates: Position }).coordinates).split(",");
    out.push(`<circle cx="${x}" cy="${y}" r="1.8" fill="#000" stroke="#fff" stroke-width="0.5"/>`);
  }
  for (const f of by("site")) {
    const [x, y] = px((f.geometry as { coordinates: Position }).coordinates).split(",");
    out.push(
      `<circle cx="${x}" cy="${y}" r="3.5" fill="#CC79A7" stroke="#000"><title>${esc(`${f.properties.name} (${f.properties.type})`)}</title></circle>`,
    );
  }
  for (const f of by("base")) {
    const [x, y] = px((f.geometry as { coordinates: Position }).coordinates)
      .split(",")
      .map(Number);
    const sym = new ms.Symbol(String(f.properties.sidc), { size: 14 });
    const size = sym.getSize();
    const anchor = sym.getAnchor();
    out.push(
      `<g transform="translate(${(x - anchor.x).toFixed(1)} ${(y - anchor.y).toFixed(1)})"><title>${esc(
        `${f.properties.name}: ${f.properties.troops} troops (${f.properties.units} units)`,
      )}</title>${sym.asSVG().replace("<svg ", `<svg width="${size.width}" height="${size.height}" `)}</g>`,
    );
  }
  // Sector labels.
  for (const f of by("sector")) {
    const g = f.geometry;
    const ring = g.type === "Polygon" ? g.coordinates[0] : g.type === "MultiPolygon" ? g.coordinates[0][0] : undefined;
    if (!ring) continue;
    const cx = ring.reduce((a, p) => a + p[0], 0) / ring.length;
    const cy = ring.reduce((a, p) => a + p[1], 0) / ring.length;
    const [x, y] = px([cx, cy]).split(",");
    out.push(
      `<text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="middle" font-weight="600" fill="#111" stroke="#fff" stroke-width="2.5" paint-order="stroke">${esc(
        `${f.properties.id}${f.properties.leadNation ? ` ${f.properties.leadNation}` : ""}`,
      )}</text>`,
    );
  }
  out.push("</g>");
  // Scale bar: 50 or 100 km.
  const kmPerDeg = 111.32;
  const barKm = (e - w) * k * kmPerDeg > 600 ? 100 : 50;
  const barPx = (barKm / kmPerDeg) * scale;
  out.push(
    `<g transform="translate(12 ${H - 14})"><rect x="-4" y="-12" width="${(barPx + 40).toFixed(0)}" height="20" fill="#fff" fill-opacity="0.8"/><line x1="0" x2="${barPx.toFixed(1)}" y1="0" y2="0" stroke="#000" stroke-width="2"/><text x="${(barPx + 4).toFixed(1)}" y="3">${barKm} km</text></g>`,
    `<text x="${W - 6}" y="${H - 6}" text-anchor="end" fill="#444">Basemap: Natural Earth (public domain)</text>`,
    "</svg>",
  );
  return out.join("");
}
