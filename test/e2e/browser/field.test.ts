/**
 * The field workflow on a phone (390×844) in Debian's Chromium against the real server: a bad token
 * is refused in words, the buttons follow the token's role, a violation with counts and casualties is
 * reported into the selected scenario's zone and found in that zone's daily report, the details panel
 * follows a verification, and no view scrolls sideways.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../../src/server/auth.js";
import { launch } from "./chromium.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
let viewer: string;
const pageErrors: string[] = [];

const PHONE = { width: 390, height: 844 };

/** Widest thing on the page, against the viewport: > 0 means the page scrolls sideways. */
const sidewaysOverflow = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function useToken(token: string): Promise<void> {
  await page.getByTestId("token-input").fill(token);
  await page.getByTestId("token-save").click();
}

beforeAll(async () => {
  server = await startServer();
  viewer = (await issueToken(server.app.store, "field-viewer", "viewer")).token;
  browser = await launch(PHONE);
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the field workflow on a 390×844 phone", () => {
  it("says a bad token is rejected, and shows each role only the moves it may make", async () => {
    await page.goto(`${server.url}/#/incidents/ukraine-gcsp`);
    await page.getByTestId("incident-view").waitFor();
    // The header fits the phone's width.
    const header = await page.locator("header.top").evaluate((h) => ({ scroll: h.scrollWidth, width: h.clientWidth }));
    expect(header.scroll).toBeLessThanOrEqual(header.width);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    await useToken("truce_not-a-real-token");
    await expect.poll(() => page.getByTestId("live-status").textContent()).toBe("Live feed: token rejected");
    expect(await page.getByTestId("incident-error").textContent()).toMatch(/rejected.*unknown or revoked token/);
    expect(await page.getByTestId("report-form").count()).toBe(0);

    // A viewer reads but has no form and no buttons.
    await useToken(viewer);
    await expect.poll(() => page.getByTestId("token-role").textContent()).toBe("Role: viewer");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=live-status]")?.textContent?.endsWith(": live"),
    );
    expect(await page.getByTestId("report-form").count()).toBe(0);
    // The sector filter offers every sector of the selected scenario's zone, with no incidents yet.
    expect(await page.getByTestId("filter-sector").locator("option").count()).toBe(12 + 1);

    await useToken(server.tokens.reporter);
    await expect.poll(() => page.getByTestId("token-role").textContent()).toBe("Role: reporter");
    await page.getByTestId("report-form").waitFor();
  }, 120_000);

  it("reports a violation into the selected scenario's zone and finds it in that zone's daily report", async () => {
    const zone = (await (await fetch(`${server.url}/api/plan/scenarios/ukraine-gcsp/zone`)).json()) as {
      features: Array<{ properties: { layer: string }; geometry: { coordinates: number[][][] } }>;
    };
    const line = zone.features.find((f) => f.properties.layer === "line")?.geometry.coordinates[0] ?? [];
    const at = line[Math.floor(line.length / 3)] as [number, number];
    // Form first: the report form starts above the map on a phone.
    const formTop = await page.getByTestId("report-form").evaluate((e) => e.getBoundingClientRect().top);
    const mapTop = await page.locator(".map-pane").evaluate((e) => e.getBoundingClientRect().top);
    expect(formTop).toBeLessThan(mapTop);
    expect(await page.getByTestId("report-zone").textContent()).toContain("GCSP");

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId("report-type").selectOption("Explosions/Remote violence");
    await page.getByTestId("report-subtype").selectOption("Shelling/artillery/missile attack");
    await page.getByTestId("report-lon").fill(String(at[0]));
    await page.getByTestId("report-lat").fill(String(at[1]));
    await page.getByTestId("report-when").fill(`${yesterday}T12:00`);
    expect(await page.getByTestId("report-dtg").textContent()).toMatch(/^DTG \d{2}1200Z[A-Z]{3}\d{2}$/);
    await page.getByTestId("report-violation-kind").selectOption("fire");
    await page.getByTestId("report-weapon").selectOption("artillery_ge100mm");
    await page.getByTestId("report-explosions").fill("12");
    await page.getByTestId("report-bursts").fill("30");
    await page.getByTestId("casualty-add").click();
    await page.getByTestId("casualty-0").getByLabel("Group").selectOption("civilian");
    await page.getByTestId("casualty-0").getByLabel("Outcome").selectOption("injured");
    await page.getByTestId("casualty-0-best").fill("2");
    await page.getByTestId("casualty-0-low").fill("1");
    await page.getByTestId("casualty-0-high").fill("4");
    await page.getByTestId("report-description").fill("Twelve explosions, artillery, from the east (phone test)");
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId("report-submit").click();
    await page.getByTestId("report-done").waitFor({ timeout: 30_000 });

    // Stored as reported: in the GCSP zone, with its counts and casualties.
    const list = (await (
      await fetch(`${server.url}/api/incidents`, { headers: { authorization: `Bearer ${server.tokens.analyst}` } })
    ).json()) as {
      items: Array<{
        derived: { zoneId: string; sectorId: string };
        violation?: { kind: string; weaponClass: string; explosions: number; bursts: number };
        casualties: Array<{ group: string; outcome: string; best: number; low: number; high: number }>;
        occurredAt: string;
      }>;
    };
    expect(list.items).toHaveLength(1);
    const inc = list.items[0];
    expect(inc.derived.zoneId).toBe("ukraine-gcsp");
    expect(inc.derived.sectorId).toMatch(/^S\d+/);
    expect(inc.violation).toEqual({ kind: "fire", weaponClass: "artillery_ge100mm", explosions: 12, bursts: 30 });
    expect(inc.casualties).toEqual([{ group: "civilian", outcome: "injured", best: 2, low: 1, high: 4 }]);
    expect(inc.occurredAt).toBe(`${yesterday}T12:00:00.000Z`);

    // The reporter's queue offers Corroborate, never Disprove or Verify.
    const row = page.locator("[data-testid^=queue-]").first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator("[data-testid^=to-corroborated-]").count()).toBe(1);
    expect(await row.locator("[data-testid^=to-disproved-], [data-testid^=to-verified-]").count()).toBe(0);

    // The selected scenario's daily report counts it under the GCSP zone and its sector.
    await page.getByTestId("daily-date").fill(yesterday);
    await page.getByTestId("daily-show").click();
    const daily = page.getByTestId("daily-report");
    await daily.waitFor({ timeout: 30_000 });
    const html = (await daily.getAttribute("srcdoc")) ?? "";
    expect(html).toContain("with 12 explosions");
    expect(html).toContain("30 bursts and shots");
    expect(html).toContain("ukraine-gcsp");
    expect(html).toContain(inc.derived.sectorId);
    expect(html).not.toContain("ukraine-200k");
  }, 120_000);

  it("keeps the details panel in step after a verification, folds the map, and never scrolls sideways", async () => {
    const items = (
      (await (
        await fetch(`${server.url}/api/incidents`, { headers: { authorization: `Bearer ${server.tokens.analyst}` } })
      ).json()) as { items: Array<{ id: string; lon: number; lat: number }> }
    ).items;
    const { id, lon, lat } = items[0];
    await page.getByTestId(`incident-row-${id}`).click();
    await page.locator(".map").scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => window.__truce?.map?.loaded() && !window.__truce?.map?.isMoving() && window.__truce?.styleReady,
    );
    await expect
      .poll(() =>
        page.evaluate(
          (iid) =>
            (window.__truce?.map?.queryRenderedFeatures({ layers: ["incidents-unverified"] }) ?? []).filter(
              (f) => f.properties?.id === iid,
            ).length,
          id,
        ),
      )
      .toBe(1);
    // Tap the incident on the map: its details say it is unverified.
    const pt = await page.evaluate(
      (ll) => {
        const m = window.__truce?.map;
        if (!m) throw new Error("no map");
        const p = m.project(ll);
        const r = m.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      },
      [lon, lat] as [number, number],
    );
    const mapHeight = () => page.locator(".map").evaluate((e) => e.getBoundingClientRect().height);
    const heightBefore = await mapHeight();
    await page.mouse.click(pt.x, pt.y);
    const details = page.getByTestId("details");
    await details.waitFor();
    // The details card floats over the map: the map keeps its size, so nothing under the finger jumps.
    expect(await mapHeight()).toBe(heightBefore);
    expect(await page.getByTestId("detail-status").textContent()).toBe("reported");

    // The analyst corroborates and verifies it; the open details follow.
    await useToken(server.tokens.analyst);
    await expect.poll(() => page.getByTestId("token-role").textContent()).toBe("Role: analyst");
    await page.getByTestId(`to-corroborated-${id}`).click();
    await page.getByTestId(`to-verified-${id}`).click({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId("detail-status").textContent(), { timeout: 30_000 }).toBe("verified");
    expect(await page.getByTestId("detail-name").textContent()).toMatch(/\(Verified\)$/);

    // The per-sector trend counts it on its day, in its sector.
    const trends = page.getByTestId("sector-trends");
    await trends.waitFor();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await expect
      .poll(() => trends.locator("table tbody tr").allTextContents())
      .toEqual([expect.stringMatching(new RegExp(`^ukraine-gcsp S\\d+${yesterday}1`))]);

    // The map folds away and comes back.
    await page.getByTestId("map-toggle").click();
    expect(await page.locator("#map-body").isVisible()).toBe(false);
    await page.getByTestId("map-toggle").click();
    expect(await page.locator("#map-body").isVisible()).toBe(true);

    // Every view fits the phone's width.
    for (const view of ["scenario", "plan", "compare", "incidents"]) {
      await page.goto(`${server.url}/#/${view}/ukraine-gcsp`);
      await page.locator(`#tab-${view}[aria-selected=true]`).waitFor();
      if (view === "plan") await page.getByTestId("sizing-recommended").waitFor({ timeout: 120_000 });
      if (view === "scenario") await page.getByTestId("scenario-summary").waitFor({ timeout: 120_000 });
      expect(await sidewaysOverflow(page), view).toBeLessThanOrEqual(0);
    }
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it("follows the system's dark theme with readable contrast", async () => {
    /** WCAG contrast of an element's text against the nearest opaque background behind it. */
    const contrast = (selector: string) =>
      page.evaluate((sel) => {
        const el = document.querySelector(sel);
        if (!el) throw new Error(`no ${sel}`);
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = (c: number[]) => {
          const [r, g, b] = c.slice(0, 3).map((v) => {
            const x = v / 255;
            return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        let bgEl: Element | null = el;
        let bg = "rgba(0, 0, 0, 0)";
        while (bgEl) {
          bg = getComputedStyle(bgEl).backgroundColor;
          if (rgb(bg).length === 3 || rgb(bg)[3] === 1) break;
          bgEl = bgEl.parentElement;
        }
        const a = lum(rgb(getComputedStyle(el).color));
        const b = lum(rgb(bg));
        return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), background: b };
      }, selector);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await contrast("main h2");
    expect(light.background).toBeGreaterThan(0.8);
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await contrast("main h2");
    expect(dark.background).toBeLessThan(0.05);
    for (const sel of ["main h2", "main label", "[data-testid=report-submit]", "table.data th", ".live"]) {
      expect((await contrast(sel)).ratio, sel).toBeGreaterThanOrEqual(4.5);
    }
    await page.emulateMedia({ colorScheme: "light" });
  }, 60_000);
});
