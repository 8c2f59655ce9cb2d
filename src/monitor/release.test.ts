import { describe, expect, it } from "vitest";
import { newIncident } from "./incident.js";
import { maxTier, readerFor, releaseFor, releaseHistory } from "./release.js";
import { type Incident, incidentInputSchema, type Revision } from "./schema.js";

const inc = (over: Record<string, unknown> = {}): Incident =>
  newIncident(
    incidentInputSchema.parse({
      occurredAt: "2025-03-14T06:30:00Z",
      lon: 30.012345,
      lat: 47.654321,
      eventType: "Battles",
      subEventType: "Armed clash",
      sources: [{ type: "patrol", grade: "B2", name: "ROMEO", reference: "log 12" }],
      ...over,
    }),
    { id: "i1", now: new Date("2025-03-15T00:00:00Z"), actor: { name: "rep-1", role: "reporter" }, zones: [] },
  );

describe("who may see what", () => {
  it("gives viewers and reporters parties, analysts and admins internal, and grants only raise", () => {
    expect(maxTier({ name: "v", role: "viewer" })).toBe("parties");
    expect(maxTier({ name: "r", role: "reporter" })).toBe("parties");
    expect(maxTier({ name: "a", role: "analyst" })).toBe("internal");
    expect(maxTier({ name: "x", role: "admin" })).toBe("internal");
    expect(maxTier({ name: "v", role: "viewer" }, { v: "internal" })).toBe("internal");
    expect(maxTier({ name: "v", role: "viewer" }, { v: "public" })).toBe("parties");
    // A grant is by exact token name, not an inherited property.
    expect(maxTier({ name: "constructor", role: "viewer" }, {})).toBe("parties");
  });

  it("refuses a tier above the token's, naming the ones it may use", () => {
    const r = readerFor({ name: "v", role: "viewer" }, "internal");
    expect(r).toEqual({ denied: expect.stringMatching(/up to 'parties'.*tier=parties or tier=public/) });
    expect(readerFor({ name: "v", role: "viewer" }, "public")).toEqual({ reader: { tier: "public" } });
    expect(readerFor({ name: "v", role: "viewer" }, undefined)).toEqual({ reader: { tier: "parties", name: "v" } });
  });
});

describe("releaseFor and releaseHistory", () => {
  it("gives an owner what they wrote, never sources merged in from others", () => {
    const mine = {
      ...inc({ ownForces: true }),
      sources: [
        { type: "patrol" as const, grade: "B2", name: "ROMEO" },
        { type: "media" as const, grade: "C3", name: "OTHER", fromIncident: "i2" },
      ],
    };
    const own = releaseFor(mine, { tier: "parties", name: "rep-1" })!;
    expect(own).toMatchObject({ lon: 30.012345, ownForces: true, createdBy: "rep-1" });
    expect(own.sources.map((s) => s.name)).toEqual(["ROMEO"]);
    expect(releaseFor(mine, { tier: "parties", name: "rep-2" })).toBeNull();
    expect(releaseFor({ ...mine, ownForces: false }, { tier: "parties", name: "rep-2" })?.sources).toEqual([
      { type: "patrol", grade: "B2" },
      { type: "media", grade: "C3" },
    ]);
  });

  it("leaves out revisions whose snapshot is withheld and diffs the released snapshots", () => {
    const r1 = inc({ ownForces: true });
    const r2 = { ...r1, rev: 2, ownForces: false };
    const r3 = { ...r2, rev: 3, description: "edited" };
    const rev = (snapshot: Incident, action: Revision["action"], reason: string): Revision => ({
      incidentId: "i1",
      rev: snapshot.rev,
      at: "t",
      actor: "analyst-9",
      action,
      reason,
      changes: { lat: { from: 1, to: 2 } },
      snapshot,
    });
    const h = releaseHistory([rev(r1, "create", "created"), rev(r2, "edit", "SECRET REASON"), rev(r3, "edit", "x")], {
      tier: "public",
    });
    expect(h.map((r) => r.rev)).toEqual([2, 3]);
    expect(h[0]).toMatchObject({ actor: "redacted", reason: "", changes: {} });
    expect(h[1].changes).toEqual({ description: { from: "", to: "edited" } });
    expect(JSON.stringify(h)).not.toMatch(/ROMEO|SECRET|analyst-9|30\.012345/);
  });
});
