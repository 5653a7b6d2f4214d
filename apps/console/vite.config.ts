import react from "@vitejs/plugin-react";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";
import { inlineDocuments } from "./graphql-documents.ts";

/** Writes a .gz beside each script and stylesheet, which the API serves to browsers that take gzip. */
const precompress = (): Plugin => ({
  name: "precompress",
  apply: "build",
  writeBundle(options) {
    const dir = join(options.dir!, "assets");
    for (const f of readdirSync(dir).filter((f) => /\.(js|css)$/.test(f)))
      writeFileSync(join(dir, `${f}.gz`), gzipSync(readFileSync(join(dir, f)), { level: 9 }));
  },
});

// `npm run dev:console` proxies the API's routes to a running API (API_URL, default http://127.0.0.1:4000).
const api = process.env.API_URL ?? "http://127.0.0.1:4000";

/**
 * graphql(`query X { … }`) is typed by the generated src/gql/ at compile time; in the bundle it becomes the query's
 * text, which urql parses once and caches. Each page then carries its own few hundred bytes of queries instead of the
 * generated map of every document's syntax tree (60 KB gzipped, loaded by every page, the sign-in page too).
 */
const graphqlDocuments = (): Plugin => ({
  name: "graphql-documents",
  enforce: "pre",
  transform(code, id) {
    if (!/\/src\/(?!gql\/).*\.tsx?$/.test(id) || !code.includes("graphql(`")) return null;
    return { code: inlineDocuments(code), map: null };
  },
});

export default defineConfig({
  plugins: [graphqlDocuments(), react(), precompress()],
  resolve: {
    // The scoring rules are the domain library's own source: the sheet scores in the browser as the API does.
    alias: { "@assess/domain": fileURLToPath(new URL("../../libs/domain/src/index.ts", import.meta.url)) },
  },
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5173),
    proxy: Object.fromEntries(
      ["/graphql", "/evidence", "/exports", "/healthz"].map((p) => [p, { target: api, changeOrigin: true }]),
    ),
  },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1200, sourcemap: false },
});
