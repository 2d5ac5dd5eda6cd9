/**
 * The WHIP or WHEP sessions a relay holds, by resource id (RFC 9725 §4.2: the Location the POST
 * answered). Each has an entity tag for its ICE session (§4.3.1), so a PATCH made against an older
 * one is refused; trickled candidates go to its peer; DELETE ends it.
 */
import type { RTCPeerConnection } from "werift";
import { TributaryError } from "#core/errors.ts";
import { parseSdpFragment } from "./trickle.ts";

export interface RtcSession {
  close(): Promise<void>;
}

interface Entry {
  peer: RTCPeerConnection;
  session: RtcSession;
  etag: string;
}

export class RtcResources {
  readonly #entries = new Map<string, Entry>();

  get size(): number {
    return this.#entries.size;
  }

  /** Registers a session; returns its resource id and entity tag. */
  add(peer: RTCPeerConnection, session: RtcSession): { id: string; etag: string } {
    const id = crypto.randomUUID();
    const etag = `"${crypto.randomUUID()}"`;
    this.#entries.set(id, { peer, session, etag });
    return { id, etag };
  }

  /** Forgets a session that ended by itself. */
  forget(id: string): void {
    this.#entries.delete(id);
  }

  /** Applies a trickle-ice-sdpfrag PATCH. */
  async trickle(id: string, fragment: string, ifMatch: string | undefined): Promise<void> {
    const entry = this.#entry(id);
    if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== entry.etag) throw new TributaryError("storage.precondition_failed", "the ICE session changed");
    const parsed = parseSdpFragment(fragment);
    if (parsed.iceRestart) throw new TributaryError("request.invalid", "ICE restarts are not supported: start a new session", { details: { reason: "ice-restart" } });
    for (const candidate of parsed.candidates) {
      try {
        await entry.peer.addIceCandidate({ candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? "0", ...(candidate.usernameFragment ? { usernameFragment: candidate.usernameFragment } : {}) });
      } catch (error) {
        throw new TributaryError("request.invalid", "a trickled candidate was not accepted", { details: { reason: "candidate" }, cause: error });
      }
    }
  }

  async end(id: string): Promise<void> {
    const entry = this.#entry(id);
    this.#entries.delete(id);
    await entry.session.close();
  }

  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => entry.session.close()));
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (entry === undefined) throw new TributaryError("request.not_found", "no such session");
    return entry;
  }
}
