// Lint rules for every folder; core/ and the edge's portable code stay Web-standard (no Node built-ins).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeBuiltins = {
  patterns: [{ group: ["node:*"], message: "core/ and the edge app run on Workers: use Web-standard APIs, or put Node code in a runtime adapter." }],
};

export default tseslint.config(
  { ignores: ["node_modules/", "cdk.out/", ".data/", ".wrangler/", "dist/", "**/vendor/**", "test/.artifacts/"] },
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
);
