/**
 * The relay's WebRTC peers (werift): which addresses ICE offers, the codecs it accepts (H.264
 * packetization-mode 1 and Opus), and the one offer/answer step WHIP and WHEP share. The answer is
 * sent whole, with every host candidate gathered (RFC 9725 §4.3.1 lets the server skip trickling).
 */
import { RTCPeerConnection, RTCRtpCodecParameters } from "werift";
import { TributaryError } from "#core/errors.ts";

export interface RtcNetwork {
  /** Host addresses ICE gathers on; empty means every interface's. Tests use ["127.0.0.1"]. */
  hostAddresses: string[];
  /** Passive ICE-TCP candidates beside UDP (RFC 6544), for networks that block UDP. */
  iceTcp: boolean;
  /** UDP/TCP ports candidates bind in, inclusive; any free port when absent. */
  portRange?: [number, number] | undefined;
  /** A peer that sends nothing (RTP or RTCP) this long is gone: its transport is freed. */
  silenceTimeoutMs: number;
}

export const defaultRtcNetwork: RtcNetwork = { hostAddresses: [], iceTcp: true, silenceTimeoutMs: 10_000 };

/** Largest SDP body read; an offer is a few kilobytes. */
export const MAX_SDP_BYTES = 64 * 1024;

const H264_FEEDBACK = [{ type: "nack" }, { type: "nack", parameter: "pli" }, { type: "ccm", parameter: "fir" }, { type: "goog-remb" }];

export function createPeer(network: RtcNetwork): RTCPeerConnection {
  const onlyListed = network.hostAddresses.length > 0;
  return new RTCPeerConnection({
    iceUseIpv4: !onlyListed,
    iceUseIpv6: !onlyListed,
    ...(onlyListed ? { iceAdditionalHostAddresses: network.hostAddresses } : {}),
    iceUseTcp: network.iceTcp,
    ...(network.portRange ? { icePortRange: network.portRange } : {}),
    codecs: {
      video: [
        new RTCRtpCodecParameters({ mimeType: "video/H264", clockRate: 90_000, rtcpFeedback: H264_FEEDBACK, parameters: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f" }),
        new RTCRtpCodecParameters({ mimeType: "video/H264", clockRate: 90_000, rtcpFeedback: H264_FEEDBACK, parameters: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f" }),
      ],
      audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48_000, channels: 2, parameters: "minptime=10;useinbandfec=1" })],
    },
  });
}

/** The SDP lines every offer has (RFC 8866 §5): anything else is not an offer. */
function looksLikeSdp(sdp: string): boolean {
  return sdp.startsWith("v=0") && /\r?\nm=(audio|video) /.test(sdp) && /\r?\na=ice-ufrag:/.test(sdp) && /\r?\na=fingerprint:/.test(sdp);
}

/** Applies the offer and returns the full answer; a malformed offer is a `request.invalid`. */
export async function answerOffer(peer: RTCPeerConnection, offer: string): Promise<string> {
  if (!looksLikeSdp(offer)) throw invalidOffer("the body is not an SDP offer");
  try {
    await peer.setRemoteDescription({ type: "offer", sdp: offer });
    await peer.setLocalDescription(await peer.createAnswer());
  } catch (error) {
    throw invalidOffer(error instanceof Error ? error.message : "offer rejected", error);
  }
  const sdp = peer.localDescription?.sdp;
  if (sdp === undefined) throw invalidOffer("no answer could be made");
  return sdp;
}

function invalidOffer(reason: string, cause?: unknown): TributaryError {
  return new TributaryError("request.invalid", `SDP offer: ${reason}`, { details: { reason: "sdp" }, ...(cause === undefined ? {} : { cause }) });
}
