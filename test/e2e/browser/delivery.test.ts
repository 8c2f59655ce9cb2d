/**
 * Delivery and accessibility in real Chromium against the real server: compressed responses, hashed
 * assets cached for a year, a first view under 1 MB on the wire, and axe-core with no violations in
 * every view at desktop and phone size.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./chromium.js";
import { startServer, type TestServer } from "./server.js";
import { saveShot } from "./shots.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server: TestServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core's violations on the page as it is now, one line each (rule: element: why). */
async function axeViolations(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => "axe" in window))) await p.addScriptTag({ content: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return (violations as AxeViolation[]).flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${v.help}`),
  );
}

const mapSettled = (p: Page) =>
  p.waitForFunction(() => (window.__truce?.planLoaded ?? 0) > 0 && window.__truce?.map?.loaded(), null, {
    timeout: 90_000,
  });

describe("delivery and accessibility", () => {
  it("serves compressed responses and year-long immutable hashed assets; the first view is under 1 MB", async () => {
    const headers = new Map<string, Record<string, string>>();
    page.on("response", (r) => headers.set(new URL(r.url()).pathname, r.headers()));
    await page.goto(`${server.url}/#/scenario/ukraine-gcsp`);
    await page.getByTestId("scenario-summary").waitFor({ timeout: 90_000 });
    await mapSettled(page);
    const resources = await page.evaluate(() =>
      [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => {
        const r = e as PerformanceResourceTiming;
        return { path: new URL(r.name).pathname, transfer: r.transferSize, decoded: r.decodedBodySize };
      }),
    );
    const assets = resources.filter((r) => r.path.startsWith("/assets/"));
    const js = assets.filter((r) => r.path.endsWith(".js"));
    expect(js.length).toBeGreaterThan(0);
    const wire = resources.reduce((n, r) => n + r.transfer, 0);
    const decoded = resources.reduce((n, r) => n + r.decoded, 0);
    console.log(
      `first view: ${resources.length} requests, ${(wire / 1e6).toFixed(2)} MB on the wire, ${(decoded / 1e6).toFixed(2)} MB decoded`,
    );
    expect(wire).toBeLessThan(1_000_000);
    for (const a of assets) {
      const h = headers.get(a.path);
      expect(h?.["cache-control"], a.path).toBe("public, max-age=31536000, immutable");
      if (a.decoded > 2048) expect(h?.["content-encoding"], a.path).toMatch(/^(br|gzip)$/);
    }
    expect(headers.get("/")?.["cache-control"]).toBe("no-cache");
    // The plan JSON (hundreds of kB) is compressed too.
    const planPath = [...headers.keys()].find((k) => /^\/api\/plan\/scenarios\/ukraine-gcsp\/plan/.test(k));
    expect(planPath).toBeDefined();
    expect(headers.get(planPath ?? "")?.["content-encoding"]).toMatch(/^(br|gzip)$/);
    // Milsymbol and the later views load on demand, not with the first view.
    expect(js.some((r) => /\/(PlanView|CompareView|IncidentView)-/.test(r.path))).toBe(false);
  }, 180_000);

  it("has no axe-core violations in any view, at desktop and phone size", async () => {
    const found: string[] = [];
    for (const [view, ready] of [
      ["scenario", "scenario-summary"],
      ["plan", "sizing-recommended"],
      ["compare", "compare-view"],
      ["incidents", "incident-view"],
    ] as const) {
      await page.goto(`${server.url}/#/${view}/kosovo-2025`);
      await page.getByTestId(ready).first().waitFor({ timeout: 90_000 });
      if (view !== "compare") await mapSettled(page);
      for (const v of await axeViolations(page)) found.push(`${view} desktop: ${v}`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    for (const view of ["scenario", "incidents"]) {
      await page.goto(`${server.url}/#/${view}/kosovo-2025`);
      await page.getByTestId(view === "scenario" ? "scenario-summary" : "incident-view").waitFor({ timeout: 90_000 });
      await mapSettled(page);
      for (const v of await axeViolations(page)) found.push(`${view} phone: ${v}`);
      await saveShot(page, `phone-${view}`, true);
    }
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
