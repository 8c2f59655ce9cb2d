/**
 * Place names on the map, offline: GeoNames places (CC BY 4.0) around the bundled scenarios, prebuilt
 * by scripts/places.ts into places.json. Which to show is a pure choice by size and zoom: the largest
 * first, each kept only if its label box does not overlap one already placed.
 */

export interface Place {
  name: string;
  lon: number;
  lat: number;
  population: number;
  /** A capital or a regional seat. */
  seat: boolean;
}

export const PLACES_ATTRIBUTION = "Places: GeoNames (CC BY 4.0)";

export async function loadPlaces(): Promise<Place[]> {
  const { default: data } = await import("./places.json");
  return (data.places as Array<[string, number, number, number, number]>).map(([name, lon, lat, population, seat]) => ({
    name,
    lon,
    lat,
    population,
    seat: seat === 1,
  }));
}

/** Smallest place labelled at a zoom: big cities when zoomed out, towns when zoomed in. */
export function minPopulation(zoom: number): number {
  if (zoom < 5) return 800_000;
  if (zoom < 6) return 250_000;
  if (zoom < 7) return 90_000;
  if (zoom < 8) return 35_000;
  return 10_000;
}

/** Most labels drawn at once. */
const MAX_LABELS = 70;

export function pickPlaces(
  places: Place[],
  zoom: number,
  project: (lonLat: [number, number]) => { x: number; y: number },
  size: { width: number; height: number },
): Array<{ place: Place; x: number; y: number }> {
  const min = minPopulation(zoom);
  const chosen: Array<{ place: Place; x: number; y: number; box: [number, number, number, number] }> = [];
  // places.json is sorted largest first, so a big city wins a crowded spot.
  for (const p of places) {
    if (chosen.length >= MAX_LABELS) break;
    if (p.population < min && !(p.seat && zoom >= 6)) continue;
    const { x, y } = project([p.lon, p.lat]);
    if (x < 0 || y < 0 || x > size.width || y > size.height) continue;
    // Label box: a dot and the name to its right, about 6.5 px a character at 11 px.
    const box: [number, number, number, number] = [x - 4, y - 9, x + 10 + p.name.length * 6.5, y + 9];
    if (chosen.some((c) => box[0] < c.box[2] && box[2] > c.box[0] && box[1] < c.box[3] && box[3] > c.box[1])) continue;
    chosen.push({ place: p, x, y, box });
  }
  return chosen.map(({ place, x, y }) => ({ place, x, y }));
}
