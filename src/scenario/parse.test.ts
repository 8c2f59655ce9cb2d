import { execFileSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TruceInputError } from "../errors/index.js";
import { loadScenarioFile } from "./load.js";
import { parseScenario } from "./parse.js";

const base = (line: string, extra = "") => `name: Test
contactLine:
  type: LineString
  coordinates: ${line}
zone:
  widthKm: 10
${extra}mandate:
  posture: monitor
`;

function errorOf(fn: () => unknown): TruceInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TruceInputError) return e;
    throw e;
  }
  throw new Error("expected a TruceInputError, but nothing was thrown");
}

const parse = (text: string) => parseScenario("s.yaml", text);

describe("scenario loader: valid input", () => {
  it("applies the documented defaults", () => {
    const s = parse(base("[[30, 48], [31, 48]]"));
    expect(s.zone.postSpacingKm).toBe(10);
    expect(s.zone.ends).toBe("flat");
    expect(s.mandate.threat).toBe("medium");
    expect(s.mandate.tourMonths).toBe(6);
    expect(s.zone.withdrawalLines).toEqual([]);
  });

  it("reads JSON as well as YAML", () => {
    const json = JSON.stringify({
      name: "J",
      contactLine: {
        type: "LineString",
        coordinates: [
          [30, 48],
          [31, 48],
        ],
      },
      zone: { widthKm: 4 },
      mandate: { posture: "interpose" },
    });
    expect(parseScenario("s.json", json).zone.widthKm).toBe(4);
  });

  it("loads every bundled scenario", () => {
    for (const f of ["kosovo-1999", "kosovo-2025", "ukraine-gcsp", "ukraine-uk-france", "ukraine-200k"]) {
      const s = loadScenarioFile(`data/scenarios/${f}.yaml`);
      expect(s.contactLine.type).toBe("LineString");
      expect(s.sources.length).toBeGreaterThan(0);
    }
  });
});

describe("scenario loader: each bad input gets one clear message with file, place, problem and fix", () => {
  it("YAML syntax error: line and column", () => {
    const e = errorOf(() => parse("name: x\nzone: [1, 2\nmandate: {posture: monitor}\n"));
    expect(e.detail.file).toBe("s.yaml");
    expect(e.detail.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/^s\.yaml:\d+:\d+: this is not valid YAML\/JSON/);
  });

  it("unknown field: names it, points at it and suggests the nearest known one", () => {
    const text = base("[[30, 48], [31, 48]]").replace("  widthKm: 10", "  widthKm: 10\n  postSpacingkm: 5");
    const e = errorOf(() => parse(text));
    expect(e.message).toContain('unknown field "postSpacingkm"');
    expect(e.message).toContain('Did you mean "postSpacingKm"?');
    expect(e.detail.path).toBe("zone");
    expect(e.detail.line).toBe(7);
  });

  it("wrong type: says what was expected and what was found", () => {
    const e = errorOf(() => parse(base("[[30, 48], [31, 48]]").replace("widthKm: 10", 'widthKm: "ten"')));
    expect(e.message).toMatch(/s\.yaml:6:\d+: at zone\.widthKm: expected number, got "ten"/);
  });

  it("wrong enum value: suggests the nearest", () => {
    const e = errorOf(() => parse(base("[[30, 48], [31, 48]]").replace("posture: monitor", "posture: monitr")));
    expect(e.message).toContain("at mandate.posture");
    expect(e.message).toContain('Did you mean "monitor"?');
  });

  it("fewer than 2 distinct points", () => {
    const e = errorOf(() => parse(base("[[30, 48], [30, 48]]")));
    expect(e.message).toContain("only one distinct point");
    expect(e.detail.path).toBe("contactLine.coordinates");
  });

  it("NaN and Infinity coordinates", () => {
    const nan = errorOf(() => parse(base("[[30, .nan], [31, 48]]")));
    expect(nan.message).toContain("NaN is not a usable number");
    expect(nan.detail.path).toBe("contactLine.coordinates[0][1]");
    const inf = errorOf(() => parse(base("[[30, 48], [.inf, 48]]")));
    expect(inf.message).toContain("Infinity is not a usable number");
  });

  it("latitude out of range, with the swap spotted", () => {
    const e = errorOf(() => parse(base("[[48, 120], [48, 121]]")));
    expect(e.message).toContain("latitude 120 is out of range");
    expect(e.message).toContain("write [120, 48]");
    expect(e.detail.path).toBe("contactLine.coordinates[0]");
  });

  it("lat/lon swapped: Kosovo at 42N 21E given as [42, 21] is caught through the parties' countries", () => {
    const parties =
      "parties:\n  - {id: RS, name: Serbia, side: left, country: Serbia}\n  - {id: XK, name: Kosovo, side: right, country: Kosovo}\n";
    const e = errorOf(() => parse(base("[[42.8, 20.4], [43.2, 20.8], [42.3, 21.6]]", parties)));
    expect(e.message).toContain("would lie on them with each pair swapped");
    expect(e.message).toContain("[longitude, latitude]");
    // The same line in the right order is accepted.
    expect(() => parse(base("[[20.4, 42.8], [20.8, 43.2], [21.6, 42.3]]", parties))).not.toThrow();
  });

  it("unknown country name for a party: suggests the nearest", () => {
    const parties = "parties:\n  - {id: UA, name: Ukraine, side: right, country: Ukriane}\n";
    const e = errorOf(() => parse(base("[[30, 48], [31, 48]]", parties)));
    expect(e.message).toContain("at parties[0].country");
    expect(e.message).toContain('Did you mean "ukraine"?');
  });

  it("a width of 0 or less", () => {
    const e = errorOf(() => parse(base("[[30, 48], [31, 48]]").replace("widthKm: 10", "widthKm: 0")));
    expect(e.message).toContain("at zone.widthKm: 0 is too small: it must be greater than 0");
    const neg = errorOf(() => parse(base("[[30, 48], [31, 48]]").replace("widthKm: 10", "widthKm: -3")));
    expect(neg.message).toContain("-3 is too small");
  });

  it("a width larger than the line is long", () => {
    const e = errorOf(() => parse(base("[[30, 48], [30.01, 48]]").replace("widthKm: 10", "widthKm: 5")));
    expect(e.message).toContain("the zone is 5 km wide but the line is only 0.7 km long");
    expect(e.detail.path).toBe("zone.widthKm");
  });

  it("a withdrawal line inside the zone", () => {
    const e = errorOf(() =>
      parse(
        base("[[30, 48], [31, 48]]").replace("widthKm: 10", 'widthKm: 10\n  withdrawalLines: [{name: "Art", km: 3}]'),
      ),
    );
    expect(e.message).toContain('withdrawal line "Art" at 3 km lies inside the zone');
    expect(e.detail.path).toBe("zone.withdrawalLines[0].km");
  });

  it("both widthKm and sides, or neither", () => {
    const both = errorOf(() =>
      parse(base("[[30, 48], [31, 48]]").replace("widthKm: 10", "widthKm: 10\n  sides: {left: 1, right: 2}")),
    );
    expect(both.message).toContain("both zone.widthKm and zone.sides");
    const neither = errorOf(() => parse(base("[[30, 48], [31, 48]]").replace("widthKm: 10", "sectors: 2")));
    expect(neither.message).toContain("the zone has no width");
  });

  it("a missing required field", () => {
    const e = errorOf(() => parse(base("[[30, 48], [31, 48]]").replace("name: Test\n", "")));
    expect(e.message).toContain("at name: the required field is missing");
  });
});

