/**
 * WHEP playback on the relay (draft-ietf-wish-whep): the edge has verified the viewer's token and
 * forwards the offer here, to the relay its live pointer names. Each viewer is a werift peer fed from
 * the stream's real-time feed; viewers are counted per stream for health and metrics.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";
import type { RealtimeFeed } from "./realtime-feed.ts";
import { RtcResources } from "./resources.ts";
import { answerOffer, createPeer, type RtcNetwork } from "./rtc-peer.ts";
import { WhepViewer } from "./whep-viewer.ts";

export interface WhepPlaybackOptions {
  clock: Clock;
  timers: Timers;
  log: Logger;
  network: RtcNetwork;
  /** The real-time feed of the live broadcast with this media id, if this relay holds it. */
  feed(mediaId: string): RealtimeFeed | undefined;
  /** A viewer left having been sent this many seconds of media (usage). */
  onViewerLeft?: (mediaId: string, deliveredSeconds: number) => void;
}

export class WhepPlayback {
  readonly resources = new RtcResources();
  readonly #options: WhepPlaybackOptions;

  constructor(options: WhepPlaybackOptions) {
    this.#options = options;
  }

  get viewers(): number {
    return this.resources.size;
  }

  async close(): Promise<void> {
    await this.resources.closeAll();
  }

  async view(mediaId: string, offer: string): Promise<{ id: string; etag: string; answer: string }> {
    const feed = this.#options.feed(mediaId);
    if (feed === undefined) throw new TributaryError("request.not_found", "the stream is not live on this relay");
    const unplayable = feed.unplayable;
    if (unplayable !== undefined) throw new TributaryError("record.conflict", unplayable);
    const peer = createPeer(this.#options.network);
    let answer: string;
    try {
      answer = await answerOffer(peer, offer);
    } catch (error) {
      await peer.close();
      throw error;
    }
    let id = "";
    const viewer = new WhepViewer(peer, {
      feed,
      clock: this.#options.clock,
      timers: this.#options.timers,
      silenceTimeoutMs: this.#options.network.silenceTimeoutMs,
      onGone: (reason) => {
        this.resources.forget(id);
        this.#left(mediaId, viewer, reason);
      },
    });
    const added = this.resources.add(peer, {
      close: async () => {
        await viewer.close();
        this.#left(mediaId, viewer, "deleted");
      },
    });
    id = added.id;
    this.#options.log.info({ mediaId, viewers: this.resources.size }, "WHEP viewer joined");
    return { id, etag: added.etag, answer };
  }

  #left(mediaId: string, viewer: WhepViewer, reason: string): void {
    this.#options.log.info({ mediaId, reason, deliveredSeconds: viewer.deliveredSeconds }, "WHEP viewer left");
    this.#options.onViewerLeft?.(mediaId, viewer.deliveredSeconds);
  }
}
