// "Go live from this browser" on the dashboard: the fake camera goes out over WHIP to the stream just
// created (its key is filled in from the once-only panel), the stream goes live with the preview
// showing, and Stop ends the publish.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { until } from "./support/live.ts";

const WAIT = { timeout: 60_000 };
let platform: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform(), launchChromium({ fakeMedia: true })]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe("dashboard: go live from this browser", () => {
  it("publishes the camera over WHIP with a preview, and Stop ends it", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
    await page.goto(`${platform.edgeUrl}/dashboard`);
    await page.getByLabel("API key").fill(platform.adminKey as string);
    await page.getByLabel("API key").press("Enter");
    await page.locator("#app").waitFor({ state: "visible", ...WAIT });
    await page.getByLabel("Name").fill("Browser stream");
    await page.getByLabel("Renditions").selectOption("passthrough");
    await page.getByRole("button", { name: "Create stream" }).click();
    await page.locator("#secrets").waitFor({ state: "visible", ...WAIT });
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Manage Browser stream" }).click();

    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator("#go-live-state", { hasText: "Live." }).waitFor(WAIT);
    await page.waitForFunction(() => (document.getElementById("go-live-preview") as HTMLVideoElement).videoWidth > 0, undefined, WAIT);
    const live = await until("the relay to hold the browser's stream", async () => [...(platform.relay?.streams.values() ?? [])].find((held) => held.stream.name === "Browser stream" && held.state === "live"));
    await page.locator("#detail-status", { hasText: "Live" }).waitFor(WAIT);

    await page.getByRole("button", { name: "Stop" }).click();
    await page.locator("#go-live-state", { hasText: "Stopped." }).waitFor(WAIT);
    await until("the publish to end", async () => (live.state !== "live" ? true : undefined));
    expect(problems).toEqual([]);
  });
});
