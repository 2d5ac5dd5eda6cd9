/** What `npm start` prints: where to publish, where to watch, and the secrets shown only now. */
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey } from "#core/tokens/signing-keys.ts";
import type { StreamWithKey } from "#core/records/streams.ts";
import { whipBaseUrl } from "./whip-url.ts";
import type { RunningPlatform } from "./platform.ts";

const DAY = 24 * 3600;

/** What the banner reads: the in-process platform and the supervised one both have it. */
export type BannerPlatform = Pick<RunningPlatform, "config" | "keyring" | "edgeUrl" | "adminKey">;

export async function playbackUrls(platform: Pick<RunningPlatform, "keyring" | "edgeUrl">, playbackId: string): Promise<{ hls: string; dash: string; page: string }> {
  const token = await signPlaybackToken(activeKey(platform.keyring), { mediaId: playbackId, tenantId: LOCAL_TENANT_ID, expiresAt: Math.floor(Date.now() / 1000) + DAY });
  const base = `${platform.edgeUrl}/p/${token}/${playbackId}`;
  return { hls: `${base}/master.m3u8`, dash: `${base}/manifest.mpd`, page: `${platform.edgeUrl}/watch/${token}/${playbackId}` };
}

/**
 * The SRT URL as ffmpeg 5.1 takes it: SRT Access Control streamid with a literal `#` (not `%23`),
 * the stream's passphrase and AES-128.
 */
export function srtPublishUrl(host: string, port: number, streamId: string, passphrase: string): string {
  return `srt://${host}:${port}?streamid=#!::r=${streamId},m=publish&passphrase=${passphrase}&pbkeylen=16`;
}

export async function banner(platform: BannerPlatform, demo: StreamWithKey | undefined, sampleId: string | undefined): Promise<string> {
  const { relay } = platform.config;
  const lines = ["", "Tributary is running.", `  Edge and API   ${platform.edgeUrl ?? "(not in this process)"}`];
  if (platform.edgeUrl) lines.push(`  Dashboard      ${platform.edgeUrl}/dashboard`);
  if (platform.adminKey) lines.push(`  Admin API key  ${platform.adminKey}   (shown once: keep it)`);
  if (demo) {
    const key = demo.streamKey;
    const watch = await playbackUrls(platform, demo.stream.id);
    lines.push(
      "",
      `Demo stream "${demo.stream.name}" (its key is new at every start):`,
      `  Publish (RTMP)   rtmp://${relay.publicHost}:${relay.rtmpPort}/live/${key}`,
      `  Publish (RTMPS)  rtmps://${relay.publicHost}:${relay.rtmpsPort}/live/${key}   (self-signed certificate locally)`,
      ...(demo.stream.srtPassphrase ? [`  Publish (SRT)    ${srtPublishUrl(relay.publicHost, relay.srtPort, demo.stream.id, demo.stream.srtPassphrase)}`] : []),
      `  Publish (WHIP)   ${whipBaseUrl(platform.config)}/${demo.stream.id}   (Bearer token: the stream key)`,
      `  OBS              Server rtmp://${relay.publicHost}:${relay.rtmpPort}/live  ·  Stream key ${key}  ·  Keyframe interval 2 s`,
      `  ffmpeg           ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine -c:v libx264 -g 60 -c:a aac -f flv rtmp://${relay.publicHost}:${relay.rtmpPort}/live/${key}`,
      `  Watch (HLS)      ${watch.hls}`,
      `  Watch (DASH)     ${watch.dash}`,
      `  Player page      ${watch.page}`,
    );
  }
  if (sampleId) {
    const watch = await playbackUrls(platform, sampleId);
    lines.push("", "Sample video:", `  Watch (HLS)      ${watch.hls}`, `  Watch (DASH)     ${watch.dash}`, `  Player page      ${watch.page}`);
  }
  lines.push("", "Playback URLs are signed for 24 hours; they play in hls.js, Shaka, dash.js, Safari, ffplay and VLC.", "");
  return lines.join("\n");
}
