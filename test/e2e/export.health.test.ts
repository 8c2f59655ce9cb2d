/**
 * A large export must not stall the server: on a real listener, `/api/health` keeps answering
 * while a ~100 MB KML export (and the GeoJSON and CSV of the same 30,000 incidents) streams: probes
 * keep being answered during the whole export (one unbatched export would let a sequential prober
 * through only before and after it). Latency depends on the machine's load, so the figures are printed,
 * not asserted.
 */
import { spawn } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newIncident } from "../../src/monitor/incident.js";
import { incidentInputSchema } from "../../src/monitor/schema.js";
import { type IncidentStore, payloadHash } from "../../src/monitor/store/store.js";
import { uuidv7 } from "../../src/monitor/uuid.js";
import { type TestApp, testApp } from "../support/app.js";
import { meridianZone, sampleInput } from "../support/fixtures.js";
import { probeDuring } from "../support/health.js";
import { listen } from "../support/sse.js";
import { type StoreFactory, storeFactory } from "../support/stores.js";

const N = 30_000;

describe("health during a large export", () => {
  let factory: StoreFactory;
  let store: IncidentStore;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    factory = await storeFactory("sqlite");
    store = await factory.open();
    const zones = [meridianZone()];
    const now = new Date("2025-03-15T00:00:00Z");
    for (let start = 0; start < N; start += 5000) {
      const batch = [];
      for (let i = start; i < Math.min(N, start + 5000); i++) {
        const raw = sampleInput({
          idempotencyKey: `bulk-key-${i}`,
          occurredAt: new Date(Date.parse("2025-01-01T00:00:00Z") + i * 60_000).toISOString(),
          lat: 47.1 + (i % 1000) * 0.0018,
          description: `Bulk incident ${i}: explosions heard to the east, counted by the patrol`,
        });
        const input = incidentInputSchema.parse(raw);
        batch.push({
          incident: newIncident(input, {
            id: uuidv7(now.getTime() + i),
            now,
            actor: { name: "bulk", role: "analyst" },
            zones,
          }),
          payloadHash: payloadHash(raw),
        });
      }
      await store.bulkCreate(batch, "bulk");
    }
    t = await testApp(store);
    base = await listen(t.app);
  });
  afterAll(async () => {
    await t?.app.close();
    await store?.close();
    await factory?.cleanup();
  });

  it.each([
    { format: "kml", minBytes: 80e6 },
    { format: "geojson", minBytes: 40e6 },
    { format: "csv", minBytes: 10e6 },
  ])("keeps /api/health answering while a large $format export streams", async ({ format, minBytes }) => {
    // Baseline on this machine as loaded right now, for the printed figures.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    const baseline: number[] = [];
    for (let i = 0; i < 100; i++) {
      const s0 = performance.now();
      await (await fetch(`${base}/api/health`)).json();
      baseline.push(performance.now() - s0);
    }
    idle.disable();
    // The export is read by another process, so this one's event loop is the server's alone.
    const url = `${base}/api/incidents/export?format=${format}&tier=internal`;
    const reader = spawn(
      process.execPath,
      [
        "-e",
        `fetch(${JSON.stringify(url)}, { headers: { authorization: ${JSON.stringify(t.auth("analyst").authorization)} } })
           .then(async (r) => { let n = 0; for await (const c of r.body) n += c.length; console.log(r.status, n); })`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    reader.stdout.on("data", (c) => {
      out += c;
    });
    const t0 = performance.now();
    const exporting = new Promise<void>((resolve) => reader.on("exit", () => resolve()));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // Each probe must answer 200 (probeDuring throws otherwise).
    const { latenciesMs: latencies } = await probeDuring(base, exporting);
    loop.disable();
    const [status, bytesText] = out.trim().split(" ");
    const bytes = Number(bytesText);
    const exportS = (performance.now() - t0) / 1000;
    const max = Math.max(...latencies);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `${format} export: ${(bytes / 1e6).toFixed(1)} MB in ${exportS.toFixed(1)} s; /api/health ${latencies.length} probes, ` +
        `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)].toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
        `event-loop delay max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; ` +
        `idle baseline: health max ${Math.max(...baseline).toFixed(1)} ms, event-loop delay max ${(idle.max / 1e6).toFixed(1)} ms`,
    );
    expect(status).toBe("200");
    expect(bytes).toBeGreaterThan(minBytes);
    // Probes kept coming during the whole export, not only before and after it.
    expect(latencies.length).toBeGreaterThan(20);
  });
});
