import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../scenario/load.js";
import { planPlugin } from "./index.js";
import { JobManager } from "./jobs.js";
import { bundledScenariosDir } from "./paths.js";

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(planPlugin, { prefix: "/api/plan" });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

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
    expect(p.sizing.status).toBe("ok");
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
    const res = await app.inject({ method: "POST", url: "/api/plan/scenarios", payload: { file: "bad.yaml", text } });
    expect(res.statusCode).toBe(400);
    const msg = res.json().error.message as string;
    expect(msg).toMatch(/^bad\.yaml:6:\d+: /);
    expect(msg).toContain('unknown field "widthkm"');
    expect(msg).toContain('Did you mean "widthKm"?');
  });

  it("accepts a good upload, lists it, and plans it", async () => {
    const text =
      "name: Uploaded line\ncontactLine:\n  type: LineString\n  coordinates: [[37.0, 47.5], [37.6, 48.0], [38.2, 48.6]]\nzone:\n  widthKm: 10\n  sectors: 3\nmandate:\n  posture: monitor\n";
    const res = await app.inject({ method: "POST", url: "/api/plan/scenarios", payload: { file: "mine.yaml", text } });
    expect(res.statusCode).toBe(201);
    const id = res.json().scenario.id as string;
    expect(id).toMatch(/^upload-[0-9a-f]{12}$/);
    const list = await app.inject({ method: "GET", url: "/api/plan/scenarios" });
    expect(list.json().scenarios.map((s: { id: string }) => s.id)).toContain(id);
    const plan = await app.inject({ method: "GET", url: `/api/plan/scenarios/${id}/plan` });
    expect(plan.json().zone.value.sectors).toHaveLength(3);
  });

  it("answers 404 with a message for an unknown scenario", async () => {
    const res = await app.inject({ method: "GET", url: "/api/plan/scenarios/nope/plan" });
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

describe("simulation jobs", () => {
  it("runs a small simulation off the main thread, streams progress and the result over SSE", async () => {
    const server = Fastify();
    await server.register(planPlugin, { prefix: "/api/plan" });
    const url = await server.listen({ host: "127.0.0.1", port: 0 });
    try {
      const start = await fetch(`${url}/api/plan/scenarios/ukraine-gcsp/simulations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ replications: 4, days: 3, seed: 7 }),
      });
      expect(start.status).toBe(202);
      const { job } = (await start.json()) as { job: { id: string } };
      const res = await fetch(`${url}/api/plan/jobs/${job.id}/events`);
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
    } finally {
      await server.close();
    }
  });

  it("rejects bad parameters with a message naming the field, and cancels a running job", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/ukraine-gcsp/simulations",
      payload: { replications: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("replications");
    const start = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/ukraine-gcsp/simulations",
      payload: { replications: 2000, days: 365, seed: 1 },
    });
    expect(start.statusCode).toBe(202);
    const id = start.json().job.id as string;
    const del = await app.inject({ method: "DELETE", url: `/api/plan/jobs/${id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json().job.status).toBe("cancelled");
    const after = await app.inject({ method: "GET", url: `/api/plan/jobs/${id}` });
    expect(after.json().job.status).toBe("cancelled");
    expect(after.json().result).toBeUndefined();
  });
});

describe("report jobs", () => {
  it("builds the mission-plan report as a job and serves the finished HTML", async () => {
    const start = await app.inject({
      method: "POST",
      url: "/api/plan/scenarios/kosovo-2025/reports",
      payload: { replications: 3, days: 2, seed: 1 },
    });
    expect(start.statusCode).toBe(202);
    const id = start.json().job.id as string;
    let job = start.json().job;
    for (let i = 0; i < 600 && job.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await app.inject({ method: "GET", url: `/api/plan/jobs/${id}` })).json().job;
    }
    expect(job.status).toBe("done");
    const result = (await app.inject({ method: "GET", url: `/api/plan/jobs/${id}` })).json().result;
    expect(result.href).toBe(`/api/plan/jobs/${id}/report.html`);
    const html = await app.inject({ method: "GET", url: result.href });
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body.startsWith("<!doctype html>")).toBe(true);
    expect(html.body).toContain("Mission plan: Kosovo 2025");
    expect(Buffer.byteLength(html.body)).toBe(result.bytes);
    expect((await app.inject({ method: "GET", url: "/api/plan/jobs/nope/report.html" })).statusCode).toBe(404);
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
