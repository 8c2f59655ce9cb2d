/**
 * Checks that a schema cannot express: coordinates in range and not swapped,
 * lines with at least two distinct points, widths that fit the line, and
 * consistent zone options. Each failure points at the exact field.
 */
import { nearest, TruceInputError } from "../errors/index.js";
import { countryBoxes, knownCountryNames, nearCountry } from "../geo/countries.js";
import { lineLengthKm } from "../geo/geodesic.js";
import { unwrapParts, wrapLon } from "../geo/lon.js";
import { BOUNDS, formatBound } from "./bounds.js";
import { lineParts, zoneSides } from "./geometry.js";
import type { Scenario } from "./schema.js";
import { formatPath, locate, type PathSegment, type SourceText } from "./source.js";

/**
 * Zones are unioned and measured in longitude/latitude, where a degree of longitude shrinks to nothing
 * at a pole and a zone round it has no edge to draw; past 84° (where UTM stops too) that breaks down.
 */
const MAX_ABS_LAT = 84;
/** Longitudes beyond ±180 are read as continuing across the antimeridian, up to a full turn either way. */
const MAX_ABS_LON = 360;
/** A line whose longitudes span this much would meet itself round the globe. */
const MAX_LON_SPAN = 350;
/** The zone's edge may reach a little beyond the line's limit, not the pole. */
const MAX_EDGE_LAT = 86;

interface Sources {
  src: SourceText;
  lineSrc: SourceText;
  linePrefix: PathSegment[];
}

function fail(s: SourceText, path: PathSegment[], problem: string, fix: string): never {
  throw new TruceInputError({ file: s.file, ...locate(s, path), path: formatPath(path), problem, fix });
}

/**
 * A line that crosses the antimeridian (longitudes beyond ±180, or a jump of more than 180° between
 * vertices) is read with continuous longitudes (geo/antimeridian.ts); refuse one that would then go
 * round the globe, and a zone whose edge would reach past the supported latitudes.
 */
function checkWrapAndPoles(scenario: Scenario, where: Sources): void {
  const parts = unwrapParts(lineParts(scenario));
  let w = Infinity;
  let e = -Infinity;
  let maxLat = 0;
  for (const p of parts.flat()) {
    w = Math.min(w, p[0]);
    e = Math.max(e, p[0]);
    maxLat = Math.max(maxLat, Math.abs(p[1]));
  }
  if (e - w > MAX_LON_SPAN) {
    fail(
      where.lineSrc,
      [...where.linePrefix, "coordinates"],
      `the line's longitudes span ${(e - w).toFixed(1)}°, read continuously across the antimeridian: it would go round the globe and its zone would meet itself.`,
      "Split the line into scenarios for each region, or check the longitudes' signs.",
    );
  }
  const { leftKm, rightKm } = zoneSides(scenario.zone);
  // A degree of latitude is at least 110.5 km.
  const edgeLat = maxLat + Math.max(leftKm, rightKm) / 110.5;
  if (edgeLat > MAX_EDGE_LAT) {
    fail(
      where.src,
      ["zone"],
      `the zone would reach about ${edgeLat.toFixed(1)}° of latitude, too near a pole: zones are built in longitude/latitude, which degenerates at the poles.`,
      `Use a narrower zone, or keep the line's zone within ±${MAX_EDGE_LAT}°.`,
    );
  }
}

