/**
 * WHEP viewers for the CPU bench, in their own process so their work is not counted as the relay's:
 * `node viewers-child.ts <whepUrl> <count> <seconds>`, joining 100 ms apart. Each viewer is a werift peer that receives the
 * video (not decoding it: a frame is a marker-bit packet) and counts freezes, gaps of more than
 * FREEZE_MS between frames, from SETTLE_MS after the last viewer joined (the relay's DTLS handshakes
 * for joining viewers are CPU bursts; the figure is for an audience that is watching). Prints one JSON line: frames and freezes per viewer, and
 * the share of a core this process used (near 100 %, its own backlog is what freezes).
 */
import { RTCPeerConnection, RTCRtpCodecParameters } from "werift";

const FREEZE_MS = 500;
const SETTLE_MS = 2_000;
/** When freezes start to count: set once every viewer has joined. */
let countFrom = Number.POSITIVE_INFINITY;
const [url = "", countText = "1", secondsText = "10"] = process.argv.slice(2);

interface ViewerResult {
  frames: number;
  freezes: number;
  /** Freezes whose media time jumped as far as the arrival did: the source paused, not the delivery. */
  sourceFreezes: number;
  longestGapMs: number;
}

async function view(seconds: number): Promise<ViewerResult> {
  const peer = new RTCPeerConnection({
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ["127.0.0.1"],
    codecs: { video: [new RTCRtpCodecParameters({ mimeType: "video/H264", clockRate: 90_000, rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }], parameters: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f" })] },
  });
  peer.addTransceiver("video", { direction: "recvonly" });
  const result: ViewerResult = { frames: 0, freezes: 0, sourceFreezes: 0, longestGapMs: 0 };
  let last: number | undefined;
  let lastTimestamp = 0;
  peer.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((rtp) => {
      if (!rtp.header.marker) return;
      const now = performance.now();
      if (last !== undefined && last >= countFrom) {
        const gap = now - last;
        result.longestGapMs = Math.max(result.longestGapMs, gap);
        if (gap > FREEZE_MS) {
          result.freezes++;
          const mediaGap = (((rtp.header.timestamp - lastTimestamp) >>> 0) / 90_000) * 1000;
          if (mediaGap > FREEZE_MS) result.sourceFreezes++;
        }
      }
      last = now;
      lastTimestamp = rtp.header.timestamp;
      result.frames++;
    }),
  );
  await peer.setLocalDescription(await peer.createOffer());
  while (peer.iceGatheringState !== "complete") await new Promise((resolve) => setTimeout(resolve, 20));
  const response = await fetch(url, { method: "POST", body: peer.localDescription?.sdp ?? "", headers: { "content-type": "application/sdp" } });
  if (response.status !== 201) throw new Error(`WHEP answered ${response.status}: ${await response.text()}`);
  const location = new URL(response.headers.get("location") ?? "", url);
  await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await fetch(location, { method: "DELETE" });
  await peer.close();
  return result;
}

/** Viewers arrive one after another, as an audience does, not in one instant. */
const JOIN_GAP_MS = 100;
const began = performance.now();
const viewers: Promise<ViewerResult>[] = [];
for (let i = 0; i < Number(countText); i++) {
  viewers.push(view(Number(secondsText)));
  await new Promise((resolve) => setTimeout(resolve, JOIN_GAP_MS));
}
countFrom = performance.now() + SETTLE_MS;
const results = await Promise.all(viewers);
const { user, system } = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ viewers: results, cpuPercent: ((user + system) / 1000 / (performance.now() - began)) * 100 })}\n`);
