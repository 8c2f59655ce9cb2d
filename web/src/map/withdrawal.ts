/**
 * One-sided withdrawal lines (issue 17): the zone stage draws every withdrawal line on both sides,
 * but a line only binds the side the zone extends into. Kosovo's 25 km Air Safety Zone lies in Serbia
 * (the zone's left, 5 km wide), not 25 km inside Kosovo (right, 0 km). Until withdrawal lines carry a
 * `side` of their own in the scenario, the side is derived here from the zone's widths: a side with no
 * zone has no withdrawal line.
 */
import type { FeatureCollection, Geometry } from "geojson";

type FC = FeatureCollection<Geometry, Record<string, unknown>>;

export function withdrawalOnZoneSides(map: FC, leftKm: number, rightKm: number): FC {
  const width: Record<string, number> = { left: leftKm, right: rightKm };
  const features = map.features.filter((f) => {
    if (f.properties?.layer !== "withdrawal") return true;
    const side = f.properties.side;
    // An explicit `applies` (a future scenario field) wins over the derivation.
    if (typeof f.properties.applies === "boolean") return f.properties.applies;
    return typeof side !== "string" || !(side in width) || width[side] > 0;
  });
  return features.length === map.features.length ? map : { ...map, features };
}
