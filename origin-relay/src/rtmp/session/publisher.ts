/**
 * One accepted publish: turns RTMP media and data messages into FLV tags for the handlers (which parse
 * them, once, for codecs and media), and guarantees `onEnd` runs exactly once.
 */
import { metadataFromData, scriptTagPayload } from "../../flv/metadata.ts";
import { FlvTagType } from "../../flv/tag.ts";
import { decodeData } from "../message/data.ts";
import { MessageType, type RtmpMessage } from "../message/type-ids.ts";
import type { PublishEndReason, PublishHandlers } from "./types.ts";

export class Publisher {
  readonly streamId: string;
  readonly messageStreamId: number;
  readonly #handlers: PublishHandlers;
  #ended = false;

  constructor(streamId: string, messageStreamId: number, handlers: PublishHandlers) {
    this.streamId = streamId;
    this.messageStreamId = messageStreamId;
    this.#handlers = handlers;
  }

  /** Delivers one message of the publishing stream. Errors from handlers propagate to the caller. */
  deliver(message: RtmpMessage): void {
    const { typeId, timestamp, payload } = message;
    if (typeId === MessageType.audio || typeId === MessageType.video) {
      if (payload.length === 0) return; // Some encoders send empty audio/video messages as keep-alives.
      const tag = { type: typeId === MessageType.audio ? FlvTagType.audio : FlvTagType.video, timestamp, payload };
      this.#handlers.onTag(tag);
      return;
    }
    if (typeId === MessageType.dataAmf0 || typeId === MessageType.dataAmf3) {
      const data = decodeData(payload, typeId);
      this.#handlers.onTag({ type: FlvTagType.script, timestamp, payload: scriptTagPayload(data) });
      const metadata = metadataFromData(data);
      if (metadata) this.#handlers.onMetadata?.(metadata);
    }
  }

  /** Ends the publish once; later calls do nothing. */
  end(reason: PublishEndReason, detail: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#handlers.onEnd(reason, detail);
  }
}