describe("scenario loader: files", () => {
  const dir = mkdtempSync(join(tmpdir(), "truce-scn-"));

  it("a missing referenced file names the scenario, the field and the path", () => {
    const f = join(dir, "ref.yaml");
    writeFileSync(
      f,
      base("[[30, 48], [31, 48]]").replace(
        /contactLine:\n {2}type: LineString\n {2}coordinates: .*\n/,
        "contactLine: lines/nowhere.geojson\n",
      ),
    );
    const e = errorOf(() => loadScenarioFile(f));
    expect(e.detail.file).toBe(f);
    expect(e.detail.path).toBe("contactLine");
    expect(e.message).toContain("nowhere.geojson");
    expect(e.message).toContain("does not exist");
  });

  it("a referenced GeoJSON file with a bad coordinate points into that file", () => {
    const g = join(dir, "bad.geojson");
    writeFileSync(
      g,
      JSON.stringify(
        {
          type: "Feature",
          properties: {},
          geometry: {
            type: "LineString",
            coordinates: [
              [30, 48],
              [30, 95],
            ],
          },
        },
        null,
        1,
      ),
    );
    const f = join(dir, "ref2.yaml");
    writeFileSync(
      f,
      base("[[30, 48], [31, 48]]").replace(
        /contactLine:\n {2}type: LineString\n {2}coordinates: .*\n/,
        "contactLine: bad.geojson\n",
      ),
    );
    const e = errorOf(() => loadScenarioFile(f));
    expect(e.detail.file).toBe(g);
    expect(e.detail.path).toBe("geometry.coordinates[1]");
    expect(e.detail.line).toBeGreaterThan(1);
  });

  it("a 200 MB file is refused before it is read", () => {
    const f = join(dir, "huge.yaml");
    const fd = openSync(f, "w");
    ftruncateSync(fd, 200 * 1024 * 1024); // sparse: no 200 MB written to disk
    closeSync(fd);
    const e = errorOf(() => loadScenarioFile(f));
    expect(e.message).toContain("is 200 MB; the limit is 32 MB");
  });

  it("a missing scenario file", () => {
    const e = errorOf(() => loadScenarioFile(join(dir, "nope.yaml")));
    expect(e.message).toContain("no such file");
  });

  const referencing = (name: string, target: string) => {
    const f = join(dir, name);
    writeFileSync(
      f,
      base("[[30, 48], [31, 48]]").replace(
        /contactLine:\n {2}type: LineString\n {2}coordinates: .*\n/,
        `contactLine: ${target}\n`,
      ),
    );
    return f;
  };

  // Issue 18 item 13: /dev/zero as the contact line hung the CLI (the read never ends).
  it("refuses a device, a FIFO or a directory as the scenario or its contact line, before reading it", () => {
    for (const target of ["/dev/zero", "/dev/null", dir]) {
      const e = errorOf(() => loadScenarioFile(referencing("dev.yaml", target)));
      expect(e.detail.path).toBe("contactLine");
      expect(e.message).toMatch(/is (a device, pipe or socket|a directory), not a regular file/);
    }
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(errorOf(() => loadScenarioFile(fifo)).message).toContain("a device, pipe or socket");
    expect(errorOf(() => loadScenarioFile("/dev/zero")).message).toContain("not a regular file");
  });

  // Issue 18 item 13: /etc/passwd as the contact line echoed its first 40 characters.
  it("never echoes a referenced file's content in an error", () => {
    const secret = join(dir, "secret.txt");
    writeFileSync(secret, "root:x:0:0:hunter2-the-password:/root:/bin/bash\nsecond: [line\n");
    const plain = join(dir, "plain.txt");
    writeFileSync(plain, "root:x:0:0:hunter2-the-password:/root:/bin/bash\n");
    const typed = join(dir, "typed.geojson");
    writeFileSync(typed, JSON.stringify({ type: "LineString", coordinates: "hunter2-the-password" }));
    for (const target of [secret, plain, typed]) {
      const e = errorOf(() => loadScenarioFile(referencing("leak.yaml", target)));
      expect(e.message).not.toContain("hunter2");
      expect(e.message).not.toContain("root:x");
      expect(e.detail.file).toBe(target);
    }
  });
});

