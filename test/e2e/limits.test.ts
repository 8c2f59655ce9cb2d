/**
 * The rate limit (keyed on the token's id after authentication, on the client address before it)
 * and the error shape of every refusal, Fastify's and Node's own included.
 */
import { request } from "node:http";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentStore } from "../../src/monitor/store/store.js";
import { ERRORS } from "../../src/server/errors.js";
import { type TestApp, testApp } from "../support/app.js";
import { listen } from "../support/sse.js";
import { type StoreFactory, storeFactory } from "../support/stores.js";

let factory: StoreFactory;
let store: IncidentStore;
beforeAll(async () => {
  factory = await storeFactory("sqlite");
  store = await factory.open();
});
afterAll(async () => {
  await store?.close();
  await factory?.cleanup();
});

describe("rate limit keys", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(store, { rateLimit: { burst: 5, perSecond: 0.001 } });
  });
  afterAll(async () => t?.app.close());

  const get = (authorization: string | undefined, remoteAddress = "10.0.0.1") =>
    t.app.inject({
      url: "/api/incidents?limit=1",
      remoteAddress,
      headers: authorization === undefined ? {} : { authorization },
    });

  it("does not open a new bucket for extra spaces or case in the Authorization header", async () => {
    const tok = t.tokens.viewer;
    const variants = [`Bearer ${tok}`, `Bearer   ${tok}`, ` Bearer ${tok} `, `bearer ${tok}`, `Bearer\t${tok}`];
    const codes = [];
    for (const v of variants) codes.push((await get(v, "10.0.0.2")).statusCode);
    codes.push((await get(`BEARER    ${tok}  `, "10.0.0.2")).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("keys a token on its id whatever the address it comes from", async () => {
    const tok = `Bearer ${t.tokens.reporter}`;
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await get(tok, `10.1.0.${i}`)).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("charges rotating junk tokens and malformed headers to the client address", async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await get(`Bearer truce_junk${i}${Math.random()}`, "10.2.0.1")).statusCode);
    codes.push((await get("Basic dXNlcjpwYXNz", "10.2.0.1")).statusCode);
    codes.push((await get("Bearer", "10.2.0.1")).statusCode);
    codes.push((await get(`Bearer truce_junk${Math.random()}`, "10.2.0.1")).statusCode);
    codes.push((await get(undefined, "10.2.0.1")).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // A valid token from the same address has its own bucket: the junk does not lock its owner out.
    expect((await get(`Bearer ${t.tokens.analyst}`, "10.2.0.1")).statusCode).toBe(200);
    // Another address is unaffected.
    expect((await get(`Bearer truce_junk${Math.random()}`, "10.2.0.2")).statusCode).toBe(401);
  });

  it("limits anonymous requests per address", async () => {
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push((await t.app.inject({ url: "/api/health", remoteAddress: "10.3.0.1" })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const r = await t.app.inject({ url: "/api/health", remoteAddress: "10.3.0.1" });
    expect(r.json().error.code).toBe("TRUCE_RATE_LIMITED");
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
  });
});

/** Exactly the documented shape: `{error: {code, message, detail?}}`, the code from the registry. */
function expectErrorShape(body: string, status: number): { code: string; message: string; detail?: unknown } {
  const j = JSON.parse(body);
  expect(Object.keys(j)).toEqual(["error"]);
  expect(Object.keys(j.error).filter((k) => !["code", "message", "detail"].includes(k))).toEqual([]);
  expect(j.error.code).toMatch(/^TRUCE_/);
  expect(Object.keys(ERRORS)).toContain(j.error.code);
  expect(ERRORS[j.error.code as keyof typeof ERRORS].status).toBe(status);
  expect(typeof j.error.message).toBe("string");
  expect(j.error.message.length).toBeGreaterThan(0);
  return j.error;
}

/** A raw request (fetch would refuse some of these), on a real socket. */
function raw(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("every error has the documented shape", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await testApp(store);
    base = await listen(t.app);
  });
  afterAll(async () => t?.app.close());

  it("answers an overlong id with 414 TRUCE_URI_TOO_LONG", async () => {
    const r = await t.app.inject({ url: `/api/incidents/${"a".repeat(150)}`, headers: t.auth("viewer") });
    expect(r.statusCode).toBe(414);
    expect(expectErrorShape(r.body, 414).code).toBe("TRUCE_URI_TOO_LONG");
  });

  it("answers oversized headers (a 20 KB URL) with 431 in the same shape, from Node's parser", async () => {
    const r = await raw(base, `/api/incidents/${"a".repeat(20_000)}`);
    expect(r.status).toBe(431);
    expect(expectErrorShape(r.body, 431).code).toBe("TRUCE_HEADERS_TOO_LARGE");
  });

  it("answers Fastify's own refusals in the registry's shape", async () => {
    const cases: Array<{ status: number; code: string; req: InjectOptions }> = [
      { status: 400, code: "TRUCE_BAD_INPUT", req: { url: "/api/incidents/%zz", headers: t.auth("viewer") } },
      {
        status: 400,
        code: "TRUCE_BAD_INPUT",
        req: {
          method: "POST",
          url: "/api/incidents",
          headers: { ...t.auth("reporter"), "content-type": "application/json" },
          payload: "{not json",
        },
      },
      {
        status: 400,
        code: "TRUCE_BAD_INPUT",
        req: {
          method: "POST",
          url: "/api/incidents",
          headers: { ...t.auth("reporter"), "content-type": "application/json" },
          payload: "",
        },
      },
      {
        status: 413,
        code: "TRUCE_BODY_TOO_LARGE",
        req: {
          method: "POST",
          url: "/api/incidents",
          headers: { ...t.auth("reporter"), "content-type": "application/json" },
          payload: `{"description":"${"x".repeat(1_100_000)}"}`,
        },
      },
      {
        status: 415,
        code: "TRUCE_UNSUPPORTED_MEDIA_TYPE",
        req: {
          method: "POST",
          url: "/api/incidents",
          headers: { ...t.auth("reporter"), "content-type": "application/xml" },
          payload: "<a/>",
        },
      },
      { status: 404, code: "TRUCE_NOT_FOUND", req: { url: "/api/nothing" } },
      { status: 401, code: "TRUCE_UNAUTHENTICATED", req: { url: "/api/incidents" } },
      { status: 401, code: "TRUCE_UNAUTHENTICATED", req: { url: "/api/incidents", headers: { authorization: "x" } } },
      { status: 403, code: "TRUCE_FORBIDDEN", req: { url: "/api/tokens", headers: t.auth("viewer") } },
      {
        status: 400,
        code: "TRUCE_BAD_INPUT",
        req: { url: "/api/incidents?bogus=1", headers: t.auth("viewer") },
      },
    ];
    for (const c of cases) {
      const r = await t.app.inject(c.req);
      expect(r.statusCode, JSON.stringify(c.req).slice(0, 120)).toBe(c.status);
      expect(expectErrorShape(r.body, c.status).code).toBe(c.code);
    }
  });

  it("puts a failed import's row report in error.detail", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/incidents/import",
      headers: { ...t.auth("analyst"), "content-type": "text/csv" },
      payload: "event_id_cnty,event_date\nX1,not-a-date\n",
    });
    expect(r.statusCode).toBe(400);
    const e = expectErrorShape(r.body, 400) as { detail: { pointer: string; errors: unknown[] } };
    expect(e.detail.pointer).toBe("/body");
    expect(e.detail.errors.length).toBeGreaterThan(0);
  });
});

describe("filter checks", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(store);
  });
  afterAll(async () => t?.app.close());

  it.each([",,,", "0x10,47,31,48", "30,47,31", "30,47,31,48,1", "30,,31,48", "1e1,47,31,48", "west,47,31,48"])(
    "refuses bbox=%s instead of reading it as numbers",
    async (bbox) => {
      const r = await t.app.inject({
        url: `/api/incidents?bbox=${encodeURIComponent(bbox)}`,
        headers: t.auth("viewer"),
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer: "/query/bbox" } });
    },
  );

  it("accepts a plain decimal bbox", async () => {
    const r = await t.app.inject({ url: "/api/incidents?bbox=29.5,-47,30.5,48.", headers: t.auth("viewer") });
    expect(r.statusCode).toBe(200);
  });
});
