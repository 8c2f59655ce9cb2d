/**
 * The planner in a real browser: Debian's Chromium driven by playwright-core
 * against the real server (SQLite store, bundled scenarios, built web app).
 * Screenshots go to artifacts/browser/ and, for the README, docs/screenshots/.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./chromium.js";
import { startServer, type TestServer } from "./server.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ARTIFACTS = join(ROOT, "artifacts", "browser");
const README_SHOTS = join(ROOT, "docs", "screenshots");

let server: TestServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const external: string[] = [];
const pageErrors: string[] = [];

async function shot(name: string, readme = false): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  if (readme) {
    mkdirSync(README_SHOTS, { recursive: true });
    copyFileSync(path, join(README_SHOTS, `${name}.png`));
  }
}

/** Pixels of the map canvas: how many differ from the background, and how many distinct colours. */
function canvasStats(p: Page) {
  return p.evaluate(async () => {
    const map = window.__truce?.map;
    if (!map) throw new Error("no map");
    const src = map.getCanvas();
    const img = new Image();
    img.src = src.toDataURL("image/png");
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext("2d");
    if (!ctx) throw new Error("no 2D context");
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let nonBackground = 0;
    let nonBlank = 0;
    for (let i = 0; i < d.length; i += 4) {
      const rgb = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      colours.add(rgb);
      if (d[i + 3] > 0 && rgb !== 0) nonBlank++;
      if (Math.abs(d[i] - 0xdf) + Math.abs(d[i + 1] - 0xea) + Math.abs(d[i + 2] - 0xf2) > 12) nonBackground++;
    }
    return { width: c.width, height: c.height, nonBlank, nonBackground, colours: colours.size };
  });
}

