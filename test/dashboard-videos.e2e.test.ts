// The videos page in real headless Chromium against the whole platform: sign in, upload a file with
// the page's tus client, watch the progress bar fill, and see the video listed as ready with its
// duration, renditions, a thumbnail that loads and a play link.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMp4 } from "#transcoder/vod/testing/sources.ts";
import { launchChromium } from "./support/browser.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const WAIT = { timeout: 120_000 };

let platform: TestPlatform;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({}, { worker: { pollMs: 200, renewMs: 300 } }), launchChromium()]);
  page = await (await browser.newContext()).newPage();
  page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  page.on("pageerror", (error) => problems.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe("the videos page", () => {
  it("uploads a file with a progress bar and lists it ready with a thumbnail and a play link", async () => {
    const file = await makeMp4(join(platform.dataDir, "holiday.mp4"), { seconds: 4, width: 320, height: 180 });
    await page.goto(`${platform.edgeUrl}/dashboard`);
    await page.fill("#api-key", platform.adminKey ?? "");
    await page.click("#sign-in-form button[type=submit]");
    await page.locator("#app").waitFor();
    await page.click("a[href='/dashboard/videos']");
    await page.locator("#upload-form").waitFor();

    await page.setInputFiles("#upload-file", file);
    await page.fill("#upload-name", "Holiday");
    await page.click("#upload-start");
    await page.waitForFunction(() => (document.getElementById("upload-progress") as HTMLProgressElement).value === 1, undefined, WAIT);
    const row = page.locator("#videos tbody tr", { hasText: "Holiday" });
    await row.locator("td", { hasText: /^ready$/ }).waitFor(WAIT);
    expect(await row.locator("td").nth(3).textContent()).toBe("0:04");
    expect(await row.locator("td").nth(4).textContent()).toBe("180p");
    expect(await row.locator("a", { hasText: "Play" }).getAttribute("href")).toMatch(/^\/watch\/[^/]+\/[0-9a-z]{26}$/);
    await page.waitForFunction(() => ((document.querySelector("#videos tbody img") as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, undefined, WAIT);
    expect(problems).toEqual([]);
  }, 240_000);
});
