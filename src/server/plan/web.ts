/**
 * Serves the built planner (web/dist) at `/`. Hash routing in the app means only
 * real files are served; when the app has not been built, `/` says how to build it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";
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
    cacheControl: true,
    maxAge: 0,
    setHeaders: (res, path) => {
      // Vite names assets by content hash: cache them for good; index.html must stay fresh.
      if (path.includes(`${join("dist", "assets")}`))
        res.setHeader("cache-control", "public, max-age=31536000, immutable");
      else res.setHeader("cache-control", "no-cache");
    },
  });
};
