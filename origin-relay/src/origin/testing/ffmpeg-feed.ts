/**
 * Feeds a LiveMedia from a real ffmpeg: the low-latency ladder command (one 360p rung + AAC) reading
 * lavfi testsrc2 + sine at its native rate (`-re`), each output through a CmafSegmenter, as the
 * pipeline does. Used by the browser playback test and the LL benchmark.
 */
import type { Clock } from "#core/clock.ts";
import { CmafSegmenter } from "#transcoder/cmaf/segmenter.ts";
import type { SegmenterEvent } from "#transcoder/cmaf/types.ts";
import { buildLadderArgs } from "#transcoder/ffmpeg/args.ts";
import { spawnFfmpeg } from "#transcoder/ffmpeg/process.ts";
import type { ExitInfo } from "#transcoder/ffmpeg/process.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { selectLadder } from "#transcoder/ladder/select.ts";
import { renditionConfigs } from "#transcoder/pipeline/renditions.ts";
import type { Ladder } from "#core/ladder/types.ts";
import { LiveMedia } from "../live-media.ts";
import { ladderPartTarget } from "../part-target.ts";

export interface FeedOptions {
  mediaId: string;
  clock: Clock;
  seconds: number;
  /** Told about every event after LiveMedia has it: the benchmark times part availability here. */
  onEvent?: (rendition: string, event: SegmenterEvent) => void;
}

export interface Feed {
  media: LiveMedia;
  ladder: Ladder;
  /** Resolves when ffmpeg exited and every segmenter flushed; `media.end()` has been called. */
  done: Promise<ExitInfo>;
}

/** The one-rung low-latency ladder: 640x360 at 30 fps, 2 s segments of 0.2 s parts, zerolatency x264. */
export function lowLatencyLadder(): Ladder {
  return selectLadder(
    { width: 640, height: 360, fps: 30, videoCodec: "h264" },
    parseLadderConfig({ latency: "low", rungs: [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }] }),
  );
}

export function startFfmpegFeed(options: FeedOptions): Feed {
  const ladder = lowLatencyLadder();
  const media = new LiveMedia({
    mediaId: options.mediaId, renditions: renditionConfigs(ladder), clock: options.clock,
    partTarget: ladderPartTarget(ladder), targetDuration: ladder.segmentDuration, lowLatency: true,
  });
  const command = buildLadderArgs(ladder, { kind: "file", path: lavfiSource(options.seconds), realtime: true });
  // The lavfi graph is the "file": tell ffmpeg its format right before -i.
  const args = [...command.args];
  args.splice(args.indexOf("-i"), 0, "-f", "lavfi");
  const proc = spawnFfmpeg({ ...command, args }, { ffmpegPath: "ffmpeg" });
  const outputs = [...proc.outputs].map(async ([name, stream]) => {
    const segmenter = new CmafSegmenter({ targetDuration: ladder.segmentDuration });
    const emit = (events: SegmenterEvent[]) => {
      for (const event of events) {
        media.handle(name, event);
        options.onEvent?.(name, event);
      }
    };
    for await (const chunk of stream) emit(segmenter.push(chunk as Uint8Array));
    emit(segmenter.flush());
  });
  const done = Promise.all(outputs).then(async () => {
    media.end();
    return proc.exited;
  });
  return { media, ladder, done };
}

/** testsrc2 with a burnt-in clock and a 440 Hz tone: one lavfi input carrying video and audio. */
function lavfiSource(seconds: number): string {
  return `testsrc2=size=640x360:rate=30:duration=${seconds}[out0];sine=frequency=440:sample_rate=48000:duration=${seconds}[out1]`;
}
