import express, { Router, type NextFunction, type Request, type Response } from "express";
import { existsSync, readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { CSP } from "../common/security-headers";

/** Where `npm run build` puts the console (apps/console/dist), seen from apps/api/dist or apps/api/src. */
export const CONSOLE_DIR = join(__dirname, "..", "..", "..", "console", "dist");

/** Paths the API answers itself: never the console's page, whatever the request accepts. */
const API_PATHS = /^\/(graphql|evidence|exports|healthz)(\/|$)/;

/** The console's page: the policy of every response (common/security-headers.ts), said again should a proxy drop it. */
const PAGE_HEADERS = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/**
 * The built console on the API's port: hashed assets cached for a year (served pre-compressed to browsers that take
 * gzip), and index.html, never cached, for `/` and every page route (`/tasks/42`), so that deep links survive a reload.
 * Only requests for a page get it: an API path, a file name or a client that does not prefer HTML gets a 404.
 */
export function consoleRouter(dir = CONSOLE_DIR): Router | null {
  const index = join(dir, "index.html");
  if (!existsSync(index)) return null;
  const assets = join(dir, "assets");
  const gzipped = new Set(existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith(".gz")) : []);
  const router = Router();
  router.use("/assets", (req: Request, res: Response, next: NextFunction) => {
    const file = req.path.slice(1);
    if (gzipped.has(`${file}.gz`) && req.acceptsEncodings("gzip", "identity") === "gzip") {
      res.set({ "content-encoding": "gzip", vary: "Accept-Encoding" });
      res.type(extname(file));
      req.url = `/${file}.gz`;
    }
    next();
  });
  router.use("/assets", express.static(assets, { immutable: true, maxAge: "1y", index: false, fallthrough: false }));
  router.get(/.*/, (req, res, next) => {
    const page =
      req.path === "/index.html" ||
      (!API_PATHS.test(req.path) && !extname(req.path) && req.accepts(["json", "html"]) === "html");
    if (page) return void res.set({ ...PAGE_HEADERS, "cache-control": "no-cache" }).sendFile(index);
    next();
  });
  router.use(express.static(dir, { index: false, maxAge: "1d" }));
  return router;
}
