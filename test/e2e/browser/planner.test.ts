/**
 * The planner in a real browser: Debian's Chromium driven by playwright-core
 * against the real server (SQLite store, bundled scenarios, built web app).
 * Screenshots go to artifacts/browser/ and, for the README, docs/screenshots/.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
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
    // A legend for every layer toggle, drawn in the colour the map paints that layer with.
    const toggles = await page
      .locator("[data-testid^=layer-]")
      .evaluateAll((els) => els.map((e) => (e.getAttribute("data-testid") ?? "").replace("layer-", "")));
    expect(toggles.length).toBeGreaterThanOrEqual(10);
    for (const k of toggles) expect(await page.getByTestId(`legend-${k}`).count(), k).toBe(1);
    const painted = await page.evaluate(() => {
      const m = window.__truce?.map;
      const c = (layer: string, prop: string) => String(m?.getPaintProperty(layer, prop as never)).toLowerCase();
      return {
        line: c("contact-line", "line-color"),
        zone: c("zone-fill", "fill-color"),
        withdrawal: c("withdrawal", "line-color"),
        posts: c("posts", "circle-color"),
        sites: c("sites", "circle-color"),
        basemap: c("countries-fill", "fill-color"),
      };
    });
    for (const [k, colour] of Object.entries(painted))
      expect(await page.getByTestId(`legend-${k}`).getAttribute("data-colour"), k).toBe(colour);
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
    // The sensitivity table is ranked by the column it names, and fits beside the map at 1400 px.
    const sens = page.getByTestId("sensitivity-table");
    const rankedBy = await sens.getAttribute("data-ranked-by");
    expect(["deployed", "committed"]).toContain(rankedBy);
    expect(await sens.locator("caption").textContent()).toContain(`${rankedBy} force`);
    const pairs = await sens
      .locator(`[data-testid=sens-${rankedBy}]`)
      .allTextContents()
      .then((t) => t.map((x) => x.split("–").map((n) => Number(n.replace(/,/g, "").trim()))));
    expect(pairs.length).toBeGreaterThan(3);
    const swings = pairs.map(([a, b]) => (a > 0 && b > 0 ? Math.abs(Math.log(b / a)) : 0));
    for (let i = 1; i < swings.length; i++) expect(swings[i]).toBeLessThanOrEqual(swings[i - 1] + 1e-12);
    expect(swings[0]).toBeGreaterThan(0);
    const fit = await sens.evaluate((t) => ({
      table: t.getBoundingClientRect().right,
      main: (document.querySelector("main") as HTMLElement).getBoundingClientRect().right,
    }));
    expect(fit.table).toBeLessThanOrEqual(fit.main);
    // Shares read as percentages, never as 0.35.
    const values = await sens.locator("tbody td:nth-child(2)").allTextContents();
    expect(values.some((v) => /^\d+% \(\d+–\d+%\)/.test(v))).toBe(true);
    expect(values.filter((v) => /share/.test(v))).toEqual([]);
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
    // Every unit in the plan is drawn (all lie inside the view fitted to the zone). The source's new data is
    // parsed in MapLibre's worker after the table renders, so wait for it to arrive.
    const planUnitIds = () =>
      page.evaluate(() =>
        (window.__truce?.map?.querySourceFeatures("plan-units") ?? []).map((f) => String(f.properties?.id)),
      );
    await expect.poll(async () => new Set(await planUnitIds()).size, { timeout: 30_000 }).toBeGreaterThan(3);
    const unitIds = await planUnitIds();
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

  it("runs the simulation's sensitivity with progress and cancel, and draws the tornado with its bars and legend", async () => {
    // The Plan view as the test before left it (GCSP, the parties' vetoes lifted).
    const panel = page.locator("section", { has: page.locator("#sim-sens-h") });
    await panel.scrollIntoViewIfNeeded();
    // A long run (11 × 2,000 replications) is cancelled once its first progress event names the run.
    await page.getByTestId("sim-replications").fill("2000");
    await page.getByTestId("sim-days").fill("30");
    await page.getByTestId("sim-sens-run").click();
    await panel
      .locator(".progress")
      .getByText(/^Sensitivity: .*\(1 of 11\):/)
      .waitFor({ timeout: 120_000 });
    await page.getByTestId("sim-sens-cancel").click();
    await page.getByTestId("sim-sens-message").getByText("Cancelled.").waitFor({ timeout: 60_000 });
    // A small one for 10,000 troops runs to the end.
    await page.getByTestId("sim-replications").fill("2");
    await page.getByTestId("sim-days").fill("2");
    await page.getByTestId("sim-sens-troops").fill("10000");
    await page.getByTestId("sim-sens-run").click();
    const chart = page.getByTestId("sim-sens-chart");
    await chart.waitFor({ timeout: 180_000 });
    const result = (await page.getByTestId("sim-sens-result").textContent()) ?? "";
    expect(result).toContain("11 simulations of 2 replications × 2 days with 10,000 troops");
    expect(result).toContain("the parties' vetoes lifted");
    expect(await page.getByTestId("sim-sens-top").textContent()).toMatch(/^Ranked by deaths, all: .+ moves it most/);
    // Five assumptions, each with a low and a high bar, labelled with how far it moved; a legend for both ends and the line.
    const svg = chart.locator("svg");
    expect(await svg.locator("rect.bar.low").count()).toBe(5);
    expect(await svg.locator("rect.bar.high").count()).toBe(5);
    const text = (await svg.textContent()) ?? "";
    expect(text).toContain("Golden time (all types)");
    expect(text).toContain("low / high: × 0.5 / × 1.5");
    expect(await svg.locator("g.legend g.legend-item").allTextContents()).toEqual([
      "Low end (unfavourable to the force)",
      "High end (favourable)",
      "As stated",
    ]);
    expect(await svg.locator("title").first().textContent()).toMatch(/^Sensitivity of the simulation: deaths, all/);
    // Another KPI: the same tornado, in percent.
    await page.getByTestId("sim-sens-kpi").selectOption("metInTimeShare");
    await expect
      .poll(() => svg.locator("title").first().textContent())
      .toMatch(/^Sensitivity of the simulation: share met within golden time/);
    expect(await svg.locator("text").allTextContents()).toContainEqual(expect.stringMatching(/^\d+% \/ \d+%$/));
    await chart.getByRole("button", { name: "Show data table" }).click();
    expect(await chart.locator("table tbody tr").count()).toBe(5);
    await page.getByTestId("sim-sens-result").scrollIntoViewIfNeeded();
    await shot("plan-sensitivity");
    expect(pageErrors).toEqual([]);
  }, 300_000);

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
    // A count's interval never goes below zero, in the chart or its data table.
    await page.getByLabel("KPI").selectOption("deathsTotal");
    await expect.poll(() => sweep.locator("svg title").first().textContent()).toMatch(/^Deaths, all/);
    const tableText = (await sweep.locator("table").textContent()) ?? "";
    expect(tableText).toMatch(/\d/);
    expect(tableText).not.toMatch(/(^|[^\d\w])[-−]\d/);
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
    // One count label per cluster drawn, and none left over from other zoom levels.
    for (const zoom of [5, 7.5, 9, 6]) {
      await page.evaluate((z) => window.__truce?.map?.jumpTo({ zoom: z }), zoom);
      await page.waitForFunction(() => window.__truce?.map?.loaded() && !window.__truce?.map?.isMoving());
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const drawn = new Set(
                (window.__truce?.map?.queryRenderedFeatures({ layers: ["incident-clusters"] }) ?? []).map(
                  (f) => f.properties?.cluster_id,
                ),
              );
              const labels = [...document.querySelectorAll<HTMLElement>(".cluster-label")].map((e) =>
                Number(e.dataset.clusterId),
              );
              return labels.length === drawn.size && labels.every((id) => drawn.has(id));
            }),
          { timeout: 30_000 },
        )
        .toBe(true);
    }
    // The daily report for today counts the verified report among today's incidents.
    await page.getByTestId("daily-show").click();
    const daily = page.getByTestId("daily-report");
    await daily.waitFor({ timeout: 30_000 });
    expect(await daily.getAttribute("srcdoc")).toContain("daily report");
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  }, 180_000);

  it("exports the filtered incidents, the zone, the plan and the map, and restores a shared URL", async () => {
    /** Click a button and read the file it downloads. */
    const download = async (testId: string) => {
      const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
      const path = await d.path();
      return { name: d.suggestedFilename(), bytes: readFileSync(path) };
    };
    // Incidents, as the analyst: GeoJSON in the public tier, CSV in the internal tier, each parsed.
    const geo = await download("export-incidents-geojson");
    expect(geo.name).toBe("incidents-public.geojson");
    const fc = JSON.parse(geo.bytes.toString("utf8")) as { type: string; features: unknown[] };
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features).toHaveLength(4);
    await page.getByTestId("export-tier").selectOption("internal");
    const csv = await download("export-incidents-csv");
    const lines = csv.bytes.toString("utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^event_id_cnty,event_date/);
    expect(lines).toHaveLength(1 + 4);
    // With a status filter the export follows it: one verified incident.
    await page.getByTestId("filter-status").selectOption("verified");
    const verified = JSON.parse((await download("export-incidents-geojson")).bytes.toString("utf8")) as {
      features: unknown[];
    };
    expect(verified.features).toHaveLength(1);

    // The zone as GeoJSON and KML, the plan as JSON, the map as PNG.
    const zone = JSON.parse((await download("export-zone-geojson")).bytes.toString("utf8")) as {
      features: Array<{ properties: { layer: string } }>;
    };
    expect(zone.features.filter((f) => f.properties.layer === "sector")).toHaveLength(12);
    expect((await download("export-zone-kml")).bytes.toString("utf8")).toMatch(/<kml [^>]*>[\s\S]*<Placemark>/);
    const planJson = JSON.parse((await download("export-plan-json")).bytes.toString("utf8")) as {
      scenario: { name: string };
    };
    expect(planJson.scenario.name).toMatch(/GCSP/);
    const png = (await download("export-map-png")).bytes;
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);

    // A shared URL carries the what-ifs, layers, map view and simulation settings.
    await page.getByRole("tab", { name: "Plan" }).click();
    await page.getByTestId("sizing-recommended").waitFor({ timeout: 90_000 });
    await page.getByTestId("whatif-veto").uncheck();
    await page.getByTestId("layer-units").uncheck();
    await page.getByTestId("layer-coverage").check();
    await page.getByTestId("sim-days").fill("7");
    await page.getByTestId("sim-seed").fill("42");
    await page.evaluate(() => window.__truce?.map?.jumpTo({ center: [36.5, 47.75], zoom: 6.5 }));
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain("map=36.5000,47.7500,6.50");
    const shared = page.url();
    expect(shared).toMatch(/#\/plan\/ukraine-gcsp\?/);
    expect(shared).toContain("veto=off");
    expect(shared).toContain("days=7");
    expect(shared).toContain("seed=42");

    const other = await browser.context.newPage();
    try {
      await other.goto(shared);
      await other.getByTestId("plan-view").waitFor();
      await other.getByTestId("generation-status").waitFor({ timeout: 120_000 });
      expect(await other.getByTestId("whatif-veto").isChecked()).toBe(false);
      await expect
        .poll(() => other.getByTestId("generation-status").textContent(), { timeout: 120_000 })
        .toMatch(/^Feasible/);
      expect(await other.getByTestId("layer-units").isChecked()).toBe(false);
      expect(await other.getByTestId("layer-coverage").isChecked()).toBe(true);
      expect(await other.getByTestId("sim-days").inputValue()).toBe("7");
      expect(await other.getByTestId("sim-seed").inputValue()).toBe("42");
      await other.waitForFunction(() => window.__truce?.map?.loaded() && (window.__truce?.planLoaded ?? 0) > 0);
      const view = await other.evaluate(() => {
        const m = window.__truce?.map;
        return { lng: m?.getCenter().lng, lat: m?.getCenter().lat, zoom: m?.getZoom() };
      });
      expect(view.lng).toBeCloseTo(36.5, 3);
      expect(view.lat).toBeCloseTo(47.75, 3);
      expect(view.zoom).toBeCloseTo(6.5, 2);
      expect(
        await other.evaluate(() => window.__truce?.map?.getLayoutProperty("units", "visibility") ?? "visible"),
      ).toBe("none");
    } finally {
      await other.close();
    }
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  }, 300_000);
});
