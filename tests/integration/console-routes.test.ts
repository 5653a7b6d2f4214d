import express from "express";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleRouter } from "../../apps/api/src/console/console.routes";

/** The API's serving of the built console, on a console build of the test's own. */
describe("the console on the API's port", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "console-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>控制台</title>");
    writeFileSync(join(dir, "favicon.svg"), "<svg/>");
    const script = "console.log('app');".repeat(50);
    writeFileSync(join(dir, "assets", "app-abc123.js"), script);
    writeFileSync(join(dir, "assets", "app-abc123.js.gz"), gzipSync(script));
    const app = express();
    app.use(consoleRouter(dir)!);
    server = await new Promise((r) => {
      const s = app.listen(0, "127.0.0.1", () => r(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const page = (path: string, accept = "text/html,application/xhtml+xml,*/*;q=0.8") =>
    fetch(`${base}${path}`, { headers: { accept } });

  it("answers every page route, deep links too, with the app, never cached, under a content security policy", async () => {
    for (const path of ["/", "/tasks/42", "/problems?status=OPEN", "/rubrics/2024-convenience-station"]) {
      const res = await page(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain("控制台");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("leaves the API's paths, files and clients that do not ask for a page alone", async () => {
    for (const path of ["/graphql", "/evidence/1", "/exports/evaluation/1.xlsx", "/healthz", "/missing.png"])
      expect((await page(path)).status, path).toBe(404);
    expect((await page("/tasks/42", "*/*")).status).toBe(404);
    expect((await page("/tasks/42", "application/json")).status).toBe(404);
    expect((await page("/favicon.svg", "*/*")).status).toBe(200);
  });

  it("serves hashed assets pre-compressed to browsers that take gzip, cached for a year; never a file outside them", async () => {
    const gz = await fetch(`${base}/assets/app-abc123.js`, { headers: { "accept-encoding": "gzip" } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("content-type")).toMatch(/javascript/);
    expect(gz.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable/);
    expect(await gz.text()).toContain("console.log('app')");

    const plain = await fetch(`${base}/assets/app-abc123.js`, { headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toContain("console.log('app')");

    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    for (const path of [
      "/assets/..%2findex.html",
      "/assets/..%2f..%2fpackage.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
    ]) {
      const res = await fetch(`${base}${path}`);
      expect([403, 404], path).toContain(res.status);
      expect(await res.text(), path).not.toContain("控制台");
    }
  });
});
