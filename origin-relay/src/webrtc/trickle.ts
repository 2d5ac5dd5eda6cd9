/**
 * Trickle ICE for WHIP and WHEP (RFC 9725 §4.3.1): a PATCH carries an SDP fragment
 * (application/trickle-ice-sdpfrag, RFC 8840 §9) whose candidates belong to the media sections named by
 * the `a=mid` lines before them.
 */

export interface TrickledCandidate {
  candidate: string;
  sdpMid: string | undefined;
  usernameFragment: string | undefined;
}

export const TRICKLE_ICE_TYPE = "application/trickle-ice-sdpfrag";
/** A fragment is a handful of lines. */
export const MAX_SDPFRAG_BYTES = 16 * 1024;

export function parseSdpFragment(fragment: string): { candidates: TrickledCandidate[]; ended: boolean; iceRestart: boolean } {
  const candidates: TrickledCandidate[] = [];
  let mid: string | undefined;
  let ufrag: string | undefined;
  let ended = false;
  let iceRestart = false;
  for (const raw of fragment.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("a=mid:")) mid = line.slice(6);
    else if (line.startsWith("a=ice-ufrag:")) ufrag = line.slice(12);
    else if (line.startsWith("a=candidate:")) candidates.push({ candidate: line.slice(2), sdpMid: mid, usernameFragment: ufrag });
    else if (line === "a=end-of-candidates") ended = true;
    else if (line.startsWith("a=ice-pwd:")) iceRestart = true; // new credentials: an ICE restart (§4.4)
  }
  return { candidates, ended, iceRestart };
}
