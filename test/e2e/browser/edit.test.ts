/**
 * Editing the line of contact on the map in real Chromium against the real server: draw a line
 * with terra-draw and get a zone, widen a side, move and delete vertices, import a KML file and
 * drop a GeoJSON file on the map, and save YAML that the CLI's parser accepts.
 */
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/scenario/parse.js";
import { launch } from "./chromium.js";
import { startServer, type TestServer } from "./server.js";
import { saveShot } from "./shots.js";

let server: TestServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // Editing uploads the edited line and plans it: that needs a planner token (issue 18), kept where the app keeps it.
  await page.addInitScript((token) => localStorage.setItem("truce.token", token), server.tokens.planner);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Page pixel of a map coordinate. */
async function pixel(lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.__truce?.map;
    if (!map) throw new Error("no map");
    const p = map.project(ll);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
}

/** The edit summary once a re-plan for the current edit has landed. */
async function summary(
  previous?: string,
): Promise<{ text: string; areaKm2: number; lengthKm: number; vertices: number }> {
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector("[data-testid=edit-summary]");
      const busy = document.querySelector("[data-testid=edit-result]")?.textContent?.includes("Re-planning");
      return el && !busy && el.textContent !== prev;
    },
    previous,
    { timeout: 60_000 },
  );
  const text = (await page.getByTestId("edit-summary").textContent()) ?? "";
  const num = (re: RegExp) => Number((re.exec(text)?.[1] ?? "NaN").replace(/,/g, ""));
  return {
    text: await page
      .getByTestId("edit-summary")
      .textContent()
      .then((t) => t ?? ""),
    lengthKm: num(/([\d,.]+) km, \d+ vertices/),
    vertices: num(/km, (\d+) vertices/),
    areaKm2: num(/([\d,.]+) km²/),
  };
}

