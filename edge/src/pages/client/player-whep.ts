/**
 * WebRTC playback (WHEP) on the watch page: one offer with every candidate POSTed to the edge's
 * `/whep/<token>/<playbackId>`, the answer from the 201, and the viewer's session DELETEd when the
 * page goes. The latency readout is what the browser adds after the network: its jitter buffer's
 * mean delay plus half the round trip, from `getStats()`.
 */
import type { ActivePlayer, PlayerView } from "./player-view.ts";

const HTTP_MESSAGES: Partial<Record<number, string>> = { 401: "This link has expired or is not valid.", 403: "This link does not allow playback here.", 409: "This stream cannot be played in real time." };

async function gathered(peer: RTCPeerConnection): Promise<void> {
  if (peer.iceGatheringState === "complete") return;
  await new Promise<void>((resolve) => peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve()));
}

/** Seconds of delay the receiver adds: jitter buffer plus half the round trip (RTCStatsReport). */
async function receiverDelay(peer: RTCPeerConnection): Promise<number> {
  let buffer = 0;
  let halfTrip = 0;
  (await peer.getStats()).forEach((entry: Record<string, unknown>) => {
    if (entry["type"] === "inbound-rtp" && entry["kind"] === "video") {
      const emitted = Number(entry["jitterBufferEmittedCount"] ?? 0);
      if (emitted > 0) buffer = Number(entry["jitterBufferDelay"] ?? 0) / emitted;
    }
    if (entry["type"] === "candidate-pair" && entry["nominated"] === true) halfTrip = Number(entry["currentRoundTripTime"] ?? 0) / 2;
  });
  return buffer + halfTrip;
}

/** Starts playback from `src` (the WHEP endpoint); `onWaiting` hears that the stream is not live yet. */
export async function startWhep(view: PlayerView, src: string, onWaiting: () => void): Promise<ActivePlayer | undefined> {
  const peer = new RTCPeerConnection();
  peer.addTransceiver("video", { direction: "recvonly" });
  peer.addTransceiver("audio", { direction: "recvonly" });
  const stream = new MediaStream();
  peer.addEventListener("track", (event) => {
    stream.addTrack(event.track);
    view.video.srcObject = stream;
    view.video.play().catch(() => undefined);
  });
  await peer.setLocalDescription(await peer.createOffer());
  await gathered(peer);
  const response = await fetch(src, { method: "POST", body: peer.localDescription?.sdp ?? "", headers: { "content-type": "application/sdp" } }).catch(() => undefined);
  if (response === undefined || response.status === 404) {
    peer.close();
    onWaiting();
    return undefined;
  }
  if (response.status !== 201) {
    peer.close();
    view.fail(HTTP_MESSAGES[response.status] ?? `The server answered ${response.status}.`);
    return undefined;
  }
  await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
  const session = new URL(response.headers.get("location") ?? "", location.href).href;
  const leave = () => void fetch(session, { method: "DELETE", keepalive: true }).catch(() => undefined);
  addEventListener("pagehide", leave);
  peer.addEventListener("connectionstatechange", () => {
    if (peer.connectionState === "failed") view.fail("The real-time connection failed.");
  });
  const timer = setInterval(() => void receiverDelay(peer).then((seconds) => view.showLatency(seconds)), 1000);
  return {
    selectLevel: () => undefined, // one rendition: the source's own
    destroy: () => {
      clearInterval(timer);
      removeEventListener("pagehide", leave);
      leave();
      peer.close();
    },
  };
}
