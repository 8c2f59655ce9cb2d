/**
 * Liveness under heavy work (issue 18): `/api/health` latency on a real `truce serve` process
 * while (1) a 10,000-vertex zigzag's zone is built, (2) 12 full plans of fresh GCSP uploads are
 * computed at once and (3) a 1 MB ACLED CSV is imported (every row validated, placed in the
 * bundled zones and stored in one transaction), each beside the idle baseline in the same run. Target: the issue's
 * 100 ms. The tests (test/e2e/zone-freeze, plan.health) check that health keeps answering; the
 * latency, which depends on the machine's load, is measured here.
 *
 *   npm run bench:health
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { acledCsv } from "../test/support/acled.js";
import { healthMs, probeDuring } from "../test/support/health.js";
import { type ServerProcess, startServer, stopServer } from "../test/support/serve.js";
import { gcspUpload, zigzagUpload } from "../test/support/uploads.js";

const PLANS = 12;

/** Sequential health polls, 25 ms apart (under the rate limit), until `work` settles. */
const pollDuring = <T>(url: string, work: Promise<T>) => probeDuring(url, work, 25);

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))].toFixed(0);
  return `${String(s.length).padStart(5)} polls  p50 ${at(0.5).padStart(5)}  p99 ${at(0.99).padStart(5)}  max ${at(1).padStart(6)} ms`;
}

async function upload(server: ServerProcess, auth: Record<string, string>, file: string, text: string) {
  const r = await fetch(`${server.url}/api/plan/scenarios`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ file, text }),
  });
  if (r.status !== 201) throw new Error(`upload ${file}: HTTP ${r.status} ${await r.text()}`);
  return ((await r.json()) as { scenario: { id: string } }).scenario.id;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "truce-bench-health-"));
  const server = await startServer({ dir, scenarios: false, adminToken: true });
  try {
    const made = await fetch(`${server.url}/api/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "bench-planner", role: "planner" }),
    });
    const auth = { authorization: `Bearer ${((await made.json()) as { token: string }).token}` };
    const analyst = await fetch(`${server.url}/api/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "bench-analyst", role: "analyst" }),
    });
    const analystAuth = { authorization: `Bearer ${((await analyst.json()) as { token: string }).token}` };
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) idle.push(await healthMs(server.url));
    console.log(`/api/health on truce serve (${new Date().toISOString().slice(0, 10)}), target: max < 100 ms\n`);
    console.log(`idle                          ${summary(idle)}`);

    const zig = await upload(server, auth, "zigzag.json", zigzagUpload(10_000));
    const t0 = performance.now();
    const z = await pollDuring(
      server.url,
      fetch(`${server.url}/api/plan/scenarios/${zig}/zone`, { headers: auth }).then((r) => r.status),
    );
    const zoneS = (performance.now() - t0) / 1000;
    console.log(`zigzag zone (HTTP ${z.result}, ${zoneS.toFixed(1)} s)  ${summary(z.latenciesMs)}`);

    const ids: string[] = [];
    for (let i = 0; i < PLANS; i++) ids.push(await upload(server, auth, `load-${i}.yaml`, gcspUpload(i)));
    const t1 = performance.now();
    const p = await pollDuring(
      server.url,
      Promise.all(
        ids.map((id) => fetch(`${server.url}/api/plan/scenarios/${id}/plan`, { headers: auth }).then((r) => r.status)),
      ),
    );
    const plansS = (performance.now() - t1) / 1000;
    const ok = p.result.filter((s) => s === 200).length;
    console.log(`${PLANS} plans (${ok} × 200, ${plansS.toFixed(0)} s)     ${summary(p.latenciesMs)}`);
    // Rows near the GCSP line (Donbas to Zaporizhzhia), as many as fit under the 1 MB import limit.
    const near = (r: () => number): [number, number] => [34.5 + r() * 5, 46.6 + r() * 2.4];
    let rows = 4000;
    while (Buffer.byteLength(acledCsv(rows + 100, 3, near)) < 1_000_000) rows += 100;
    const csv = acledCsv(rows, 3, near);
    const t2 = performance.now();
    const imp = await pollDuring(
      server.url,
      fetch(`${server.url}/api/incidents/import`, {
        method: "POST",
        headers: { ...analystAuth, "content-type": "text/csv" },
        body: csv,
      }).then(async (r) => ({ status: r.status, created: ((await r.json()) as { created?: number }).created })),
    );
    const importS = (performance.now() - t2) / 1000;
    if (imp.result.created !== rows)
      throw new Error(`import: HTTP ${imp.result.status}, ${imp.result.created} of ${rows} created`);
    console.log(
      `ACLED import (${(Buffer.byteLength(csv) / 1e6).toFixed(2)} MB, ${rows} rows, ${importS.toFixed(1)} s) ${summary(imp.latenciesMs)}`,
    );
    console.log(
      `\nMachine: ${availableParallelism()} cores, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" / ")} at the end (latency includes waiting for a core).`,
    );
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
