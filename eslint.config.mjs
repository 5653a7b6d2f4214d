import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Dependencies point one way: apps → libs; the domain library imports no framework. */
const FRAMEWORKS = [
  "typeorm",
  "type-graphql",
  "graphql",
  "@apollo/*",
  "express",
  "bullmq",
  "ioredis",
  "mysql2",
  "mysql2/*",
  "dataloader",
  "node:*",
  "fs",
  "path",
];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "apps/console/src/gql/**", "data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    // Type-aware rules over what the TypeScript projects compile (specs and tests are outside them): a promise is
    // awaited, returned or voided on purpose, never dropped or handed to a callback that ignores it; a switch over a
    // union handles every member.
    files: ["apps/*/src/**/*.{ts,tsx}", "libs/*/src/**/*.ts", "scripts/src/**/*.ts", "bench/src/**/*.ts"],
    ignores: ["**/*.spec.ts", "apps/console/src/gql/**"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // An async React event handler is fine: the console's mutations answer errors as values (urql), never by throwing.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ["libs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/apps/**", "@assess/api", "@assess/worker"],
              message: "libs never import apps: dependencies point apps → libs.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["libs/domain/src/**/*.ts"],
    ignores: ["libs/domain/src/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: FRAMEWORKS, message: "The domain library is pure: no framework, ORM, queue or I/O." },
            { group: ["@assess/*", "**/apps/**"], message: "The domain library depends on nothing of ours." },
          ],
        },
      ],
    },
  },
  {
    // Logs go through pino (libs/log): JSON lines carrying the request or job they belong to. print-schema is a CLI.
    files: ["apps/api/src/**/*.ts", "apps/worker/src/**/*.ts", "libs/*/src/**/*.ts"],
    ignores: ["**/*.spec.ts", "apps/api/src/print-schema.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["apps/api/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/worker/**", "@assess/worker"],
              message: "apps do not import each other; share through libs.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["apps/worker/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/api/**", "@assess/api"], message: "apps do not import each other; share through libs." },
          ],
        },
      ],
    },
  },
  {
    // The console: hooks used by the rules of hooks; it shares code with the API only through libs (the domain's scoring).
    files: ["apps/console/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        localStorage: "readonly",
        navigator: "readonly",
        location: "readonly",
        fetch: "readonly",
      },
    },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/api/**", "**/worker/**", "@assess/api", "@assess/worker", "@assess/data", "typeorm"],
              message: "the console talks to the API over GraphQL and shares only libs/domain.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
  },
);
