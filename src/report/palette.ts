/**
 * Okabe–Ito palette: eight colours told apart with the common forms of colour
 * blindness (Okabe & Ito, 2008). Shared by the report and the web app.
 */
export const OKABE_ITO = [
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
  "#999999",
] as const;

/** A stable colour per key (e.g. nation code), in order of first appearance. */
export function colourScale(keys: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const k of keys) if (!map.has(k)) map.set(k, OKABE_ITO[map.size % OKABE_ITO.length]);
  return map;
}