function checkCoordinates(scenario: Scenario, where: Sources): void {
  const g = scenario.contactLine;
  const parts = lineParts(scenario);
  const multi = g.type === "MultiLineString";
  const vertices = parts.reduce((n, p) => n + p.length, 0);
  if (vertices > BOUNDS.vertices.max) {
    fail(
      where.lineSrc,
      [...where.linePrefix, "coordinates"],
      `the line has ${vertices.toLocaleString("en-US")} vertices; the most Truce accepts is ${formatBound(BOUNDS.vertices)} (${BOUNDS.vertices.why}).`,
      "Simplify the line first (e.g. `ogr2ogr -simplify 0.001`).",
    );
  }
  parts.forEach((coords, p) => {
    const base: PathSegment[] = [...where.linePrefix, "coordinates", ...(multi ? [p] : [])];
    coords.forEach((c, i) => {
      const path = [...base, i];
      const [lon, lat] = c;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
        fail(
          where.lineSrc,
          path,
          `coordinate [${c.join(", ")}] is not a finite number.`,
          "Give [longitude, latitude] in degrees.",
        );
      }
      if (Math.abs(lat) > 90) {
        const swapped = Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
        fail(
          where.lineSrc,
          path,
          `latitude ${lat} is out of range (-90 to 90).`,
          swapped
            ? `It looks like [latitude, longitude]; GeoJSON wants [longitude, latitude]: write [${lat}, ${lon}].`
            : "Give [longitude, latitude] in degrees.",
        );
      }
      if (Math.abs(lon) > MAX_ABS_LON) {
        fail(
          where.lineSrc,
          path,
          `longitude ${lon} is out of range (-180 to 180, or up to ±${MAX_ABS_LON} for a line continued across the antimeridian).`,
          "Give [longitude, latitude] in degrees.",
        );
      }
    });
    coords.forEach((c, i) => {
      if (Math.abs(c[1]) > MAX_ABS_LAT) {
        fail(
          where.lineSrc,
          [...base, i],
          `latitude ${c[1]} is too near a pole: Truce supports lines up to ±${MAX_ABS_LAT}°, because zones are built and measured in longitude/latitude, which degenerates at the poles (a degree of longitude shrinks to nothing and a zone round a pole has no edge).`,
          "Ceasefire lines in polar regions are not supported; keep the line below 84° of latitude.",
        );
      }
    });
    const distinct = new Set(coords.map((c) => `${c[0]},${c[1]}`));
    if (distinct.size < 2) {
      fail(
        where.lineSrc,
        base,
        `the line${multi ? ` part ${p}` : ""} has ${distinct.size === 0 ? "no points" : "only one distinct point"}; a line needs at least 2 distinct points.`,
        "Add the line's vertices as [longitude, latitude] pairs.",
      );
    }
  });
}

/** Parties can name their country; a line far from every party's country but inside them when swapped is a [lat, lon] mix-up. */
function checkSwappedAgainstCountries(scenario: Scenario, where: Sources): void {
  const named = scenario.parties.map((p, i) => ({ p, i })).filter(({ p }) => p.country !== undefined);
  if (named.length === 0) return;
  for (const { p, i } of named) {
    if (!countryBoxes(p.country as string)) {
      const guess = nearest(p.country as string, knownCountryNames());
      fail(
        where.src,
        ["parties", i, "country"],
        `"${p.country}" is not a country name Truce knows (Natural Earth names).`,
        guess ? `Did you mean "${guess}"?` : 'Use the English short name, e.g. "Ukraine" or "Serbia".',
      );
    }
  }
  // Country boxes are in [-180, 180]; a line may be written with longitudes continued beyond.
  const near = (lon: number, lat: number) =>
    named.some(({ p }) => nearCountry(p.country as string, wrapLon(lon), wrapLon(lat)));
  const coords = lineParts(scenario).flat();
  const inside = coords.filter(([lon, lat]) => near(lon, lat)).length;
  if (inside > 0) return;
  const swappedInside = coords.filter(([lon, lat]) => near(lat, lon)).length;
  const path = [...where.linePrefix, "coordinates"];
  if (swappedInside === coords.length) {
    const [lon, lat] = coords[0];
    fail(
      where.lineSrc,
      path,
      `the line lies far from ${named.map(({ p }) => p.country).join(" and ")}, but would lie on them with each pair swapped.`,
      `The coordinates look like [latitude, longitude]; GeoJSON wants [longitude, latitude] (e.g. [${lat}, ${lon}], not [${lon}, ${lat}]).`,
    );
  }
  fail(
    where.lineSrc,
    path,
    `the line lies far from the parties' countries (${named.map(({ p }) => p.country).join(", ")}).`,
    "Check the coordinates (GeoJSON order is [longitude, latitude]) or the parties' `country` fields.",
  );
}

