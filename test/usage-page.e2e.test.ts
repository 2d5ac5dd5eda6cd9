// The dashboard's usage page in real headless Chromium against the whole platform: sign in on the
// dashboard, open the usage page, and see uPlot draw the three charts from the tenant's records under
// the strict CSP, with the top media listed, and no console errors.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { sampleUsageRecords, writeUsage } from "#core-node/testing/usage-fixtures.ts";
import { launchChromium } from "./support/browser.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const WAIT = { timeout: 60_000 };
let platform: TestPlatform;
let browser: Browser;
const problems: string[] = [];

function watchProblems(page: Page): Page {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  return page;
}

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform(), launchChromium()]);
  // The fixture's `acme` records as the platform's own tenant, which the admin key signs in as.
  const records = sampleUsageRecords().map((r) => (r.tenantId === "acme" ? { ...r, tenantId: LOCAL_TENANT_ID } : r));
  await writeUsage(platform.records.store, new ManualClock(Date.UTC(2026, 11, 3, 12)), records);
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe("usage page in Chromium", () => {
  it("draws delivered minutes, egress and tiers with uPlot and lists the top media", async () => {
    const edge = platform.edgeUrl as string;
    const page = watchProblems(await browser.newPage());
    await page.goto(`${edge}/dashboard`);
    await page.getByLabel("API key").fill(platform.adminKey as string);
    await page.getByLabel("API key").press("Enter");
    await page.locator("#app").waitFor({ state: "visible", ...WAIT });

    await page.goto(`${edge}/dashboard/usage`);
    await page.getByLabel("From (UTC)").fill("2026-12-03");
    await page.getByLabel("To (UTC, exclusive)").fill("2026-12-04");
    await page.getByLabel("Per").selectOption("hour");
    await page.getByRole("button", { name: "Show" }).click();
    await page.locator("#top-media tbody tr").first().waitFor(WAIT);
    expect(await page.locator(".chart .uplot canvas").count()).toBe(3);
    // The tier chart's legend names every tier.
    expect(await page.locator("#chart-tiers .u-legend").textContent()).toMatch(/SD.*HD.*UHD/s);
    expect(await page.locator("#top-media tbody tr").count()).toBe(3);
    expect(await page.locator("#error").isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
