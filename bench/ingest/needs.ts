/**
 * The ingest bench's machine needs, through the same preflight `npm start` and `npm test` use: ffmpeg
 * (publishers, ladder) and nginx with the RTMP module (the reference server). On a fresh Debian machine
 * run as root, preflight installs what is missing; otherwise it exits with the command to run.
 */
const PREFLIGHT: string = new URL("../../scripts/preflight.mjs", import.meta.url).href;

export async function ensureNeeds(): Promise<void> {
  // preflight.mjs is plain JavaScript without types: imported by URL and given its one signature here.
  const { ensure } = (await import(PREFLIGHT)) as { ensure(names: readonly string[]): void };
  ensure(["ffmpeg", "nginxRtmp"]);
}
