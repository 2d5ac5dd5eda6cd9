/**
 * WHIP publishing and WHEP playback inside a Chromium page, as a browser client does it: one offer
 * with every candidate, POSTed as application/sdp; the answer from the 201. The page keeps its peer
 * on `window` so a test can read stats, count decoded frames and close it.
 */
import type { Page } from "playwright-core";

/** The page publishes its fake camera and microphone (or a canvas, when `canvas`) to `whipUrl`. */
export async function publishFromPage(page: Page, whipUrl: string, streamKey: string, options: { width?: number; height?: number } = {}): Promise<{ status: number; location: string | null; etag: string | null }> {
  return page.evaluate(
    async ({ url, key, width, height }) => {
      const media = await navigator.mediaDevices.getUserMedia({ video: { width, height, frameRate: 30 }, audio: true });
      const peer = new RTCPeerConnection();
      for (const track of media.getTracks()) peer.addTransceiver(track, { direction: "sendonly" });
      await peer.setLocalDescription(await peer.createOffer());
      await new Promise<void>((resolve) => {
        if (peer.iceGatheringState === "complete") resolve();
        peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve());
      });
      const response = await fetch(url, { method: "POST", body: peer.localDescription?.sdp ?? "", headers: { "content-type": "application/sdp", authorization: `Bearer ${key}` } });
      if (response.status === 201) await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
      (window as unknown as { publisher: RTCPeerConnection }).publisher = peer;
      return { status: response.status, location: response.headers.get("location"), etag: response.headers.get("etag") };
    },
    { url: whipUrl, key: streamKey, width: options.width ?? 640, height: options.height ?? 360 },
  );
}

/** The page plays `whepUrl` in a <video>; resolves with the POST's status and Location. */
export async function playInPage(page: Page, whepUrl: string): Promise<{ status: number; location: string | null }> {
  return page.evaluate(async (url) => {
    const peer = new RTCPeerConnection();
    peer.addTransceiver("video", { direction: "recvonly" });
    peer.addTransceiver("audio", { direction: "recvonly" });
    const video = document.createElement("video");
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    document.body.append(video);
    peer.addEventListener("track", (event) => {
      if (event.track.kind === "video") video.srcObject = new MediaStream([event.track]);
    });
    await peer.setLocalDescription(await peer.createOffer());
    await new Promise<void>((resolve) => {
      if (peer.iceGatheringState === "complete") resolve();
      peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve());
    });
    const response = await fetch(url, { method: "POST", body: peer.localDescription?.sdp ?? "", headers: { "content-type": "application/sdp" } });
    if (response.status === 201) await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
    Object.assign(window, { viewer: peer, video });
    return { status: response.status, location: response.headers.get("location") };
  }, whepUrl);
}

/** Resolves once the page's <video> has decoded `frames` frames (its playback quality counter). */
export async function waitForDecodedFrames(page: Page, frames: number, timeoutMs = 30_000): Promise<{ decoded: number; width: number; height: number }> {
  await page.waitForFunction((wanted) => ((window as unknown as { video?: HTMLVideoElement }).video?.getVideoPlaybackQuality().totalVideoFrames ?? 0) >= wanted, frames, { timeout: timeoutMs, polling: 100 });
  return page.evaluate(() => {
    const video = (window as unknown as { video: HTMLVideoElement }).video;
    return { decoded: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth, height: video.videoHeight };
  });
}

