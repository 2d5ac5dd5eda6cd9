/**
 * ONE long-lived ffmpeg shared by every stream of a process: each request is one H.264 keyframe
 * (Annex B) on stdin, each answer one JPEG on stdout, in order. The SPS is rewritten to reorder
 * depth 0 and an access unit delimiter follows each picture, so ffmpeg's parser and decoder emit the
 * picture at once instead of after the next request. Pictures are letterboxed into one fixed box:
 * ffmpeg 5.1 reinits its filter graph on a new SPS but not the mjpeg encoder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { TributaryError } from "#core/errors.ts";
import { concat } from "#core/bytes/concat.ts";
import type { AvcConfigurationBox } from "../boxes/avcC.ts";
import { annexB, keyframeAccessUnit, nalUnitType } from "./annex-b.ts";
import { JpegSplitter } from "./jpeg-splitter.ts";
import { lowDelaySps } from "./sps-low-delay.ts";

export interface KeyframeDecoderPolicy {
  width: number;
  height: number;
  quality: number;
  maxBytes: number;
  /** Requests waiting beyond the one in flight; more are refused and counted. */
  maxQueued: number;
  restart: { initialDelayMs: number; multiplier: number; maxDelayMs: number };
}

export const defaultKeyframeDecoderPolicy: KeyframeDecoderPolicy = {
  width: 640, height: 360, quality: 5, maxBytes: 2 * 1024 * 1024, maxQueued: 16,
  restart: { initialDelayMs: 200, multiplier: 2, maxDelayMs: 10_000 },
};

const AUD = new Uint8Array([0, 0, 0, 1, 9, 0xf0]);

interface Request { bytes: Uint8Array; resolve: (jpeg: Uint8Array) => void; reject: (error: TributaryError) => void }

export class KeyframeDecoder {
  readonly #ffmpegPath: string;
  readonly #policy: KeyframeDecoderPolicy;
  readonly #queue: Request[] = [];
  #inFlight: Request | undefined;
  #child: ChildProcess | undefined;
  #restarts = 0;
  #notBefore = 0;
  #closed = false;
  /** Requests refused because the queue was full. */
  refused = 0;
  /** Worker processes started so far. */
  starts = 0;

  constructor(ffmpegPath: string, policy: Partial<KeyframeDecoderPolicy> = {}) {
    this.#ffmpegPath = ffmpegPath;
    this.#policy = { ...defaultKeyframeDecoderPolicy, ...policy };
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The JPEG of one keyframe sample (length-prefixed NAL units) decoded with `avcC`. */
  decode(avcC: AvcConfigurationBox, sample: Uint8Array): Promise<Uint8Array> {
    const units = keyframeAccessUnit(avcC, sample).map((u) => (nalUnitType(u) === 7 ? lowDelaySps(u) : u));
    return this.decodeAnnexB(concat([annexB(units), AUD]));
  }

  /** One Annex-B access unit (with SPS/PPS and a trailing delimiter) to one JPEG. */
  decodeAnnexB(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new TributaryError("transcode.unavailable", "keyframe decoder is closed"));
    if (this.#queue.length >= this.#policy.maxQueued) {
      this.refused++;
      return Promise.reject(new TributaryError("transcode.unavailable", "keyframe decoder queue is full"));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ bytes, resolve, reject });
      this.#next();
    });
  }

  /** Ends the worker; queued requests are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const child = this.#child;
    for (const r of this.#queue.splice(0)) r.reject(new TributaryError("transcode.unavailable", "keyframe decoder closed"));
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("close", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  #next(): void {
    if (this.#inFlight !== undefined || this.#closed) return;
    const request = this.#queue.shift();
    if (request === undefined) return;
    const wait = this.#notBefore - Date.now();
    if (this.#child === undefined && wait > 0) {
      this.#queue.unshift(request);
      setTimeout(() => this.#next(), wait);
      return;
    }
    this.#inFlight = request;
    (this.#child ??= this.#start()).stdin?.write(request.bytes);
  }

  #start(): ChildProcess {
    const p = this.#policy;
    const box = `scale=${p.width}:${p.height}:force_original_aspect_ratio=decrease,pad=${p.width}:${p.height}:(ow-iw)/2:(oh-ih)/2`;
    const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-threads", "1", "-probesize", "32", "-analyzeduration", "0", "-fpsprobesize", "0",
      "-f", "h264", "-i", "pipe:0", "-vf", box, "-threads", "1", "-q:v", String(p.quality), "-f", "image2pipe", "-c:v", "mjpeg", "-flush_packets", "1", "pipe:1"];
    const child = spawn(this.#ffmpegPath, args, { stdio: ["pipe", "pipe", "ignore"] });
    this.starts++;
    const splitter = new JpegSplitter(p.maxBytes);
    child.stdin?.on("error", () => undefined);
    child.stdout?.on("data", (chunk: Buffer) => {
      const result = splitter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      for (const jpeg of result.pictures) this.#answer(jpeg, undefined);
      if (result.oversized) this.#answer(undefined, new TributaryError("transcode.failed", `thumbnail over ${p.maxBytes} bytes refused`));
    });
    const died = () => {
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#notBefore = Date.now() + Math.min(p.restart.maxDelayMs, p.restart.initialDelayMs * p.restart.multiplier ** this.#restarts++);
      this.#answer(undefined, new TributaryError("transcode.failed", "keyframe decoder ffmpeg died"));
    };
    child.once("error", died);
    child.once("close", died);
    return child;
  }

  #answer(jpeg: Uint8Array | undefined, error: TributaryError | undefined): void {
    const request = this.#inFlight;
    if (request === undefined) return;
    this.#inFlight = undefined;
    if (jpeg !== undefined) {
      this.#restarts = 0;
      request.resolve(jpeg);
    } else request.reject(error ?? new TributaryError("transcode.failed", "no picture"));
    this.#next();
  }
}
