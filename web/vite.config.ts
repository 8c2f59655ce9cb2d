import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The planner is served by `truce serve` from web/dist; `npx vite web` proxies the API to a local server.
const CORE = fileURLToPath(new URL("../src/", import.meta.url));
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
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