describe("editing the line on the map", () => {
  it("draws a line and gets a zone, re-plans on width and vertex edits, imports files, saves valid YAML", async () => {
    await page.goto(`${server.url}/#/scenario/kosovo-2025`);
    await page.getByTestId("scenario-summary").waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => (window.__truce?.planLoaded ?? 0) > 0 && window.__truce?.map?.loaded(), null, {
      timeout: 60_000,
    });
    await page.getByTestId("edit-start").click();
    await page.waitForFunction(() => window.__truce?.editing === true, null, { timeout: 30_000 });
    // The bundled line is loaded for editing and planned as an upload.
    const bundled = await summary();
    expect(bundled.vertices).toBeGreaterThan(5);

    // Draw a new three-point line: click, click, click, then the last point again to finish.
    await page.getByTestId("edit-draw-new").click();
    const pts: Array<[number, number]> = [
      [20.6, 42.5],
      [20.9, 42.6],
      [21.2, 42.55],
    ];
    for (const ll of pts) {
      const p = await pixel(ll);
      await page.mouse.click(p.x, p.y);
    }
    const last = await pixel(pts[2]);
    await page.mouse.click(last.x, last.y);
    const drawn = await summary(bundled.text);
    expect(drawn.vertices).toBe(3);
    // ~26 km + ~25 km of line; Kosovo's sides are 5 + 0 km, so the zone is about 5 km × 51 km.
    expect(drawn.lengthKm).toBeGreaterThan(45);
    expect(drawn.lengthKm).toBeLessThan(58);
    expect(drawn.areaKm2).toBeGreaterThan(0.7 * 5 * drawn.lengthKm);
    expect(drawn.areaKm2).toBeLessThan(1.3 * 5 * drawn.lengthKm);
    // The zone on the map is the drawn line's.
    const zoneOnMap = await page.evaluate(
      () => window.__truce?.map?.queryRenderedFeatures({ layers: ["zone-fill"] }).length,
    );
    expect(zoneOnMap).toBeGreaterThan(0);

    // Widen the right side to 5 km: the area about doubles.
    await page.getByTestId("edit-right").fill("5");
    const wider = await summary(drawn.text);
    expect(wider.areaKm2 / drawn.areaKm2).toBeGreaterThan(1.7);
    expect(wider.areaKm2 / drawn.areaKm2).toBeLessThan(2.3);

    // Drag the end vertex 0.3° east: the line gets longer.
    const end = await pixel(pts[2]);
    const to = await pixel([21.5, 42.55]);
    await page.mouse.move(end.x, end.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(end.x + ((to.x - end.x) * i) / 10, end.y + ((to.y - end.y) * i) / 10);
    await page.mouse.up();
    const moved = await summary(wider.text);
    expect(moved.vertices).toBe(3);
    expect(moved.lengthKm - wider.lengthKm).toBeGreaterThan(18);

    // Right-click the middle vertex: deleted, two vertices left.
    const mid = await pixel(pts[1]);
    await page.mouse.click(mid.x, mid.y, { button: "right" });
    const deleted = await summary(moved.text);
    expect(deleted.vertices).toBe(2);

    // Import a KML line through the file input.
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><LineString><coordinates>20.5,42.3 20.8,42.4 21.0,42.5 21.3,42.45</coordinates></LineString></Placemark></kml>`;
    await page.getByTestId("edit-import").setInputFiles({
      name: "line.kml",
      mimeType: "application/vnd.google-earth.kml+xml",
      buffer: Buffer.from(kml),
    });
    const imported = await summary(deleted.text);
    expect(imported.vertices).toBe(4);

    // Drop a GeoJSON file on the map.
    const geojson = JSON.stringify({
      type: "Feature",
      properties: {},
      geometry: {
        type: "LineString",
        coordinates: [
          [20.7, 42.7],
          [21.0, 42.75],
          [21.2, 42.9],
          [21.4, 42.95],
          [21.5, 43.0],
        ],
      },
    });
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "dropped.geojson", { type: "application/geo+json" }));
      const target = document.querySelector("section.map");
      if (!target) throw new Error("no map");
      target.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, geojson);
    const dropped = await summary(imported.text);
    expect(dropped.vertices).toBe(5);
    await page.getByTestId("edit-mode-select").click();
    await page.waitForFunction(() => window.__truce?.map?.loaded() && !window.__truce?.map?.isMoving());
    await saveShot(page, "edit-line", true);
    // A file with no line says so.
    await page.getByTestId("edit-import").setInputFiles({
      name: "points.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(JSON.stringify({ type: "Point", coordinates: [21, 42.5] })),
    });
    expect(await page.getByTestId("edit-import-error").textContent()).toMatch(/points\.geojson: no line found/);

    // Save as YAML: the CLI's parser accepts it, with the dropped line and the widths set here.
    const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId("edit-save").click()]);
    expect(d.suggestedFilename()).toBe("kosovo-2025-edited.yaml");
    const yaml = readFileSync(await d.path(), "utf8");
    const scenario = parseScenario("kosovo-2025-edited.yaml", yaml);
    expect(scenario.contactLine).toEqual({
      type: "LineString",
      coordinates: [
        [20.7, 42.7],
        [21.0, 42.75],
        [21.2, 42.9],
        [21.4, 42.95],
        [21.5, 43.0],
      ],
    });
    expect(scenario.zone.sides).toEqual({ left: 5, right: 5 });
    expect(scenario.name).toMatch(/\(edited\)$/);

    // Open the edit as a scenario: the full plan for the edited line.
    await page.getByTestId("edit-open").click();
    await page.getByTestId("plan-view").waitFor();
    await page.getByTestId("sizing-recommended").waitFor({ timeout: 90_000 });
    expect(page.url()).toMatch(/#\/plan\/upload-/);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it("uploads a copy of a bundled scenario that names the bundled line and contributors", async () => {
    await page.goto(`${server.url}/#/scenario`);
    await page.getByTestId("upload-input").setInputFiles({
      name: "my-kfor.yaml",
      mimeType: "application/yaml",
      buffer: readFileSync("data/scenarios/kosovo-1999.yaml"),
    });
    await page.getByTestId("scenario-summary").waitFor({ timeout: 90_000 });
    expect(page.url()).toMatch(/#\/scenario\/upload-/);
    expect(await page.getByTestId("upload-error").count()).toBe(0);
    expect(await page.getByTestId("scenario-summary").textContent()).toMatch(/Line of contact\s*[\d,.]+ km/);
  }, 180_000);
});
