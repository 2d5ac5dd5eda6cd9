// Lint rules for every folder; core/ and the edge's portable code stay Web-standard (no Node built-ins).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** What the pages' browser modules (edge/src/pages/client/) may use beyond the language: the DOM's globals. */
const browserGlobals = Object.fromEntries(
  ["window", "document", "navigator", "location", "sessionStorage", "fetch", "crypto", "CSS", "Option", "confirm", "setInterval", "clearInterval", "Request", "Response"].map((name) => [name, "readonly"]),
);

const nodeBuiltins = {
  patterns: [{ group: ["node:*"], message: "core/ and the edge app run on Workers: use Web-standard APIs, or put Node code in a runtime adapter." }],
};

export default tseslint.config(
  { ignores: ["node_modules/", "cdk.out/", ".data/", ".wrangler/", "dist/", "edge/dist/", "**/vendor/**", "test/.artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    files: ["core/src/**/*.ts", "edge/src/**/*.ts"],
    ignores: ["**/*.test.ts", "edge/src/runtime/node*.ts", "edge/src/runtime/node/**"],
    rules: { "no-restricted-imports": ["error", nodeBuiltins] },
  },
  {
    // Browser code: DOM globals, no Node (its tsconfig has no Node types either). The tests beside it run in Node.
    files: ["edge/src/pages/client/**/*.ts"],
    ignores: ["**/*.test.ts"],
    languageOptions: { globals: { ...browserGlobals, process: "off" } },
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "Page scripts run in the browser." },
            // Server schemas and the player libraries are types only here: the libraries load as their own scripts.
            { group: ["../*", "#*", "zod", "hls.js", "dashjs"], allowTypeImports: true, message: "Import only types from outside the client folder." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "process", "Buffer", "global", "require"],
    },
  },
);
