/** Screenshots: every one to artifacts/browser/, the README's also to docs/screenshots/. */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export async function saveShot(page: Page, name: string, readme = false): Promise<void> {
  const dir = join(ROOT, "artifacts", "browser");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  if (readme) {
    mkdirSync(join(ROOT, "docs", "screenshots"), { recursive: true });
    copyFileSync(path, join(ROOT, "docs", "screenshots", `${name}.png`));
  }
}
