/**
 * Plain numbers in real Chromium at 1280×720: parameters by their human labels (src/report/labels.ts),
 * the Compare view's stated ÷ recommended ratio and closest posture as `truce size` prints them, and
 * the generation table's Total and Share columns with no label cut.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARAM_LABELS } from "../../../src/report/labels.js";
import { launch } from "./chromium.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launch({ width: 1280, height: 720 });
  page = await browser.context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Text cut by its box: cells and labels whose content is wider than they show (and that do not scroll). */
function clipped(p: Page, selector: string) {
  return p.locator(selector).evaluateAll((els) =>
    els
      .filter((e) => {
        const s = getComputedStyle(e);
        const hides = s.overflowX === "hidden" || s.overflowX === "clip" || s.textOverflow === "ellipsis";
        return hides && e.scrollWidth > e.clientWidth + 1;
      })
      .map((e) => e.textContent ?? ""),
  );
}

describe("plain numbers at 1280 px", () => {
  it("labels every parameter in words and keeps the generation table's Total and Share columns", async () => {
    await page.goto(`${server.url}/#/plan/ukraine-gcsp?veto=off`);
    await page.getByTestId("sensitivity-table").waitFor({ timeout: 180_000 });
    const rowHeads = await page
      .getByTestId("sensitivity-table")
      .locator("tbody th")
      .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(rowHeads.length).toBeGreaterThan(3);
    const labels = new Set(Object.values(PARAM_LABELS));
    for (const h of rowHeads) {
      expect(h, h).not.toMatch(/\b[a-z]+[A-Z][a-zA-Z]*\b/);
      expect(
        [...labels].some((l) => h.startsWith(l)),
        h,
      ).toBe(true);
    }
    await page.getByTestId("generation-table").waitFor({ timeout: 180_000 });
    const heads = await page
      .getByTestId("generation-table")
      .locator("thead th")
      .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(heads).toEqual(expect.arrayContaining(["Total", "Share"]));
    // Either the table fits, or it scrolls with its row headers held in place.
    const fit = await page.getByTestId("generation-table").evaluate((t) => {
      const box = t.parentElement as HTMLElement;
      const first = t.querySelector("tbody th") as HTMLElement;
      return {
        fits: box.scrollWidth <= box.clientWidth + 1,
        scrolls: getComputedStyle(box).overflowX === "auto",
        sticky: getComputedStyle(first).position === "sticky",
      };
    });
    expect(fit.fits || (fit.scrolls && fit.sticky)).toBe(true);
    expect(await clipped(page, "main th, main td, main summary, main label, main dt, main dd")).toEqual([]);
    expect(await page.locator("main").evaluate((m) => /…/.test(m.textContent ?? ""))).toBe(false);
  }, 300_000);

  it("states each proposal against its recommendation and names the closest posture, as the CLI does", async () => {
    await page.goto(`${server.url}/#/compare/ukraine-uk-france`);
    await page.getByTestId("compare-stated").waitFor({ timeout: 180_000 });
    await page.getByTestId("compare-stated").locator("li").first().waitFor({ timeout: 180_000 });
    const lines = await page
      .getByTestId("compare-stated")
      .locator("li")
      .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    const ukFrance = lines.find((l) => /UK|France/.test(l));
    expect(ukFrance).toMatch(
      /[\d,]+ troops stated, \d+\.\d\d× the recommendation; closest: [a-z]+, [a-zA-Z]+, [\d,]+ \(\d+\.\d\d×\)/,
    );
    const ratio = Number(/(\d+\.\d\d)× the recommendation/.exec(ukFrance ?? "")?.[1]);
    expect(ratio).toBeGreaterThan(0);
    expect(await page.getByTestId("compare-table").locator("thead th").last().textContent()).toBe("Stated ÷ sized");
    expect(await clipped(page, "main th, main td, main li")).toEqual([]);
  }, 300_000);
});
