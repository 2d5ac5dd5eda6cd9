/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
import { chromium, type Browser } from "playwright-core";

export interface ChromiumOptions {
  /** A synthetic camera and microphone that getUserMedia grants without asking (WebRTC publishers). */
  fakeMedia?: boolean;
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
      "--mute-audio",
      ...(options.fakeMedia === true ? ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] : []),
    ],
  });
}
