/**
 * Per-frame MD5s of a file as ffmpeg decodes it, optionally with a `-decryption_key`; undefined when
 * ffmpeg fails. The file goes in on stdin: with a seekable file, ffmpeg 5.1 indexes every fragment up
 * front and then applies the last fragment's senc to all of them (it fails the same way on the cenc
 * files its own muxer writes), while a pipe makes it read fragment by fragment.
 */
import { execFile } from "node:child_process";

export function frameHashes(file: Uint8Array, key?: Uint8Array): Promise<string[] | undefined> {
  const args = ["-hide_banner", "-v", "error", ...(key === undefined ? [] : ["-decryption_key", Buffer.from(key).toString("hex")]), "-i", "pipe:0", "-f", "framemd5", "-"];
  return new Promise((resolve) => {
    const child = execFile("ffmpeg", args, { maxBuffer: 16 << 20, timeout: 30_000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(",").pop()?.trim() ?? ""));
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(file);
  });
}
