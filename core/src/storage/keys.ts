/**
 * The object keys (ARCHITECTURE.md "Storage layout"). Every key the platform writes is built here,
 * under the prefixes ../platform/layout.ts declares, so ids are validated before they become paths
 * and infra's policies cover exactly what is written.
 */
import { TributaryError } from "../errors.ts";
import { layout, type LayoutName } from "../platform/layout.ts";

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const RENDITION = /^[A-Za-z0-9_-]{1,32}$/;

/** Throws `storage.invalid_key` unless `id` is a safe single path segment. */
export function assertId(id: string, what = "id"): string {
  if (!ID.test(id)) throw new TributaryError("storage.invalid_key", `invalid ${what}: must be 1-64 of [A-Za-z0-9_-]`, { details: { what } });
  return id;
}

function assertRendition(rendition: string): string {
  if (!RENDITION.test(rendition)) throw new TributaryError("storage.invalid_key", "invalid rendition name");
  return rendition;
}

const { tenants, apiKeys, streams, live, media, assets, mediaRecords, webhooks, webhookOutbox, idempotency, priceBooks, contentKeys, system, usage, usageCompacted, temp } = Object.fromEntries(
  Object.entries(layout).map(([name, rule]) => [name, rule.prefix]),
) as Record<LayoutName, string>;

/** File names inside a rendition's folder; playlists refer to them relative to themselves. */
export const renditionFiles = {
  /** Header of one init version: a new one starts whenever the codec configuration changes. */
  init: (version: number) => {
    if (!Number.isSafeInteger(version) || version < 0) throw new TypeError("init version must be a non-negative integer");
    return version === 0 ? "init.mp4" : `init-${version}.mp4`;
  },
  segment: (sequence: number) => {
    if (!Number.isSafeInteger(sequence) || sequence < 0) throw new TypeError("segment sequence must be a non-negative integer");
    return `${sequence}.m4s`;
  },
  playlist: "index.m3u8",
  /** The DVR playlist beside the live one (and the multivariant one beside master.m3u8). */
  dvrPlaylist: "dvr.m3u8",
} as const;

/** The static renditions a VOD job writes for download: the top video with audio, and the audio alone. */
export const DOWNLOAD_NAMES = ["highest.mp4", "audio.m4a"] as const;
export type DownloadName = (typeof DOWNLOAD_NAMES)[number];

/** The folder downloads live in, inside a media's folder; the edge serves it only to `downloadable` tokens. */
export const DOWNLOADS_FOLDER = "download/";

