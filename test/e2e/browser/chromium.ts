/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. WebGL
 * comes from SwiftShader (software), so the map renders on machines without a GPU.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { CHROMIUM_ARGS as BASE_ARGS, findChromium } from "../../../src/report/pdf.js";

/** The system Chromium (the report's finder: $TRUCE_CHROMIUM, then Debian's paths). */
export const chromiumPath = findChromium;

/** The report's flags plus software WebGL for the map. */
export const CHROMIUM_ARGS = [
  ...BASE_ARGS,
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--ignore-gpu-blocklist",
];

/** A fresh persistent context in a throwaway profile; `close()` removes the profile. */
export async function launch(
  viewport = { width: 1400, height: 900 },
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), "truce-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
