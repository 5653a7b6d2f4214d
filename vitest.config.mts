import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// SWC instead of esbuild: TypeORM and type-graphql need decorator metadata, which esbuild does not emit.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        target: "es2022",
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    alias: [
      { find: /^@assess\/([a-z-]+)$/, replacement: fileURLToPath(new URL("./libs/$1/src/index.ts", import.meta.url)) },
      // One graphql instance: the CommonJS one that type-graphql and Apollo load (graphql's dual-package hazard).
      { find: /^graphql$/, replacement: require.resolve("graphql") },
    ],
  },
  test: {
    include: ["libs/*/src/**/*.spec.ts", "apps/*/src/**/*.spec.ts", "tests/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
