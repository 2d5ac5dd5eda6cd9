/**
 * "Go live from this browser": the camera and microphone published over WHIP (RFC 9725) to the
 * selected stream's `ingest.whip.url`, with the stream key as Bearer token, and shown in a muted
 * preview. Stop (or leaving the page) DELETEs the session, which ends the publish like an encoder
 * disconnecting.
 */
import { element } from "./dom.ts";

interface Live {
  peer: RTCPeerConnection;
  media: MediaStream;
  session: string;
}

let live: Live | undefined;

const state = (text: string) => {
  element("go-live-state", HTMLOutputElement).textContent = text;
};

function controls(publishing: boolean): void {
  element("go-live", HTMLButtonElement).disabled = publishing;
  element("go-live-stop", HTMLButtonElement).disabled = !publishing;
  element("go-live-preview", HTMLVideoElement).hidden = !publishing;
}

async function offer(peer: RTCPeerConnection): Promise<string> {
  await peer.setLocalDescription(await peer.createOffer());
  if (peer.iceGatheringState !== "complete") {
    await new Promise<void>((resolve) => peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve()));
  }
  return peer.localDescription?.sdp ?? "";
}

export async function goLive(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const url = element("detail", HTMLElement).dataset["whipUrl"] ?? "";
  const key = element("go-live-key", HTMLInputElement).value.trim();
  if (url === "" || live !== undefined) return;
  state("Asking for the camera…");
  const media = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720, frameRate: 30 }, audio: true });
  const preview = element("go-live-preview", HTMLVideoElement);
  preview.srcObject = media;
  const peer = new RTCPeerConnection();
  for (const track of media.getTracks()) peer.addTransceiver(track, { direction: "sendonly" });
  state("Connecting…");
  const response = await fetch(url, { method: "POST", body: await offer(peer), headers: { "content-type": "application/sdp", authorization: `Bearer ${key}` } });
  if (response.status !== 201) {
    peer.close();
    for (const track of media.getTracks()) track.stop();
    state(response.status === 401 ? "The stream key was not accepted." : `The relay answered ${response.status}.`);
    return;
  }
  await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
  live = { peer, media, session: new URL(response.headers.get("location") ?? "", url).href };
  peer.addEventListener("connectionstatechange", () => state(peer.connectionState === "connected" ? "Live." : `Connection ${peer.connectionState}.`));
  controls(true);
}

export async function stopLive(): Promise<void> {
  const current = live;
  live = undefined;
  if (current === undefined) return;
  controls(false);
  for (const track of current.media.getTracks()) track.stop();
  current.peer.close();
  await fetch(current.session, { method: "DELETE", keepalive: true }).catch(() => undefined);
  state("Stopped.");
}

addEventListener("pagehide", () => void stopLive());
