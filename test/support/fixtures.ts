/** Small hand-made zones and incident inputs for the monitor tests, and a seeded PRNG. */
import type { Zone } from "../../src/geo/types.js";
import type { MissionZone } from "../../src/monitor/place.js";
import type { Incident, IncidentInput } from "../../src/monitor/schema.js";
import type { PreparedCreate } from "../../src/monitor/store/store.js";
import { uuidv7 } from "../../src/monitor/uuid.js";
import { mulberry32 } from "./mulberry32.js";

/** mulberry32: a small seeded PRNG. */
export const rng = mulberry32;

/**
 * A straight north-going line of contact along the meridian 30°E from 47°N to 49°N, a zone 10 km
 * each side (±0.1333° of longitude at 48°N), two sectors split at 48°N, and withdrawal lines.
 * Walking north, east is on the right.
 */
export function meridianZone(): MissionZone {
  const dLon = 10 / (111.32 * Math.cos((48 * Math.PI) / 180));
  const rect = (s: number, n: number) => ({
    type: "Polygon" as const,
    coordinates: [
      [
        [30 - dLon, s],
        [30 + dLon, s],
        [30 + dLon, n],
        [30 - dLon, n],
        [30 - dLon, s],
      ],
    ],
  });
  const zone: Zone = {
    lengthKm: 222.4,
    areaKm2: 4448,
    leftKm: 10,
    rightKm: 10,
    line: {
      type: "MultiLineString",
      coordinates: [
        [
          [30, 47],
          [30, 48],
          [30, 49],
        ],
      ],
    },
    polygon: rect(47, 49),
    sectors: [
      {
        id: "S01",
        index: 0,
        lengthKm: 111.2,
        areaKm2: 2224,
        startKm: 0,
        endKm: 111.2,
        geometry: rect(47, 48),
        line: {
          type: "LineString",
          coordinates: [
            [30, 47],
            [30, 48],
          ],
        },
      },
      {
        id: "S02",
        index: 1,
        lengthKm: 111.2,
        areaKm2: 2224,
        startKm: 111.2,
        endKm: 222.4,
        geometry: rect(48, 49),
        line: {
          type: "LineString",
          coordinates: [
            [30, 48],
            [30, 49],
          ],
        },
      },
    ],
    posts: [],
    withdrawalLines: [
      {
        name: "Artillery of 100 mm and more",
        km: 50,
        left: { type: "MultiLineString", coordinates: [] },
        right: { type: "MultiLineString", coordinates: [] },
      },
      {
        name: "Mortars and tanks",
        km: 15,
        left: { type: "MultiLineString", coordinates: [] },
        right: { type: "MultiLineString", coordinates: [] },
      },
    ],
    bbox: [30 - dLon, 47, 30 + dLon, 49],
  };
  return { id: "meridian", zone, parties: { left: "WEST", right: "EAST" } };
}

export function sampleInput(over: Partial<IncidentInput> = {}): IncidentInput {
  return {
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    occurredAt: "2025-03-14T06:30:00Z",
    lon: 30.05,
    lat: 47.5,
    eventType: "Explosions/Remote violence",
    subEventType: "Shelling/artillery/missile attack",
    violation: { kind: "fire", weaponClass: "artillery_ge100mm", explosions: 4 },
    sources: [{ type: "patrol", grade: "B2", name: "Patrol 7" }],
    description: "Four explosions heard",
    ...over,
  };
}

/**
 * A stored incident for loading a store directly (query tests, the 2.5 M benchmark): one reported
 * revision with a C3 media source, its place already derived (on the line's left, 1 km from it).
 */
export function storedIncident(o: {
  /** Orders ids: the id is a UUIDv7 at `idMs`. */
  idMs: number;
  occurredAt: string;
  lon: number;
  lat: number;
  eventType: Incident["eventType"];
  subEventType: Incident["subEventType"];
  idempotencyKey: string;
  createdBy: string;
  description: string;
  zoneId: string;
  sectorId: string;
}): PreparedCreate {
  const inc: Incident = {
    occurredAt: o.occurredAt,
    timePrecision: "day",
    lon: o.lon,
    lat: o.lat,
    geoPrecisionKm: 1,
    ownForces: false,
    eventType: o.eventType,
    subEventType: o.subEventType,
    casualties: [],
    sources: [{ type: "media", grade: "C3" }],
    description: o.description,
    id: uuidv7(o.idMs),
    idempotencyKey: o.idempotencyKey,
    rev: 1,
    status: "reported",
    reportedAt: o.occurredAt,
    updatedAt: o.occurredAt,
    createdBy: o.createdBy,
    sourceCount: 1,
    sourceGrade: "C3",
    verification: [],
    mergedInto: null,
    mergedFrom: [],
    derived: {
      zoneId: o.zoneId,
      sectorId: o.sectorId,
      inZone: true,
      side: "left",
      party: null,
      distanceToLineKm: 1,
      withdrawalViolation: null,
    },
  };
  return { incident: inc, payloadHash: "" };
}
