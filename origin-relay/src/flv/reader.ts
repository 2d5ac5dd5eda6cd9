/**
 * Push-style FLV file reader (video_file_format_spec_v10_1 §E.2-§E.4): `push(bytes)` returns complete
 * tags and keeps the remainder. Used to check what the muxer writes and to read FLV recordings.
 */
import { concat } from "#core/bytes/concat.ts";
import { TributaryError } from "#core/errors.ts";
import { FlvTagType, type FlvTag, type FlvTagTypeId } from "./tag.ts";

const HEADER_SIZE = 9 + 4;
const TAG_HEADER_SIZE = 11;

export class FlvReader {
  /** Bytes received but not yet read, joined only once they complete what `#needed` asks for. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Bytes the next read needs: the file header, a tag header, or a whole tag once its header is known. */
  #needed = HEADER_SIZE;
  #headerRead = false;
  readonly #maxTagSize: number;
  /** The header's TypeFlags, once read. */
  has: { audio: boolean; video: boolean } | undefined;

  /** `maxTagSize` caps each DataSize before its body is buffered. */
  constructor(maxTagSize = 8 * 1024 * 1024) {
    this.#maxTagSize = maxTagSize;
  }

  push(bytes: Uint8Array): FlvTag[] {
    // Joining everything held on every push made a large tag arriving in small pieces quadratic
    // (a 4 MiB tag in 4 KiB pieces took a second); now the bytes wait until the next read can finish.
    this.#pending.push(bytes.slice());
    this.#pendingBytes += bytes.byteLength;
    const tags: FlvTag[] = [];
    if (this.#pendingBytes < this.#needed) return tags;
    const buffer = concat(this.#pending);
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    let at = 0;
    if (!this.#headerRead) {
      if (buffer[0] !== 0x46 || buffer[1] !== 0x4c || buffer[2] !== 0x56) throw new TributaryError("media.invalid", "not an FLV stream");
      const dataOffset = view.getUint32(5);
      if (dataOffset !== 9) throw new TributaryError("media.invalid", `unexpected FLV DataOffset ${dataOffset}`);
      this.has = { audio: ((buffer[4] as number) & 0x04) !== 0, video: ((buffer[4] as number) & 0x01) !== 0 };
      this.#headerRead = true;
      at = HEADER_SIZE;
    }
    this.#needed = TAG_HEADER_SIZE;
    while (buffer.length - at >= TAG_HEADER_SIZE) {
      const type = (buffer[at] as number) & 0x1f;
      const dataSize = view.getUint32(at) & 0xffffff;
      if (dataSize > this.#maxTagSize) throw new TributaryError("ingest.size_limit", `FLV tag of ${dataSize} bytes above the cap`);
      if (type !== FlvTagType.audio && type !== FlvTagType.video && type !== FlvTagType.script) throw new TributaryError("media.invalid", `unknown FLV tag type ${type}`);
      if (buffer.length - at < TAG_HEADER_SIZE + dataSize + 4) {
        this.#needed = TAG_HEADER_SIZE + dataSize + 4;
        break;
      }
      const timestamp = ((view.getUint32(at + 4) >>> 8) | ((buffer[at + 7] as number) << 24)) >>> 0;
      const payload = buffer.slice(at + TAG_HEADER_SIZE, at + TAG_HEADER_SIZE + dataSize);
      tags.push({ type: type as FlvTagTypeId, timestamp, payload });
      at += TAG_HEADER_SIZE + dataSize + 4;
    }
    const rest = buffer.subarray(at);
    this.#pending = rest.byteLength === 0 ? [] : [rest];
    this.#pendingBytes = rest.byteLength;
    return tags;
  }
}
