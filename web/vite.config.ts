import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Write name.br and name.gz beside each built asset, compressed once at the best level; the server
 * (src/server/plan/web.ts, preCompressed) sends them to browsers that accept them.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "truce-precompress",
    apply: "build",
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const dir = join(outDir, "assets");
      if (!existsSync(dir)) return;
      for (const f of readdirSync(dir)) {
        const path = join(dir, f);
        if (!/\.(js|css|svg|json)$/.test(f) || statSync(path).size < 1024) continue;
        const body = readFileSync(path);
        writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The planner is served by `truce serve` from web/dist; `npx vite web` proxies the API to a local server.
const CORE = fileURLToPath(new URL("../src/", import.meta.url));
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react(), precompress()],
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 3000,
    reportCompressedSize: false,
    rollupOptions: {
      // The core (../src) is pure by design: importing a module for one table or function must not
      // pull in what it merely imports for its other exports (zod schemas, geodesics, the simulator).
      treeshake: { moduleSideEffects: (id: string) => !id.startsWith(CORE) },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
