/**
 * Serves the built planner (web/dist) at `/`. Hash routing in the app means only
 * real files are served; when the app has not been built, `/` says how to build it.
 * `compressPlugin` compresses every route registered after it (brotli or gzip).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:zlib";
import fastifyCompress from "@fastify/compress";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";
import type { PluginEntry } from "../app.js";
import { webDistDir } from "./paths.js";

export const webPlugin: FastifyPluginAsync<{ root?: string }> = async (app, opts) => {
  const root = opts.root ?? webDistDir();
  if (!existsSync(join(root, "index.html"))) {
    app.get("/", async (_req, reply) =>
      reply
        .type("text/plain; charset=utf-8")
        .code(503)
        .send("The planner has not been built. Run `npm run build` (npm start does it for you).\n"),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: ["index.html"],
    // Cache headers are set here alone: @fastify/static's own would overwrite the ones set below.
    cacheControl: false,
    // The build writes .br and .gz next to each asset (best compression, once); others compress per request.
    preCompressed: true,
    setHeaders: (res, path) => {
      // Vite names assets by content hash: cache them for good; index.html must stay fresh.
      if (path.includes(`${join("dist", "assets")}`))
        res.setHeader("cache-control", "public, max-age=31536000, immutable");
      else res.setHeader("cache-control", "no-cache");
    },
  });
};

/**
 * Response compression (issue 17: the bundle and the plan JSON were sent uncompressed). Register it
 * before the routes it should cover: @fastify/compress hooks routes as they are added, on the root
 * instance (it is not encapsulated). Hijacked replies (Server-Sent Events) are never buffered by it.
 */
export const compressPlugin: PluginEntry = {
  // A callback-style plugin: the entry type names the async kind, which registers the same way.
  plugin: fastifyCompress as unknown as FastifyPluginAsync,
  // Brotli at quality 4 costs about what gzip does and saves a fifth more; small bodies are not worth it.
  options: {
    global: true,
    threshold: 1024,
    encodings: ["br", "gzip"],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  },
};
