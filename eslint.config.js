// Lint rules for every folder; core/ and the edge's portable code stay Web-standard (no Node built-ins).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** What the pages' browser modules (edge/src/pages/client/) may use beyond the language: the DOM's globals. */
const browserGlobals = Object.fromEntries(
  ["window", "document", "navigator", "location", "sessionStorage", "fetch", "crypto", "CSS", "Option", "confirm", "setInterval", "clearInterval", "Request", "Response"].map((name) => [name, "readonly"]),
);

const nodeBuiltins = { group: ["node:*"], message: "core/ and the edge app run on Workers: use Web-standard APIs, or put Node code in a runtime adapter." };

/**
 * Folder direction: core/src is the base every package imports; transcoder/ builds on core; the relay
 * builds on both; the edge imports core only. Each zone names the packages its files may not import.
 */
const packages = {
  edge: ["\\#edge/*", "**/edge/src/**"],
  relay: ["\\#relay/*", "**/origin-relay/**"],
  transcoder: ["\\#transcoder/*", "**/transcoder/src/**"],
  coreNode: ["\\#core-node/*", "**/core/node/**", "../node/**", "../../node/**", "../../../node/**"],
  test: ["\\#test/*", "**/test/support/**"],
};
const notFrom = (zone, ...names) => ({ group: names.flatMap((name) => packages[name]), message: `${zone} may not import ${names.join(", ")}: keep the folder direction core ← transcoder ← origin-relay, core ← edge.` });
const ownAlias = (alias) => ({ group: [`\\${alias}/*`], message: `inside its own package a module imports by relative path, not through ${alias}/.` });
const zones = [
  { files: ["core/src/**/*.ts"], forbidden: notFrom("core/src", "edge", "relay", "transcoder", "coreNode", "test"), own: ownAlias("#core"), portable: true },
  { files: ["core/node/**/*.ts"], forbidden: notFrom("core/node", "edge", "relay", "transcoder", "test"), own: ownAlias("#core-node"), portable: false },
  { files: ["edge/src/**/*.ts"], forbidden: notFrom("edge", "relay", "transcoder", "test"), own: ownAlias("#edge"), portable: true },
  { files: ["transcoder/src/**/*.ts"], forbidden: notFrom("transcoder", "edge", "relay"), own: ownAlias("#transcoder"), portable: false },
  { files: ["origin-relay/src/**/*.ts"], forbidden: notFrom("origin-relay", "edge"), own: ownAlias("#relay"), portable: false },
];
/** Portable code (core/src, the edge app) also stays off Node built-ins, except in tests and the Node runtime adapter. */
const nodeAdapters = ["**/*.test.ts", "edge/src/runtime/node*.ts", "edge/src/runtime/node/**"];
const zoneConfigs = zones.flatMap(({ files, forbidden, own, portable }) => [
  { files, rules: { "no-restricted-imports": ["error", { patterns: [forbidden, own] }] } },
  ...(portable ? [{ files, ignores: nodeAdapters, rules: { "no-restricted-imports": ["error", { patterns: [forbidden, own, nodeBuiltins] }] } }] : []),
]);

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
  ...zoneConfigs,
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
            { group: ["../*", "\\#*", "zod", "hls.js", "dashjs"], allowTypeImports: true, message: "Import only types from outside the client folder." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "process", "Buffer", "global", "require"],
    },
  },
);
