// The dashboard and player page in real headless Chromium against the whole platform: sign in with the
// admin key, create a stream through the form, publish to the RTMP URL the page shows with ffmpeg, see
// it go live in the list, then open a share link and watch frames decode.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern, type Publisher } from "./support/publisher.ts";

const ARTIFACTS = join(import.meta.dirname, ".artifacts");
const WAIT = { timeout: 60_000 };

let platform: TestPlatform;
let browser: Browser;
let context: BrowserContext;
let publisher: Publisher | undefined;
/**
 * Console errors and uncaught exceptions from every page (CSP violations land here). Failed loads are
 * left out: a player opened before the broadcast starts sees 404s by design, and playback is asserted.
 */
const problems: string[] = [];

function watchProblems(page: Page): Page {
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  return page;
}

/** Runs a step; on failure saves a screenshot of every open page under test/.artifacts/. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await mkdir(ARTIFACTS, { recursive: true });
    await Promise.all(context.pages().map((page, index) => page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}-${index}.png`), fullPage: true }).catch(() => undefined)));
    throw error;
  }
}

/** The player page reaches "playing", its clock advances, frames decode and no error shows. */
async function expectPlayback(player: Page, url: string): Promise<void> {
  await player.goto(url);
  // Playing or failed, whichever comes first: an error fails at once instead of at the timeout.
  await player.locator("#player[data-state='playing'], #player[data-state='error']").waitFor(WAIT);
  expect(await player.locator("#player-error").textContent()).toBe("");
  const started = await player.evaluate(() => (document.getElementById("video") as HTMLVideoElement).currentTime);
  await player.waitForFunction((t0) => (document.getElementById("video") as HTMLVideoElement).currentTime > t0 + 1, started, WAIT);
  const frames = await player.evaluate(() => (document.getElementById("video") as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
  expect(frames).toBeGreaterThan(0);
  expect(await player.locator("#player-error").isHidden()).toBe(true);
  expect(await player.locator("#player").getAttribute("data-state")).not.toBe("error");
}

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform(), launchChromium()]);
  context = await browser.newContext();
});

afterAll(async () => {
  publisher?.stop();
  await publisher?.exited;
  await browser?.close();
  await platform?.stop();
});

describe("dashboard and player page in Chromium", () => {
  it("creates a stream, shows it live while ffmpeg publishes, and plays its share link", { timeout: 180_000 }, async () => {
    const edge = platform.edgeUrl as string;
    const dashboard = watchProblems(await context.newPage());

    await step("sign-in", async () => {
      await dashboard.goto(`${edge}/dashboard`);
      await dashboard.getByLabel("API key").fill(platform.adminKey as string);
      await dashboard.getByLabel("API key").press("Enter");
      await dashboard.locator("#app").waitFor({ state: "visible", ...WAIT });
      expect(await dashboard.evaluate(() => document.documentElement.outerHTML)).not.toContain(platform.adminKey as string);
    });

    const rtmpUrl = await step("create", async () => {
      await dashboard.getByLabel("Name").fill("E2E stream");
      await dashboard.getByLabel("Latency").selectOption("normal");
      await dashboard.getByLabel("Renditions").selectOption("passthrough");
      await dashboard.getByRole("button", { name: "Create stream" }).click();
      await dashboard.locator("#secrets").waitFor({ state: "visible", ...WAIT });
      const url = await dashboard.getByLabel("RTMP URL (server and key)").inputValue();
      const key = await dashboard.locator("#secrets").getByLabel("Stream key", { exact: true }).inputValue();
      expect(url).toBe(`rtmp://${platform.config.relay.publicHost}:${platform.relay?.rtmpPort}/live/${key}`);
      return url;
    });

    const row = dashboard.locator("#streams tbody tr", { hasText: "E2E stream" });
    await step("live", async () => {
      expect(await row.locator("td.status").textContent()).toBe("Idle");
      publisher = publishTestPattern(rtmpUrl, { seconds: 15, width: 640, height: 360, fps: 25, videoBitrate: "600k" });
      await row.locator("td.status", { hasText: "Live" }).waitFor(WAIT);
      await dashboard.locator("#announcer", { hasText: "E2E stream is live." }).waitFor(WAIT);
    });

    const shareUrl = await step("share", async () => {
      await row.getByRole("button", { name: "Manage E2E stream" }).click();
      await dashboard.locator("#detail-status", { hasText: "Live" }).waitFor(WAIT);
      await dashboard.getByRole("button", { name: "Create share link" }).click();
      await dashboard.locator("#share-result").waitFor({ state: "visible", ...WAIT });
      return dashboard.getByLabel("Share link", { exact: true }).inputValue();
    });
    expect(shareUrl).toMatch(new RegExp(`^${edge.replace(/[.[\]]/g, "\\$&")}/watch/[A-Za-z0-9_-]+\\?token=[\\w.-]+$`));

    // One player at a time: the machine's two cores also run the publisher and the relay.
    // HLS through the share link as minted (query token), DASH through the path-token form.
    const share = new URL(shareUrl);
    const pathForm = `${edge}/watch/${share.searchParams.get("token")}/${share.pathname.split("/")[2]}?format=dash`;
    for (const [name, url] of [["hls", shareUrl], ["dash", pathForm]] as const) {
      const player = watchProblems(await context.newPage());
      await step(`play-${name}`, () => expectPlayback(player, url));
      await player.close();
    }

    await step("preview", async () => {
      await dashboard.getByRole("button", { name: "Preview" }).click();
      const preview = dashboard.frameLocator("#preview");
      await preview.locator("#player[data-state='playing'], #player[data-state='error']").waitFor(WAIT);
      expect(await preview.locator("#player-error").textContent()).toBe("");
    });

    expect((await publisher?.exited)?.code).toBe(0);
    expect(problems).toEqual([]);
  });
});