/** `yyyy/mm/dd/hh` of an instant, in UTC: the hour folders of usage/ and usage-compacted/. */
function hourPath(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${pad(at.getUTCHours())}`;
}

/** File names inside a caption track's folder (`captions/<language>/`). */
export const captionFiles = {
  playlist: "index.m3u8",
  segment: (index: number) => {
    if (!Number.isSafeInteger(index) || index < 0) throw new TypeError("caption segment index must be a non-negative integer");
    return `${index}.vtt`;
  },
  /** The whole WebVTT file, which DASH names as the track's one segment. */
  whole: "captions.vtt",
} as const;

/** BCP 47 language tags as caption folder names (RFC 5646 §2.1, without extensions beyond 8 characters). */
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;

/** Throws `storage.invalid_key` unless `language` is a BCP 47 tag that is safe as a folder name. */
export function assertLanguage(language: string): string {
  if (!LANGUAGE.test(language) || language.length > 32) throw new TributaryError("storage.invalid_key", "invalid language: must be a BCP 47 tag such as en or pt-BR", { details: { what: "language" } });
  return language;
}

/** A caption track's folder inside the media, relative to master.m3u8 (`captions/<language>/`). */
export const captionPath = (language: string) => `captions/${assertLanguage(language)}/`;

const mediaDir = (mediaId: string) => `${media}${assertId(mediaId, "media id")}/`;
const renditionDir = (mediaId: string, rendition: string) => `${mediaDir(mediaId)}${assertRendition(rendition)}/`;

export const keys = {
  tenant: (tenantId: string) => `${tenants}${assertId(tenantId, "tenant id")}.json`,
  stream: (streamId: string) => `${streams}${assertId(streamId, "stream id")}.json`,
  asset: (assetId: string) => `${assets}${assertId(assetId, "asset id")}.json`,
  /** An upload's record: its tenant, asset, token hash, caps and expiry (core/src/vod/uploads.ts). */
  upload: (uploadId: string) => `${assets}uploads/${assertId(uploadId, "upload id")}.json`,
  /** Transcode jobs waiting or running; one per asset, named by it (core/src/vod/transcode-jobs.ts). */
  transcodeJobs: () => `${assets}jobs/`,
  transcodeJob: (assetId: string) => `${assets}jobs/${assertId(assetId, "asset id")}.json`,
  /** Bytes of an upload in progress, where uploads are staged in the bucket (S3 mode, presigned uploads). */
  uploadStaging: (uploadId: string) => `${temp}uploads/${assertId(uploadId, "upload id")}`,
  liveOrigin: (streamId: string) => `${live}${assertId(streamId, "stream id")}/origin.json`,
  mediaPrefix: mediaDir,
  init: (mediaId: string, rendition: string, version = 0) => `${renditionDir(mediaId, rendition)}${renditionFiles.init(version)}`,
  segment: (mediaId: string, rendition: string, sequence: number) => `${renditionDir(mediaId, rendition)}${renditionFiles.segment(sequence)}`,
  mediaPlaylist: (mediaId: string, rendition: string) => `${renditionDir(mediaId, rendition)}${renditionFiles.playlist}`,
  dvrPlaylist: (mediaId: string, rendition: string) => `${renditionDir(mediaId, rendition)}${renditionFiles.dvrPlaylist}`,
  multivariant: (mediaId: string) => `${mediaDir(mediaId)}master.m3u8`,
  dvrMultivariant: (mediaId: string) => `${mediaDir(mediaId)}${renditionFiles.dvrPlaylist}`,
  mpd: (mediaId: string) => `${mediaDir(mediaId)}manifest.mpd`,
  captionPlaylist: (mediaId: string, language: string) => `${mediaDir(mediaId)}${captionPath(language)}${captionFiles.playlist}`,
  captionSegment: (mediaId: string, language: string, index: number) => `${mediaDir(mediaId)}${captionPath(language)}${captionFiles.segment(index)}`,
  captionFile: (mediaId: string, language: string) => `${mediaDir(mediaId)}${captionPath(language)}${captionFiles.whole}`,
  /** Thumbnail `slot` (media second / interval) of a broadcast or asset. */
  thumbnail: (mediaId: string, slot: number) => {
    if (!Number.isSafeInteger(slot) || slot < 0) throw new TypeError("thumbnail slot must be a non-negative integer");
    return `${mediaDir(mediaId)}thumbnails/${slot}.jpg`;
  },
  /** A static MP4 of a packaged asset, for download (served only to tokens with `downloadable`). */
  download: (mediaId: string, name: DownloadName) => `${mediaDir(mediaId)}${DOWNLOADS_FOLDER}${name}`,
  /** The scrub-preview sprite and its WebVTT index (cues `storyboard.jpg#xywh=…`), side by side. */
  storyboardSprite: (mediaId: string) => `${mediaDir(mediaId)}storyboard.jpg`,
  storyboardIndex: (mediaId: string) => `${mediaDir(mediaId)}storyboard.vtt`,
  /** A frame decoded on request at `deciseconds` / 10 s and `width` px, kept so it is decoded once. */
  frame: (mediaId: string, deciseconds: number, width: number) => {
    if (!Number.isSafeInteger(deciseconds) || deciseconds < 0 || !Number.isSafeInteger(width) || width <= 0) throw new TypeError("frame time and width must be non-negative integers");
    return `${mediaDir(mediaId)}frames/${deciseconds}-${width}.jpg`;
  },
  /** The first thumbnail, at a fixed name for players' poster attribute. */
  poster: (mediaId: string) => `${mediaDir(mediaId)}poster.jpg`,
  /** Live ingest health written by the relay (core/src/records/ingest-health.ts). */
  ingestHealth: (streamId: string) => `${live}${assertId(streamId, "stream id")}/health.json`,
  /** Per-tenant index markers: listing a tenant's records is a prefix list, never a full scan. */
  tenantStreams: (tenantId: string) => `${tenants}${assertId(tenantId, "tenant id")}/streams/`,
  tenantStream: (tenantId: string, streamId: string) => `${tenants}${assertId(tenantId, "tenant id")}/streams/${assertId(streamId, "stream id")}`,
  tenantAssets: (tenantId: string) => `${tenants}${assertId(tenantId, "tenant id")}/assets/`,
  tenantAsset: (tenantId: string, assetId: string) => `${tenants}${assertId(tenantId, "tenant id")}/assets/${assertId(assetId, "asset id")}`,
  /** The tenant's SPEKE key provider, credentials sealed (core/src/drm/speke/speke-config-store.ts). */
  tenantSpeke: (tenantId: string) => `${tenants}${assertId(tenantId, "tenant id")}/speke.json`,
  /** Which tenant owns a media id (core/src/records/media.ts); outside `media/` so it is never served. */
  mediaRecord: (mediaId: string) => `${mediaRecords}${assertId(mediaId, "media id")}.json`,
  /** API key id → tenant, so a presented key is found without a scan. */
  apiKey: (keyId: string) => `${apiKeys}${assertId(keyId, "api key id")}.json`,
  /** The tenant's price book (core/src/billing/price-book.ts). */
  priceBook: (tenantId: string) => `${priceBooks}${assertId(tenantId, "tenant id")}.json`,
  idempotency: (tenantId: string, requestHash: string) => `${idempotency}${assertId(tenantId, "tenant id")}/${assertId(requestHash, "request hash")}.json`,
  webhookEndpoints: (tenantId: string) => `${webhooks}${assertId(tenantId, "tenant id")}/endpoints/`,
  webhookEndpoint: (tenantId: string, endpointId: string) => `${webhooks}${assertId(tenantId, "tenant id")}/endpoints/${assertId(endpointId, "endpoint id")}.json`,
  /** Deliveries are named `<endpointId>-<deliveryId>` so one endpoint's deliveries list by prefix. */
  webhookDeliveries: (tenantId: string, endpointId: string) => `${webhooks}${assertId(tenantId, "tenant id")}/deliveries/${assertId(endpointId, "endpoint id")}-`,
  webhookDelivery: (tenantId: string, endpointId: string, deliveryId: string) =>
    `${webhooks}${assertId(tenantId, "tenant id")}/deliveries/${assertId(`${endpointId}-${deliveryId}`, "delivery id")}.json`,
  /** Outbox: events written before any delivery is attempted, until they are fanned out to deliveries. */
  webhookOutboxEvents: () => `${webhookOutbox}events/`,
  webhookOutboxEvent: (eventId: string) => `${webhookOutbox}events/${assertId(eventId, "event id")}.json`,
  /** Outbox: one entry per unfinished delivery, claimed by a worker with a lease while it attempts it. */
  webhookOutboxDeliveries: () => `${webhookOutbox}deliveries/`,
  webhookOutboxDelivery: (tenantId: string, endpointId: string, deliveryId: string) =>
    `${webhookOutbox}deliveries/${assertId(tenantId, "tenant id")}/${assertId(`${endpointId}-${deliveryId}`, "delivery id")}.json`,
  /** A content key by key id, sealed (core/src/drm/content-key-store.ts); the edge finds it from the key URL. */
  contentKey: (mediaId: string, kidHex: string) => {
    if (!/^[0-9a-f]{32}$/.test(kidHex)) throw new TributaryError("storage.invalid_key", "invalid key id");
    return `${contentKeys}${assertId(mediaId, "media id")}/kids/${kidHex}.json`;
  },
  /** Which key id a media's key period uses: the first writer's, so every rendition and relay agrees. */
  contentKeyPeriod: (mediaId: string, period: number) => {
    if (!Number.isSafeInteger(period) || period < 0) throw new TypeError("key period must be a non-negative integer");
    return `${contentKeys}${assertId(mediaId, "media id")}/periods/${period}.json`;
  },
  /** Platform secrets that never leave storage (signing keys); not under any served prefix. */
  system: (name: string) => `${system}${assertId(name, "system object name")}.json`,
  usage: (source: string, at: Date, instance: string, sequence: number) => `${keys.usageHour(source, at)}${assertId(instance, "instance")}-${sequence}.ndjson.gz`,
  /** The folder of one source's raw usage objects for the hour holding `at`. */
  usageHour: (source: string, at: Date) => `${usage}${assertId(source, "usage source")}/${hourPath(at)}/`,
  /** One source's closed hour as Parquet, deduplicated by record id (core/node/usage/usage-compaction.ts). */
  usageCompacted: (source: string, at: Date) => `${usageCompacted}${assertId(source, "usage source")}/${hourPath(at)}/records.parquet`,
  /**
   * Beside the Parquet object: which raw objects it holds. Its name starts with `_`, which Athena
   * (like Hive) skips when it reads the folder.
   */
  usageCompactedMarker: (source: string, at: Date) => `${usageCompacted}${assertId(source, "usage source")}/${hourPath(at)}/_compacted.json`,
} as const;

/**
 * Resolves a path requested under a media id (e.g. `720p/12.m4s`) to its object key, or `undefined`
 * when the path is not a servable media object. Refuses traversal in any encoding.
 */
export function mediaObjectKey(mediaId: string, path: string): string | undefined {
  if (!ID.test(mediaId)) return undefined;
  if (path.length === 0 || path.length > 256) return undefined;
  const segments = path.split("/");
  for (const segment of segments) {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(segment) || segment === "." || segment === ".." || segment.startsWith(".")) return undefined;
  }
  return `${media}${mediaId}/${path}`;
}
