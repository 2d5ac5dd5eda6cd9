/**
 * Chooses how one publisher session is packaged: a passthrough-only ladder fed AVC (and AAC, when the
 * ladder keeps audio) over RTMP is remuxed in process, with no ffmpeg; anything that needs an encode,
 * or arrives as MPEG-TS over SRT, goes to the supervised ffmpeg ladder.
 */
import type { Logger } from "#core-node/logger.ts";
import { buildLiveArgs } from "#transcoder/ffmpeg/args.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import type { ProgressUpdate } from "#transcoder/ffmpeg/progress.ts";
import type { Ladder } from "#core/ladder/types.ts";
import { LadderPipeline } from "#transcoder/pipeline/ladder-pipeline.ts";
import type { PipelineSink } from "#transcoder/pipeline/pipeline-sink.ts";
import { RemuxPipeline } from "#transcoder/remux/remux-pipeline.ts";
import { ladderPartTarget } from "../origin/part-target.ts";
import type { SourceUnit } from "../demux/source-unit.ts";
import type { SessionInput } from "./session-input.ts";

/** What a broadcast needs of a session's pipeline: the remuxer takes each unit's demuxed media, ffmpeg its bytes. */
export interface SessionPipeline {
  write(unit: SourceUnit): void;
  end(): Promise<void>;
  readonly done: Promise<void>;
}

export interface SessionPipelineOptions {
  tools: FfmpegTools;
  sinks: PipelineSink[];
  log: Logger;
  onProgress?: ((update: ProgressUpdate) => void) | undefined;
  /** Called each time ffmpeg died and is restarted. */
  onRestart?: (() => void) | undefined;
}

/** True when the session can be packaged by copying: no encoded rungs, AVC from FLV, AAC or no audio kept. */
export function canRemux(ladder: Ladder, input: SessionInput): boolean {
  if (input.inputFormat !== "flv" || ladder.video.length > 0 || ladder.passthrough === null) return false;
  if (!(input.codecInfo.video?.codec.startsWith("avc1") ?? false)) return false;
  return ladder.audio === null || (input.codecInfo.audio?.codec.startsWith("mp4a.40.") ?? false);
}

/** The session's picture size, when its source declared one: a later session's smaller picture is not scaled up. */
function pictureSize(input: SessionInput): { width: number; height: number } | undefined {
  const { width, height } = input.codecInfo.video ?? {};
  return width !== undefined && height !== undefined && width > 0 && height > 0 ? { width, height } : undefined;
}

export function createSessionPipeline(ladder: Ladder, input: SessionInput, options: SessionPipelineOptions): SessionPipeline {
  const { tools, sinks, log } = options;
  const hasAudio = ladder.audio !== null;
  if (ladder.passthrough !== null && canRemux(ladder, input)) {
    const remux = new RemuxPipeline({
      renditions: { video: ladder.passthrough.name, audio: ladder.audio?.name },
      sinks,
      segmentDuration: ladder.segmentDuration,
      partDuration: ladder.partDuration,
      // Copied audio keeps the source's rate; its parts must still fit the PART-TARGET the origin announces.
      maxPartDuration: ladderPartTarget(ladder),
      log,
    });
    return {
      write: (unit) => {
        if (unit.media !== undefined) remux.push(unit.media);
      },
      end: () => remux.end(),
      done: remux.done,
    };
  }
  const encoder = new LadderPipeline({
    command: buildLiveArgs(ladder, { inputFormat: input.inputFormat, source: pictureSize(input) }),
    ffmpegPath: tools.ffmpeg,
    sinks,
    segmentDuration: ladder.segmentDuration,
    log,
    preamble: () => input.preamble(hasAudio),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    onDeath: (death) => {
      if (death.restartInMs !== null) options.onRestart?.();
    },
  });
  return {
    write: (unit) => void encoder.write(unit.bytes),
    end: () => encoder.end(),
    done: encoder.done,
  };
}
