/** Finds ffmpeg and ffprobe (configured path or PATH) and checks they can run our ladder. */
import { TributaryError } from "#core/errors.ts";
import { runTool } from "./run.ts";

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** e.g. { major: 5, minor: 1 }; null for git builds ("N-12345-g...") which are taken as new enough. */
  version: { major: number; minor: number } | null;
}

export interface LocateOptions {
  /** Explicit paths from config; otherwise "ffmpeg"/"ffprobe" are looked up on PATH. */
  ffmpegPath?: string;
  ffprobePath?: string;
}

export const MIN_FFMPEG_MAJOR = 5;

const INSTALL_HINT = "install FFmpeg 5 or newer with libx264 (Debian/Ubuntu: `apt-get install ffmpeg`) or set the ffmpeg path in config";

/**
 * Resolves the tools or throws one `transcode.unavailable` error whose message says what to install.
 * @example const tools = await locateFfmpeg({ ffmpegPath: config.ffmpegPath });
 */
export async function locateFfmpeg(options: LocateOptions = {}): Promise<FfmpegTools> {
  const ffmpeg = options.ffmpegPath ?? "ffmpeg";
  const ffprobe = options.ffprobePath ?? "ffprobe";
  const versionText = await runOrExplain(ffmpeg, ["-hide_banner", "-version"]);
  const version = parseFfmpegVersion(versionText);
  if (version !== null && version.major < MIN_FFMPEG_MAJOR) {
    throw unavailable(`${ffmpeg} is version ${version.major}.${version.minor}, which is too old: ${INSTALL_HINT}.`, { ffmpeg, version });
  }
  const encoders = await runOrExplain(ffmpeg, ["-hide_banner", "-encoders"]);
  if (!/^\s*V\S*\s+libx264\s/m.test(encoders)) {
    throw unavailable(`${ffmpeg} was built without the libx264 encoder: ${INSTALL_HINT}.`, { ffmpeg });
  }
  await runOrExplain(ffprobe, ["-hide_banner", "-version"]);
  return { ffmpeg, ffprobe, version };
}

/** "ffmpeg version 5.1.9-0+deb12u1 ..." → {5, 1}; "ffmpeg version n6.1" → {6, 1}; git builds → null. */
export function parseFfmpegVersion(text: string): { major: number; minor: number } | null {
  const m = /(?:ffmpeg|ffprobe) version n?(\d+)\.(\d+)/.exec(text);
  return m === null ? null : { major: Number(m[1]), minor: Number(m[2]) };
}

async function runOrExplain(path: string, args: string[]): Promise<string> {
  let result;
  try {
    result = await runTool(path, args);
  } catch (cause) {
    throw unavailable(`${path} could not be started (${(cause as Error).message}): ${INSTALL_HINT}.`, { path }, cause);
  }
  if (result.exitCode !== 0) {
    throw unavailable(`${path} ${args.join(" ")} exited with ${result.exitCode}: ${INSTALL_HINT}.`, { path, stderr: result.stderr.slice(-500) });
  }
  return result.stdout;
}

function unavailable(message: string, details: Record<string, unknown>, cause?: unknown): TributaryError {
  return new TributaryError("transcode.unavailable", message, { fatal: true, details, cause });
}
