/**
 * Print HTML to PDF with headless Chromium (the system's, e.g. Debian's
 * `chromium`; never a downloaded browser) through playwright-core.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TruceInputError } from "../errors/index.js";

export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Flags that work in containers and offline: no sandbox, no GPU, no background network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The Chromium to use: $TRUCE_CHROMIUM, else the first system install found. */
export function findChromium(): string {
  const env = process.env.TRUCE_CHROMIUM;
  const list = env ? [env, ...CHROMIUM_CANDIDATES] : CHROMIUM_CANDIDATES;
  const found = list.find((p) => existsSync(p));
  if (!found) {
    throw new TruceInputError({
      path: "--pdf",
      problem: `no Chromium found (looked for ${list.join(", ")}).`,
      fix: "Install one (Debian: apt-get install chromium) or set TRUCE_CHROMIUM to its path; or leave out --pdf.",
    });
  }
  return found;
}

/** Render `html` to PDF bytes (A4, backgrounds printed). Any request the page makes is blocked. */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "truce-pdf-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await context.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "14mm", bottom: "14mm", left: "12mm", right: "12mm" },
    });
    return new Uint8Array(pdf);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
