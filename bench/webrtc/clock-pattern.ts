/**
 * Glass-to-glass latency on one host: the publisher page paints its wall clock
 * (`performance.timeOrigin + performance.now()`, whole milliseconds) into every canvas frame as a row
 * of black and white blocks; the viewer page reads the blocks back from each decoded frame and
 * subtracts the time from its own clock (the same system clock: both pages run in one browser).
 * Blocks are large and sampled at their centres, so scaling and compression do not flip them.
 */
import type { Page } from "playwright-core";

/** 44 bits of milliseconds (until the year 2527) in two rows of 22 blocks. */
export const PATTERN = { bits: 44, columns: 22, rows: 2 } as const;

/** The publisher: a canvas of `width`×`height` at 30 fps, published to `whipUrl` with `streamKey`. */
export async function publishClockCanvas(page: Page, whipUrl: string, streamKey: string, size: { width: number; height: number }): Promise<number> {
  return page.evaluate(
    async ({ url, key, width, height, pattern }) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      document.body.append(canvas);
      const context = canvas.getContext("2d");
      if (context === null) throw new Error("no 2d context");
      const block = Math.floor(width / pattern.columns);
      const paint = () => {
        const now = Math.floor(performance.timeOrigin + performance.now());
        context.fillStyle = "#808080";
        context.fillRect(0, 0, width, height);
        // Something moves, so every frame differs and is encoded as it is painted.
        context.fillStyle = "#3060c0";
        context.fillRect((now / 4) % width, height - block, block, block);
        for (let bit = 0; bit < pattern.bits; bit++) {
          const one = Math.floor(now / 2 ** (pattern.bits - 1 - bit)) % 2 === 1;
          context.fillStyle = one ? "#ffffff" : "#000000";
          context.fillRect((bit % pattern.columns) * block, Math.floor(bit / pattern.columns) * block, block, block);
        }
        requestAnimationFrame(paint);
      };
      paint();
      const stream = canvas.captureStream(30);
      const peer = new RTCPeerConnection();
      const [track] = stream.getVideoTracks();
      if (track === undefined) throw new Error("no canvas track");
      track.contentHint = "detail";
      const transceiver = peer.addTransceiver(track, { direction: "sendonly" });
      const parameters = transceiver.sender.getParameters();
      await transceiver.sender.setParameters({ ...parameters, degradationPreference: "maintain-resolution" } as RTCRtpSendParameters);
      await peer.setLocalDescription(await peer.createOffer());
      await new Promise<void>((resolve) => {
        if (peer.iceGatheringState === "complete") resolve();
        peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve());
      });
      const response = await fetch(url, { method: "POST", body: peer.localDescription?.sdp ?? "", headers: { "content-type": "application/sdp", authorization: `Bearer ${key}` } });
      if (response.status === 201) await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
      Object.assign(window, { publisher: peer });
      return response.status;
    },
    { url: whipUrl, key: streamKey, width: size.width, height: size.height, pattern: PATTERN },
  );
}

/** The viewer: plays `whepUrl` and reads the clock from each decoded frame for `seconds`; returns latencies in ms. */
export async function readClockLatencies(page: Page, whepUrl: string, seconds: number): Promise<number[]> {
  return page.evaluate(
    async ({ url, seconds, pattern }) => {
      const peer = new RTCPeerConnection();
      peer.addTransceiver("video", { direction: "recvonly" });
      const video = document.createElement("video");
      video.muted = true;
      video.autoplay = true;
      document.body.append(video);
      peer.addEventListener("track", (event) => (video.srcObject = new MediaStream([event.track])));
      await peer.setLocalDescription(await peer.createOffer());
      await new Promise<void>((resolve) => {
        if (peer.iceGatheringState === "complete") resolve();
        peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve());
      });
      const response = await fetch(url, { method: "POST", body: peer.localDescription?.sdp ?? "", headers: { "content-type": "application/sdp" } });
      if (response.status !== 201) throw new Error(`WHEP answered ${response.status}`);
      await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
      const canvas = document.createElement("canvas");
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (context === null) throw new Error("no 2d context");
      const latencies: number[] = [];
      await new Promise<void>((resolve) => {
        let until: number | undefined;
        const onFrame = () => {
          const shownAt = performance.timeOrigin + performance.now();
          until ??= shownAt + seconds * 1000;
          const width = video.videoWidth;
          const height = video.videoHeight;
          canvas.width = width;
          canvas.height = height;
          context.drawImage(video, 0, 0, width, height);
          const block = width / pattern.columns;
          let painted = 0;
          for (let bit = 0; bit < pattern.bits; bit++) {
            const x = Math.floor(((bit % pattern.columns) + 0.5) * block);
            const y = Math.floor((Math.floor(bit / pattern.columns) + 0.5) * block);
            const [red = 0] = context.getImageData(x, y, 1, 1).data;
            painted = painted * 2 + (red > 128 ? 1 : 0);
          }
          const latency = shownAt - painted;
          if (latency >= 0 && latency < 10_000) latencies.push(latency);
          if (shownAt >= until) return resolve();
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
      await fetch(new URL(response.headers.get("location") ?? "", url), { method: "DELETE" });
      peer.close();
      return latencies;
    },
    { url: whepUrl, seconds, pattern: PATTERN },
  );
}
