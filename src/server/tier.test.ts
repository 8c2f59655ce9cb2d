import { describe, expect, it } from "vitest";
import { parseTierGrants } from "./tier.js";

describe("truce serve --grant", () => {
  it("parses --grant values and refuses anything else", () => {
    expect(parseTierGrants(["desk=internal", "p.x@y=public"])).toEqual({ desk: "internal", "p.x@y": "public" });
    for (const bad of ["desk", "desk=secret", "=internal", "a b=internal"])
      expect(() => parseTierGrants([bad])).toThrow(/--grant.*TOKEN_NAME=TIER/);
  });
});