describe("scenario loader: random junk never crashes (fast-check)", () => {
  it("arbitrary text: either a scenario or a TruceInputError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parse(text);
        } catch (e) {
          expect(e).toBeInstanceOf(TruceInputError);
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it("arbitrary JSON values in each field: either a scenario or a TruceInputError", () => {
    const valid = {
      name: "x",
      contactLine: {
        type: "LineString",
        coordinates: [
          [30, 48],
          [31, 48],
        ],
      },
      zone: { widthKm: 10 },
      mandate: { posture: "monitor" },
    };
    fc.assert(
      fc.property(
        fc.constantFrom("name", "contactLine", "zone", "mandate", "parties", "theater"),
        fc.jsonValue(),
        (field, value) => {
          try {
            parse(JSON.stringify({ ...valid, [field]: value }));
          } catch (e) {
            expect(e).toBeInstanceOf(TruceInputError);
            expect((e as TruceInputError).message).not.toContain("    at ");
          }
        },
      ),
      { numRuns: 300, seed: 2 },
    );
  });

  it("arbitrary coordinates: either a scenario or a TruceInputError", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 6 }), (coords) => {
        const text = JSON.stringify({
          name: "x",
          contactLine: { type: "LineString", coordinates: coords },
          zone: { widthKm: 1 },
          mandate: { posture: "monitor" },
        });
        try {
          parse(text);
        } catch (e) {
          expect(e).toBeInstanceOf(TruceInputError);
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe("scenario loader: limits of the geometry", () => {
  it("a line crossing the antimeridian is accepted, written as a jump or with longitudes beyond 180", () => {
    const jump = parse(base("[[179.5, 65], [-179.5, 65.2]]"));
    expect(jump.contactLine.coordinates).toEqual([
      [179.5, 65],
      [-179.5, 65.2],
    ]);
    expect(() => parse(base("[[179.5, 65], [180.5, 65.2]]"))).not.toThrow();
    const e = errorOf(() => parse(base("[[179.5, 65], [400, 65.2]]")));
    expect(e.message).toContain("longitude 400 is out of range");
    expect(e.detail.path).toBe("contactLine.coordinates[1]");
  });

  it("a line that would go round the globe is refused", () => {
    const e = errorOf(() => parse(base("[[0, 10], [120, 10], [240, 10], [355, 10]]")));
    expect(e.message).toContain("would go round the globe");
  });

  it("a line near a pole is refused, with the reason", () => {
    const e = errorOf(() => parse(base("[[10, 86], [20, 86]]")));
    expect(e.message).toContain("too near a pole");
    expect(e.message).toContain("degenerates at the poles");
    expect(e.detail.path).toBe("contactLine.coordinates[0]");
  });

  it("a zone whose edge would reach a pole is refused, with the reason", () => {
    const text = base("[[10, 83.9], [40, 83.9]]").replace("widthKm: 10", "widthKm: 600");
    const e = errorOf(() => parse(text));
    expect(e.message).toContain("too near a pole");
    expect(e.detail.path).toBe("zone");
  });
});
