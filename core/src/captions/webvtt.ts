/**
 * A strict WebVTT parser (W3C WebVTT §4): the `WEBVTT` header, NOTE/STYLE/REGION blocks, and cues with
 * `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt` timings and known settings. Anything else is refused with the
 * 1-based line number, so an uploader can fix the file.
 */
import { TributaryError } from "../errors.ts";

/** Largest caption file accepted, in bytes (UTF-8). */
export const MAX_WEBVTT_BYTES = 2 * 1024 * 1024;
/** Most cues one file may hold. */
export const MAX_WEBVTT_CUES = 50_000;

export interface WebVttCue {
  /** Seconds. */
  start: number;
  end: number;
  /** The cue block as written (identifier, timing line, payload), lines joined by `\n`. */
  text: string;
}

export interface WebVtt {
  /** Header lines after `WEBVTT` and STYLE/REGION blocks, kept so the whole file can be rewritten. */
  preamble: string[];
  cues: WebVttCue[];
}

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SETTING_VALUES: Readonly<Record<string, RegExp>> = {
  vertical: /^(rl|lr)$/,
  line: /^(-?\d+|\d{1,3}(\.\d+)?%)(,(start|center|end))?$/,
  position: /^\d{1,3}(\.\d+)?%(,(line-left|center|line-right))?$/,
  size: /^\d{1,3}(\.\d+)?%$/,
  align: /^(start|center|end|left|right)$/,
  region: /^[^\s>-][^\s]*$/,
};

function invalid(line: number, reason: string): TributaryError {
  return new TributaryError("request.invalid", `WebVTT line ${line}: ${reason}`, { details: { reason: "webvtt", line } });
}

/** Seconds of a WebVTT timestamp, or `undefined` when it is not one. */
export function parseVttTimestamp(text: string): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, hours = "0", minutes = "0", seconds = "0", millis = "0"] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(millis) / 1000;
}

/** Formats seconds as `hh:mm:ss.ttt`. */
export function formatVttTimestamp(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(Math.floor(millis / 3_600_000))}:${pad(Math.floor(millis / 60_000) % 60)}:${pad(Math.floor(millis / 1000) % 60)}.${pad(millis % 1000, 3)}`;
}

/** Parses and validates a WebVTT file; throws `request.invalid` naming the first bad line. */
export function parseWebVtt(source: string): WebVtt {
  if (new TextEncoder().encode(source).byteLength > MAX_WEBVTT_BYTES) throw new TributaryError("request.too_large", `WebVTT larger than ${MAX_WEBVTT_BYTES} bytes`);
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const first = lines[0] ?? "";
  if (!/^WEBVTT([ \t].*)?$/.test(first)) throw invalid(1, "the file must start with WEBVTT");
  const preamble: string[] = [];
  let i = 1;
  for (; i < lines.length && lines[i] !== ""; i++) {
    if ((lines[i] ?? "").includes("-->")) throw invalid(i + 1, "a header line may not contain -->");
    preamble.push(lines[i] ?? "");
  }
  const cues: WebVttCue[] = [];
  while (i < lines.length) {
    while (i < lines.length && lines[i] === "") i++;
    if (i >= lines.length) break;
    const start = i;
    while (i < lines.length && lines[i] !== "") i++;
    const block = lines.slice(start, i);
    const head = block[0] ?? "";
    if (/^NOTE($|[ \t])/.test(head)) {
      if (block.some((line) => line.includes("-->"))) throw invalid(start + 1 + block.findIndex((line) => line.includes("-->")), "a NOTE may not contain -->");
      continue;
    }
    if (/^(STYLE|REGION)[ \t]*$/.test(head)) {
      if (cues.length > 0) throw invalid(start + 1, `${head.trim()} blocks must come before the first cue`);
      preamble.push("", ...block);
      continue;
    }
    cues.push(parseCue(block, start + 1));
    if (cues.length > MAX_WEBVTT_CUES) throw invalid(start + 1, `more than ${MAX_WEBVTT_CUES} cues`);
  }
  return { preamble, cues };
}

function parseCue(block: readonly string[], firstLine: number): WebVttCue {
  const hasId = !(block[0] ?? "").includes("-->");
  // An identifier that starts like a timestamp is a timing line with a broken arrow: name that line.
  if (hasId && /^(\d{2,}:)?\d{2}:\d{2}\.\d/.test(block[0] ?? "") && !(block[1] ?? "").includes("-->")) {
    throw invalid(firstLine, "expected a cue timing line: hh:mm:ss.ttt --> hh:mm:ss.ttt");
  }
  const timingIndex = hasId ? 1 : 0;
  const timingLine = firstLine + timingIndex;
  const timing = block[timingIndex];
  if (timing === undefined) throw invalid(firstLine, "a cue identifier must be followed by a timing line");
  const match = /^(\S+)[ \t]+-->[ \t]+(\S+)(.*)$/.exec(timing);
  if (match === null) throw invalid(timingLine, "expected a cue timing line: hh:mm:ss.ttt --> hh:mm:ss.ttt");
  const [, startText = "", endText = "", settings = ""] = match;
  const start = parseVttTimestamp(startText);
  if (start === undefined) throw invalid(timingLine, `bad start timestamp "${startText}"`);
  const end = parseVttTimestamp(endText);
  if (end === undefined) throw invalid(timingLine, `bad end timestamp "${endText}"`);
  if (end <= start) throw invalid(timingLine, "the cue must end after it starts");
  if (settings !== "" && !/^[ \t]/.test(settings)) throw invalid(timingLine, "settings must be separated from the end timestamp by a space");
  for (const setting of settings.trim().split(/[ \t]+/).filter((s) => s !== "")) {
    const colon = setting.indexOf(":");
    const name = colon < 0 ? setting : setting.slice(0, colon);
    const pattern = SETTING_VALUES[name];
    if (pattern === undefined || colon < 0 || !pattern.test(setting.slice(colon + 1))) throw invalid(timingLine, `bad cue setting "${setting}"`);
  }
  const payload = block.slice(timingIndex + 1);
  const arrow = payload.findIndex((line) => line.includes("-->"));
  if (arrow >= 0) throw invalid(timingLine + 1 + arrow, "cue text may not contain -->; separate cues with a blank line");
  return { start, end, text: block.join("\n") };
}
