import { describe, expect, it } from "vitest";
import { isTributaryError } from "../errors.ts";
import { formatVttTimestamp, parseWebVtt } from "./webvtt.ts";

const GOOD = ["WEBVTT - a film", "Kind: captions", "", "NOTE made by hand", "", "intro", "00:00:00.500 --> 00:00:02.000 align:start position:10%", "Hello", "", "01:03.000 --> 01:04.250", "<v Bob>Bye</v>", ""].join("\r\n");

function refusal(text: string): { line: unknown; message: string } {
  try {
    parseWebVtt(text);
  } catch (error) {
    if (isTributaryError(error, "request.invalid")) return { line: error.details?.["line"], message: error.message };
    throw error;
  }
  throw new Error("parsed");
}

describe("parseWebVtt", () => {
  it("reads the header, skips notes and keeps each cue block as written", () => {
    const vtt = parseWebVtt(GOOD);
    expect(vtt.preamble).toEqual(["Kind: captions"]);
    expect(vtt.cues).toEqual([
      { start: 0.5, end: 2, text: "intro\n00:00:00.500 --> 00:00:02.000 align:start position:10%\nHello" },
      { start: 63, end: 64.25, text: "01:03.000 --> 01:04.250\n<v Bob>Bye</v>" },
    ]);
  });

  it.each([
    { name: "missing header", text: "WEBVT\n\n00:00.000 --> 00:01.000\nx", line: 1 },
    { name: "bad timestamp", text: "WEBVTT\n\n00:00.000 --> 00:01.0000\nx", line: 3 },
    { name: "minutes over 59", text: "WEBVTT\n\nid\n00:61.000 --> 00:62.000\nx", line: 4 },
    { name: "end before start", text: "WEBVTT\n\n00:02.000 --> 00:01.000\nx", line: 3 },
    { name: "unknown setting", text: "WEBVTT\n\n00:00.000 --> 00:01.000 colour:red\nx", line: 3 },
    { name: "bad setting value", text: "WEBVTT\n\n00:00.000 --> 00:01.000 align:middle\nx", line: 3 },
    { name: "no blank line between cues", text: "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n00:01.000 --> 00:02.000\ny", line: 5 },
    { name: "a broken arrow", text: "WEBVTT\n\n00:00.000 -> 00:01.000\nx", line: 3 },
    { name: "identifier without timing", text: "WEBVTT\n\nlonely", line: 3 },
    { name: "STYLE after a cue", text: "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\nSTYLE\n::cue {}", line: 6 },
  ])("refuses $name, naming line $line", ({ text, line }) => {
    const got = refusal(text);
    expect(got.line).toBe(line);
    expect(got.message).toContain(`line ${line}`);
  });

  it("refuses a file over the size cap", () => {
    expect(() => parseWebVtt(`WEBVTT\n\n${"x".repeat(3 * 1024 * 1024)}`)).toThrow(/larger than/);
  });

  it("formats timestamps as hh:mm:ss.ttt", () => {
    expect(formatVttTimestamp(3723.5)).toBe("01:02:03.500");
  });
});
