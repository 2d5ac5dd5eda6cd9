/**
 * Push-style parser for ffmpeg's stderr: `-progress` key=value blocks and classic `-stats` lines
 * become typed updates; every other line is handed back as a log line. Chunks may split anywhere,
 * even inside a UTF-8 character.
 */

export interface ProgressUpdate {
  /** Frames output so far (first video stream). */
  frame: number | undefined;
  /** Encoding frames per second. */
  fps: number | undefined;
  /** Output bitrate in kbit/s. */
  bitrateKbps: number | undefined;
  /** Bytes written so far. */
  totalSize: number | undefined;
  /** Output timestamp in microseconds. */
  outTimeUs: number | undefined;
  /** Speed relative to real time (1 = real time). */
  speed: number | undefined;
  dupFrames: number;
  dropFrames: number;
  /** True on the last update, when ffmpeg is finishing. */
  end: boolean;
}

export interface ProgressChunk {
  updates: ProgressUpdate[];
  /** Non-progress stderr lines (warnings, errors), trimmed, without empty ones. */
  lines: string[];
}

/** A line longer than this without a break is emitted as-is rather than buffered forever. */
const MAX_LINE = 64 * 1024;

const BLOCK_LINE = /^([a-z0-9_]+)=(.*)$/;
const STATS_FIELD = /([a-zA-Z_]+)=\s*(\S+)/g;

export class ProgressParser {
  #decoder = new TextDecoder();
  #rest = "";
  #block = new Map<string, string>();

  /** Feeds stderr bytes; returns the updates and log lines completed by them. */
  push(chunk: Uint8Array | string): ProgressChunk {
    this.#rest += typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true });
    const parts = this.#rest.split(/\r\n|\r|\n/);
    this.#rest = parts.pop() ?? "";
    if (this.#rest.length > MAX_LINE) {
      parts.push(this.#rest);
      this.#rest = "";
    }
    return this.#parseLines(parts);
  }

  /** Ends the input: the unterminated last line is parsed too. */
  flush(): ProgressChunk {
    const last = this.#rest + this.#decoder.decode();
    this.#rest = "";
    return this.#parseLines(last === "" ? [] : [last]);
  }

  #parseLines(lines: string[]): ProgressChunk {
    const out: ProgressChunk = { updates: [], lines: [] };
    for (const raw of lines) {
      const line = raw.trim();
      if (line === "") continue;
      if (line.startsWith("frame=") && line.includes(" fps=")) {
        out.updates.push(fromStats(line));
        continue;
      }
      const kv = BLOCK_LINE.exec(line);
      if (kv === null) {
        out.lines.push(line);
        continue;
      }
      const [, key = "", value = ""] = kv;
      this.#block.set(key, value.trim());
      if (key === "progress") {
        out.updates.push(fromBlock(this.#block));
        this.#block = new Map();
      }
    }
    return out;
  }
}

function fromBlock(block: Map<string, string>): ProgressUpdate {
  const outTimeUs = num(block.get("out_time_us"));
  return {
    frame: num(block.get("frame")),
    fps: num(block.get("fps")),
    bitrateKbps: num(block.get("bitrate")?.replace(/kbits\/s$/, "")),
    totalSize: num(block.get("total_size")),
    outTimeUs: outTimeUs ?? clockToUs(block.get("out_time")),
    speed: num(block.get("speed")?.replace(/x$/, "")),
    dupFrames: num(block.get("dup_frames")) ?? 0,
    dropFrames: num(block.get("drop_frames")) ?? 0,
    end: block.get("progress") === "end",
  };
}

/** `frame=  120 fps= 30 q=28.0 size=  512kB time=00:00:04.00 bitrate=1048.6kbits/s dup=2 drop=0 speed=1x` */
function fromStats(line: string): ProgressUpdate {
  const fields = new Map<string, string>();
  for (const [, key = "", value = ""] of line.matchAll(STATS_FIELD)) fields.set(key, value);
  const size = fields.get("size") ?? fields.get("Lsize");
  return {
    frame: num(fields.get("frame")),
    fps: num(fields.get("fps")),
    bitrateKbps: num(fields.get("bitrate")?.replace(/kbits\/s$/, "")),
    totalSize: size === undefined ? undefined : sizeToBytes(size),
    outTimeUs: clockToUs(fields.get("time")),
    speed: num(fields.get("speed")?.replace(/x$/, "")),
    dupFrames: num(fields.get("dup")) ?? 0,
    dropFrames: num(fields.get("drop")) ?? 0,
    // The final stats line reports the whole output size as "Lsize".
    end: fields.has("Lsize"),
  };
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || text === "" || text === "N/A") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** "[-]HH:MM:SS.frac" → microseconds. */
function clockToUs(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (m === null) return undefined;
  const us = Math.round((Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1_000_000);
  return m[1] === "-" ? -us : us;
}

/** "512kB" / "1024KiB" → bytes. */
function sizeToBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(kB|KiB|MB|MiB|B)?$/.exec(text);
  if (m === null) return undefined;
  const unit = m[2] === "kB" || m[2] === "KiB" ? 1024 : m[2] === "MB" || m[2] === "MiB" ? 1024 * 1024 : 1;
  return Math.round(Number(m[1]) * unit);
}