/** The canvas colour at a map coordinate (average of a 3×3 block), after the map has rendered. */
function colourAt(p: Page, lngLat: [number, number]) {
  return p.evaluate(async (ll) => {
    const map = window.__truce?.map;
    if (!map) throw new Error("no map");
    const pt = map.project(ll);
    const ratio = map.getCanvas().width / map.getCanvas().clientWidth;
    const img = new Image();
    img.src = map.getCanvas().toDataURL("image/png");
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext("2d");
    if (!ctx) throw new Error("no 2D context");
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(Math.round(pt.x * ratio) - 1, Math.round(pt.y * ratio) - 1, 3, 3).data;
    const rgb = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) rgb[k] += d[i + k] / 9;
    return rgb.map(Math.round);
  }, lngLat);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.context.newPage();
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:")) external.push(u);
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the planner in Chromium", () => {
  it("loads, selects the GCSP scenario, and draws the zone on a non-blank map with no external requests", async () => {
    await page.goto(`${server.url}/`);
    const typo = {
      name: "typo.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(
        "name: Typo\ncontactLine:\n  type: LineString\n  coordinates: [[30, 48], [31, 48.5]]\nzone:\n  widthkm: 10\nmandate:\n  posture: monitor\n",
      ),
    };
    // Without a token the upload is refused, and the page says which token it needs.
    await page.getByTestId("upload-input").setInputFiles(typo);
    await page.getByTestId("upload-error").waitFor();
    expect(await page.getByTestId("upload-error").innerText()).toMatch(/^This needs a planner token/);
    // With a planner token (entered where the incidents view keeps it), an upload with a typo is refused inline with the CLI's message.
    await page.getByRole("tab", { name: "Incidents" }).click();
    await page.getByTestId("token-input").fill(server.tokens.planner);
    await page.getByTestId("token-save").click();
    await page.getByRole("tab", { name: "Scenario" }).click();
    await page.getByTestId("upload-input").setInputFiles(typo);
    await page.getByTestId("upload-error").getByText("typo.yaml:6:3").waitFor();
    expect(await page.getByTestId("upload-error").innerText()).toBe(
      'typo.yaml:6:3: at zone: unknown field "widthkm". Did you mean "widthKm"?',
    );
    await page.getByTestId("scenario-ukraine-gcsp").click();
    await page.getByTestId("scenario-summary").waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("scenario-summary").innerText()).toMatch(/10 km|5 km \+ 5 km/);
    await page.waitForFunction(() => (window.__truce?.planLoaded ?? 0) > 0 && window.__truce?.map?.loaded(), null, {
      timeout: 60_000,
    });
    // The zone layer exists, holds the zone, and is drawn inside the view.
    const zone = await page.evaluate(() => {
      const map = window.__truce?.map;
      if (!map) throw new Error("no map");
      return {
        layer: Boolean(map.getLayer("zone-fill")),
        visibility: map.getLayoutProperty("zone-fill", "visibility") ?? "visible",
        rendered: map.queryRenderedFeatures({ layers: ["zone-fill"] }).length,
        sectors: new Set(map.queryRenderedFeatures({ layers: ["sectors-fill"] }).map((f) => f.properties?.id)).size,
      };
    });
    expect(zone.layer).toBe(true);
    expect(zone.visibility).toBe("visible");
    expect(zone.rendered).toBeGreaterThan(0);
    expect(zone.sectors).toBe(12);
    const px = await canvasStats(page);
    expect(px.nonBlank / (px.width * px.height)).toBeGreaterThan(0.9);
    expect(px.nonBackground).toBeGreaterThan(1000);
    expect(px.colours).toBeGreaterThan(20);
    // Toggling the zone layer off hides it.
    await page.getByTestId("layer-zone").uncheck();
    expect(await page.evaluate(() => window.__truce?.map?.getLayoutProperty("zone-fill", "visibility"))).toBe("none");
    await page.getByTestId("layer-zone").check();
    await shot("scenario-view");
    expect(external).toEqual([]);
  }, 180_000);

  it("runs a small simulation with progress and shows the KPI chart and table", async () => {
    // Keyboard: the arrow key moves from the Scenario tab to the Plan tab.
    await page.getByRole("tab", { name: "Scenario" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("plan-view").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-plan");
    await page.getByTestId("sizing-recommended").waitFor({ timeout: 90_000 });
    await page.getByTestId("sim-replications").fill("6");
    await page.getByTestId("sim-days").fill("5");
    await page.getByTestId("sim-run").click();
    await page.getByTestId("sim-chart").waitFor({ timeout: 120_000 });
    const dots = await page.getByTestId("sim-chart").locator("svg circle").count();
    expect(dots).toBeGreaterThanOrEqual(5);
    const title = await page.getByTestId("sim-chart").locator("svg title").first().textContent();
    expect(title).toContain("95% confidence");
    const rows = await page.getByTestId("sim-table").locator("tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(dots);
    expect(await page.getByTestId("sim-result").innerText()).toContain("6 replications");
    // What if Russia's veto is lifted: a force is generated, sectors get lead nations and units appear as APP-6 symbols.
    expect(await page.getByTestId("generation-status").innerText()).toMatch(/^Infeasible/);
    await page.getByTestId("whatif-veto").uncheck();
    await expect
      .poll(() => page.getByTestId("generation-status").innerText(), { timeout: 120_000 })
      .toMatch(/^Feasible/);
    await page.getByTestId("generation-table").waitFor();
    await page.waitForFunction(() => window.__truce?.map?.loaded() && !window.__truce?.map?.isMoving());
    // Every unit in the plan is drawn (all lie inside the view fitted to the zone).
    const unitIds = await page.evaluate(() =>
      (window.__truce?.map?.querySourceFeatures("plan-units") ?? []).map((f) => String(f.properties?.id)),
    );
    expect(new Set(unitIds).size).toBeGreaterThan(3);
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              new Set(
                (window.__truce?.map?.queryRenderedFeatures({ layers: ["units"] }) ?? []).map((f) => f.properties?.id),
              ).size,
          ),
        { timeout: 30_000 },
      )
      .toBe(new Set(unitIds).size);
    const leads = await page.evaluate(
      () =>
        new Set(
          (window.__truce?.map?.queryRenderedFeatures({ layers: ["sectors-fill"] }) ?? []).map(
            (f) => f.properties?.leadNation,
          ),
        ).size,
    );
    expect(leads).toBeGreaterThanOrEqual(1);
    await page.getByTestId("layer-coverage").check();
    await page.locator("main").evaluate((m) => m.scrollTo(0, 0));
    await shot("plan-view", true);
    await page.getByTestId("layer-coverage").uncheck();
  }, 240_000);

  it("compares the scenarios side by side, with the sweep marked at 10k/30k/200k and the KFOR timeline", async () => {
    await page.getByRole("tab", { name: "Compare" }).click();
    const table = page.getByTestId("compare-table");
    await table.waitFor({ timeout: 120_000 });
    expect(await table.locator("tbody tr").count()).toBeGreaterThanOrEqual(5);
    await page.getByTestId("kfor-chart").waitFor();
    expect(await page.getByTestId("kfor-chart").locator("svg circle").count()).toBeGreaterThanOrEqual(5);
    await page.getByTestId("sweep-replications").fill("3");
    await page.getByTestId("sweep-days").fill("5");
    await page.getByTestId("sweep-run").click();
    const sweep = page.getByTestId("sweep-chart");
    await sweep.waitFor({ timeout: 180_000 });
    const markers = await sweep.locator("svg g.marker text").allTextContents();
    expect(markers).toEqual(["10k GCSP", "30k UK–FR", "200k Zelenskyy"]);
    expect(await sweep.locator("svg circle").count()).toBeGreaterThanOrEqual(6);
    await page.getByTestId("sweep-chart").scrollIntoViewIfNeeded();
    await shot("compare-view", true);
  }, 240_000);

  it("posts an incident as a reporter, shows it unverified on the map, and an analyst verifies it", async () => {
    const zone = (await (await fetch(`${server.url}/api/plan/scenarios/ukraine-gcsp/zone`)).json()) as {
      features: Array<{ properties: { layer: string }; geometry: { coordinates: number[][][] } }>;
    };
    const line = zone.features.find((f) => f.properties.layer === "line")?.geometry.coordinates[0] ?? [];
    const at = line[Math.floor(line.length / 2)] as [number, number];
    await page.getByRole("tab", { name: "Incidents" }).click();
    await page.getByTestId("token-input").fill(server.tokens.reporter);
    await page.getByTestId("token-save").click();
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=live-status]")?.textContent?.includes("live"),
    );
    await page.getByTestId("report-type").selectOption("Explosions/Remote violence");
    await page.getByTestId("report-lon").fill(String(at[0]));
    await page.getByTestId("report-lat").fill(String(at[1]));
    await page.getByTestId("report-description").fill("Two explosions heard from the east (browser test)");
    await page.getByTestId("report-submit").click();
    const row = page.locator("[data-testid^=incident-row-]").first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute("data-status")).toBe("reported");
    expect(await row.innerText()).toMatch(/unverified/i);
    const id = ((await row.getAttribute("data-testid")) ?? "").replace("incident-row-", "");
    // Centre the map on it and read what is drawn there: a hollow ring (light centre), never a solid dot.
    await row.click();
    const rendered = async (layer: string) =>
      page.evaluate(
        ({ layer, id }) =>
          (window.__truce?.map?.queryRenderedFeatures({ layers: [layer] }) ?? []).filter((f) => f.properties?.id === id)
            .length,
        { layer, id },
      );
    await expect.poll(() => rendered("incidents-unverified"), { timeout: 30_000 }).toBe(1);
    expect(await rendered("incidents-verified")).toBe(0);
    await page.waitForFunction(() => !window.__truce?.map?.isMoving() && window.__truce?.map?.loaded());
    const before = await colourAt(page, at);
    expect(Math.min(...before)).toBeGreaterThan(200); // white centre
    await shot("incident-unverified");
    // A reporter cannot verify; the analyst can.
    await page.getByTestId("token-input").fill(server.tokens.analyst);
    await page.getByTestId("token-save").click();
    await page.getByTestId(`to-corroborated-${id}`).click();
    await page.getByTestId(`to-verified-${id}`).click({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId(`incident-row-${id}`).getAttribute("data-status"), { timeout: 30_000 })
      .toBe("verified");
    expect(await page.getByTestId(`incident-row-${id}`).innerText()).not.toMatch(/unverified/i);
    await expect.poll(() => rendered("incidents-verified"), { timeout: 30_000 }).toBe(1);
    expect(await rendered("incidents-unverified")).toBe(0);
    await page.waitForFunction(() => !window.__truce?.map?.isMoving() && window.__truce?.map?.loaded());
    const after = await colourAt(page, at);
    // Solid Okabe–Ito blue (#0072B2) at the centre.
    expect(after[2]).toBeGreaterThan(after[0] + 80);
    await shot("incidents-view", true);
    // Many reports close together are clustered, with their count as a label.
    const batch = [0, 1, 2].map((i) => ({
      idempotencyKey: `browser-cluster-${i}`,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      lon: at[0] + 0.01 * i,
      lat: at[1],
      eventType: "Riots",
      subEventType: "Violent demonstration",
      sources: [{ type: "local", grade: "C3" }],
    }));
    const posted = await fetch(`${server.url}/api/incidents`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.tokens.reporter}` },
      body: JSON.stringify(batch),
    });
    expect(posted.status).toBe(201);
    await expect.poll(() => page.locator("[data-testid^=incident-row-]").count(), { timeout: 30_000 }).toBe(4);
    await page.evaluate(() => window.__truce?.map?.jumpTo({ zoom: 5 }));
    await expect
      .poll(async () => Math.max(0, ...(await page.locator(".cluster-label").allTextContents()).map(Number)), {
        timeout: 30_000,
      })
      .toBe(4);
    // The daily report for today counts the verified report among today's incidents.
    await page.getByTestId("daily-show").click();
    const daily = page.getByTestId("daily-report");
    await daily.waitFor({ timeout: 30_000 });
    expect(await daily.getAttribute("srcdoc")).toContain("daily report");
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  }, 180_000);
});
