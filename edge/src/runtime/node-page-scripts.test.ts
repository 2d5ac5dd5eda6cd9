import { describe, expect, it } from "vitest";
import { PAGE_SCRIPTS } from "../pages/static-assets.ts";
import { nodePageScripts } from "./node-page-scripts.ts";

describe("nodePageScripts", () => {
  it("bundles each page script once and serves it from memory after", async () => {
    const scripts = nodePageScripts();
    const first = scripts("dashboard.js");
    expect(scripts("dashboard.js")).toBe(first);
    expect(await first).toContain('"tributary.apiKey"');
  });

  it.each(PAGE_SCRIPTS)("keeps the player libraries and server schemas out of %s (their imports are types only)", async (name) => {
    const script = await nodePageScripts()(name);
    // hls.js alone is over 600 kB minified; the pages' own code is a few kB, and videos.js carries
    // tus-js-client's browser build (about 60 kB) so uploads need no third-party origin.
    expect(script.length).toBeLessThan(name === "videos.js" ? 96_000 : 32_000);
    expect(script).not.toMatch(/\bzod\b|ZodError|class Hls\b/);
  });
});