function checkZone(scenario: Scenario, where: Sources): void {
  const z = scenario.zone;
  if (z.widthKm !== undefined && z.sides !== undefined) {
    fail(
      where.src,
      ["zone", "sides"],
      "both zone.widthKm and zone.sides are given.",
      "Use widthKm for an even split, or sides for uneven widths, not both.",
    );
  }
  if (z.widthKm === undefined && z.sides === undefined) {
    fail(
      where.src,
      ["zone"],
      "the zone has no width.",
      "Add zone.widthKm (e.g. 10), or zone.sides: {left: 7.5, right: 7.5}.",
    );
  }
  const { leftKm, rightKm } = zoneSides(z);
  if (leftKm + rightKm <= 0) {
    fail(where.src, ["zone", "sides"], "the zone's total width is 0 km.", "Give at least one side a positive width.");
  }
  if (z.sectors !== undefined && z.sectorLengthKm !== undefined) {
    fail(
      where.src,
      ["zone", "sectorLengthKm"],
      "both zone.sectors and zone.sectorLengthKm are given.",
      "Give a sector count or a sector length, not both.",
    );
  }
  const lengthKm = lineParts(scenario).reduce((sum, part) => sum + lineLengthKm(part), 0);
  const widthKm = leftKm + rightKm;
  if (widthKm > lengthKm) {
    fail(
      where.src,
      [z.widthKm !== undefined ? "zone" : "zone", z.widthKm !== undefined ? "widthKm" : "sides"],
      `the zone is ${widthKm} km wide but the line is only ${lengthKm.toFixed(1)} km long.`,
      "Check the width's units (km) or the line's coordinates.",
    );
  }
  if (z.sectorLengthKm !== undefined && z.sectorLengthKm > lengthKm) {
    fail(
      where.src,
      ["zone", "sectorLengthKm"],
      `a sector of ${z.sectorLengthKm} km is longer than the whole line (${lengthKm.toFixed(1)} km).`,
      "Use a shorter sectorLengthKm, or zone.sectors: 1.",
    );
  }
  if (z.sectors !== undefined && z.sectors > BOUNDS.sectors.max) {
    fail(
      where.src,
      ["zone", "sectors"],
      `${z.sectors} sectors is more than Truce supports (${formatBound(BOUNDS.sectors)}: ${BOUNDS.sectors.why}).`,
      "Use fewer, longer sectors.",
    );
  }
  if (z.sectorLengthKm !== undefined && z.sectorLengthKm < lengthKm / BOUNDS.sectors.max) {
    fail(
      where.src,
      ["zone", "sectorLengthKm"],
      `sectors of ${z.sectorLengthKm} km would cut the ${lengthKm.toFixed(1)} km line into more than ${formatBound(BOUNDS.sectors)} (${BOUNDS.sectors.why}).`,
      `Use a sectorLengthKm of at least ${(lengthKm / BOUNDS.sectors.max).toPrecision(3)}.`,
    );
  }
  if (z.postSpacingKm < lengthKm / BOUNDS.posts.max) {
    fail(
      where.src,
      ["zone", "postSpacingKm"],
      `a post every ${z.postSpacingKm} km would make over ${formatBound(BOUNDS.posts)} (${BOUNDS.posts.why}).`,
      `Use a postSpacingKm of at least ${(lengthKm / BOUNDS.posts.max).toPrecision(3)}.`,
    );
  }
  const seg = scenario.patrol?.segmentLengthKm;
  if (seg !== undefined && lengthKm / seg > BOUNDS.targets.max) {
    fail(
      where.src,
      ["patrol", "segmentLengthKm"],
      `segments of ${seg} km would cut the ${lengthKm.toFixed(1)} km line into more than ${formatBound(BOUNDS.targets)} (${BOUNDS.targets.why}).`,
      `Use a segmentLengthKm of at least ${(lengthKm / BOUNDS.targets.max).toPrecision(3)}.`,
    );
  }
  z.withdrawalLines.forEach((w, i) => {
    const inner = Math.max(leftKm, rightKm);
    if (w.km <= inner) {
      fail(
        where.src,
        ["zone", "withdrawalLines", i, "km"],
        `the withdrawal line "${w.name}" at ${w.km} km lies inside the zone (${inner} km from the line).`,
        "Withdrawal lines are measured from the line of contact and lie beyond the zone's edge.",
      );
    }
  });
}

function checkParties(scenario: Scenario, where: Sources): void {
  const seen = new Map<string, number>();
  scenario.parties.forEach((p, i) => {
    if (seen.has(p.id)) {
      fail(where.src, ["parties", i, "id"], `party id "${p.id}" is used twice.`, "Give each party its own id.");
    }
    seen.set(p.id, i);
  });
}

export function validateScenarioSemantics(scenario: Scenario, where: Sources): void {
  checkCoordinates(scenario, where);
  checkWrapAndPoles(scenario, where);
  checkParties(scenario, where);
  checkSwappedAgainstCountries(scenario, where);
  checkZone(scenario, where);
}
