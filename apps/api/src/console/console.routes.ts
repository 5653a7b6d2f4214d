import express, { Router, type Request, type Response, type NextFunction } from "express";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where `npm run build` puts the console (apps/console/dist), seen from apps/api/dist or apps/api/src. */
export const CONSOLE_DIR = join(__dirname, "..", "..", "..", "console", "dist");

/** Paths the API answers itself; everything else that is a page falls back to the console's index.html. */
const API_PATHS = /^\/(graphql|evidence|exports|healthz)(\/|$)/;

/**
 * The built console on the API's port: hashed assets cached for a year (served pre-compressed when the browser
 * takes gzip), and index.html, never cached, for `/` and every deep link (`/tasks/42`), so that routes work on reload.
 */
export function consoleRouter(dir = CONSOLE_DIR): Router | null {
  if (!existsSync(join(dir, "index.html"))) return null;
  const router = Router();
  router.use("/assets", (req: Request, res: Response, next: NextFunction) => {
    if (/\.(js|css)$/.test(req.path) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && existsSync(join(dir, "assets", `${req.path}.gz`))) {
      res.set({ "content-encoding": "gzip", vary: "Accept-Encoding" });
      res.type(req.path.endsWith(".js") ? "text/javascript" : "text/css");
      req.url = `${req.url.split("?")[0]}.gz`;
    }
    next();
  });
  router.use("/assets", express.static(join(dir, "assets"), { immutable: true, maxAge: "1y", index: false, fallthrough: false }));
  router.use(express.static(dir, { index: false, maxAge: "1h" }));
  router.get(/.*/, (req, res, next) => {
    if (API_PATHS.test(req.path) || !req.accepts("html")) return next();
    res.set("cache-control", "no-cache").sendFile(join(dir, "index.html"));
  });
  return router;
}
