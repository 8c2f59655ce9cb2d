import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, parseCsv } from "./csv.js";
import { CSV_HEADER, exportChunks } from "./export.js";
import { newIncident } from "./incident.js";
import { incidentInputSchema } from "./schema.js";

const incident = (over: Record<string, unknown>, i = 0) =>
  newIncident(
    incidentInputSchema.parse({
      occurredAt: "2025-03-14T06:30:00Z",
      lon: 30.05,
      lat: 47.5,
      eventType: "Battles",
      subEventType: "Armed clash",
      sources: [{ type: "patrol", grade: "B2" }],
      ...over,
    }),
    { id: `id-${i}`, now: new Date("2025-03-15T00:00:00Z"), actor: { name: "a", role: "analyst" }, zones: [] },
  );

describe("CSV formula neutralising (OWASP)", () => {
  // Every start OWASP names, the ones that passed before (-1+, -0+, tab, CR, space+), and spaces before them.
  const dangerous = [
    "=1+1",
    "+1",
    "-1+2",
    "-0+3",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    " =cmd",
    "  +x",
    " -1+2",
    " @x",
    " \tx",
  ];

  it.each(dangerous)("prefixes %j with a quote", (s) => {
    const out = parseCsv(`${csvCell(s)}\r\n`)[0].cells[0];
    expect(out).toBe(`'${s}`);
  });

  it("leaves plain numbers, numbers as text and ordinary text alone", () => {
    for (const s of ["-3.5", "12", "0", " plain", "hello=world", "a-b"])
      expect(parseCsv(`${csvCell(s)}\r\n`)[0].cells[0]).toBe(s);
    expect(csvCell(-30.5)).toBe("-30.5");
  });

  it("never writes a text cell a spreadsheet would run, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (s) => {
        const back = parseCsv(`${csvCell(s)},end\r\n`)[0]?.cells[0] ?? "";
        expect(/^ *[=+\-@\t\r]/.test(back) && !/^-?\d+(\.\d+)?$/.test(back)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("neutralises the text fields of the public CSV export", async () => {
    const inc = incident({ description: "-1+cmd|' /C calc'!A0", location: "\t=HYPERLINK(1)", actor1: " @evil" });
    let text = "";
    for await (const chunk of exportChunks([inc], "csv", { tier: "public" })) text += chunk;
    const [header, row] = parseCsv(text).map((r) => r.cells);
    const col = (name: string) => row[header.indexOf(name)];
    expect(header).toEqual(CSV_HEADER);
    expect(col("notes")).toBe("'-1+cmd|' /C calc'!A0");
    expect(col("location")).toBe("'\t=HYPERLINK(1)");
    expect(col("actor1")).toBe("' @evil");
  });
});

describe("batched export", () => {
  it("yields one chunk per batch and leaves out what the tier may not see", async () => {
    const incs = Array.from({ length: 10 }, (_, i) => incident({ ownForces: i % 2 === 0 }, i));
    const chunks: string[] = [];
    for await (const c of exportChunks(incs, "geojson", { tier: "parties" }, 3)) chunks.push(c);
    // Head, ceil(10 / 3) = 4 batches, tail.
    expect(chunks).toHaveLength(6);
    const fc2 = JSON.parse(chunks.join(""));
    expect(fc2.features.map((f: { id: string }) => f.id)).toEqual(["id-1", "id-3", "id-5", "id-7", "id-9"]);
  });
});
