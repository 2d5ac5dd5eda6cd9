/**
 * The storage contract between the app and the synthesized policies: every key builder in
 * core/src/storage/keys.ts is run, each key must fall under a prefix the layout declares, and each
 * principal that writes or reads it on AWS must be allowed to by its synthesized policy. The tables
 * are exhaustive over the builders, so a new key cannot ship without saying who touches it.
 */
import { layout, type StorageRole } from "#core/platform/layout.ts";
import { keys } from "#core/storage/keys.ts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Synthesized } from "./support.ts";
import { policyStatements, resourceStrings, synthesize } from "./support.ts";

type Builder = keyof typeof keys;
const ID = "01m8xq4j84518wkq6gqkfsacvk";

/** One key from every builder. */
const sample: Record<Builder, string> = {
  tenant: keys.tenant("local"),
  stream: keys.stream(ID),
  asset: keys.asset(ID),
  upload: keys.upload(ID),
  transcodeJobs: keys.transcodeJobs(),
  transcodeJob: keys.transcodeJob(ID),
  uploadStaging: keys.uploadStaging(ID),
  liveOrigin: keys.liveOrigin(ID),
  mediaPrefix: keys.mediaPrefix(ID),
  init: keys.init(ID, "720p", 2),
  segment: keys.segment(ID, "720p", 12),
  mediaPlaylist: keys.mediaPlaylist(ID, "720p"),
  dvrPlaylist: keys.dvrPlaylist(ID, "720p"),
  multivariant: keys.multivariant(ID),
  dvrMultivariant: keys.dvrMultivariant(ID),
  mpd: keys.mpd(ID),
  captionPlaylist: keys.captionPlaylist(ID, "en"),
  captionSegment: keys.captionSegment(ID, "pt-BR", 3),
  captionFile: keys.captionFile(ID, "en"),
  thumbnail: keys.thumbnail(ID, 3),
  poster: keys.poster(ID),
  download: keys.download(ID, "highest.mp4"),
  storyboardSprite: keys.storyboardSprite(ID),
  storyboardIndex: keys.storyboardIndex(ID),
  frame: keys.frame(ID, 50, 320),
  ingestHealth: keys.ingestHealth(ID),
  tenantStreams: keys.tenantStreams("local"),
  tenantStream: keys.tenantStream("local", ID),
  tenantAssets: keys.tenantAssets("local"),
  tenantAsset: keys.tenantAsset("local", ID),
  tenantSpeke: keys.tenantSpeke("local"),
  mediaRecord: keys.mediaRecord(ID),
  apiKey: keys.apiKey("k1"),
  idempotency: keys.idempotency("local", "abc"),
  priceBook: keys.priceBook("local"),
  webhookEndpoints: keys.webhookEndpoints("local"),
  webhookEndpoint: keys.webhookEndpoint("local", ID),
  webhookDeliveries: keys.webhookDeliveries("local", "ep1"),
  webhookDelivery: keys.webhookDelivery("local", "ep1", "d1"),
  webhookOutboxEvents: keys.webhookOutboxEvents(),
  webhookOutboxEvent: keys.webhookOutboxEvent(ID),
  webhookOutboxDeliveries: keys.webhookOutboxDeliveries(),
  webhookOutboxDelivery: keys.webhookOutboxDelivery("local", "ep1", ID),
  contentKey: keys.contentKey(ID, "00112233445566778899aabbccddeeff"),
  contentKeyPeriod: keys.contentKeyPeriod(ID, 4),
  system: keys.system("signing-keys"),
  usage: keys.usage("relay", new Date("2026-12-03T10:00:00Z"), "i-1", 0),
  usageHour: keys.usageHour("edge", new Date("2026-12-03T10:00:00Z")),
  usageCompacted: keys.usageCompacted("edge", new Date("2026-12-03T10:00:00Z")),
  usageCompactedMarker: keys.usageCompactedMarker("edge", new Date("2026-12-03T10:00:00Z")),
};

/**
 * Who writes and reads each key on AWS (the Workers API writes through its R2 binding and needs no
 * policy). `list` builders are prefixes that are listed.
 */
interface Touch {
  write?: StorageRole[];
  read?: StorageRole[];
  delete?: StorageRole[];
  list?: StorageRole[];
}
const MEDIA: Touch = { write: ["relay", "mediaConvert"], read: ["relay", "edge", "mediaConvert"] };
const touchedBy: Record<Builder, Touch> = {
  tenant: { write: ["relay"], read: ["relay", "edge"] },
  stream: { read: ["relay", "edge"] },
  asset: { write: ["relay", "jobEvents"], read: ["relay", "edge", "jobEvents"] },
  upload: { write: ["relay"], read: ["relay"] },
  transcodeJobs: { list: ["relay"] },
  transcodeJob: { write: ["relay"], read: ["relay"], delete: ["relay"] },
  uploadStaging: { write: ["relay"], read: ["relay"], delete: ["relay"] },
  liveOrigin: { write: ["relay"], read: ["relay", "edge"], delete: ["relay"] },
  mediaPrefix: { list: ["relay", "edge"] },
  init: MEDIA,
  segment: { ...MEDIA, delete: ["relay"] },
  mediaPlaylist: MEDIA,
  dvrPlaylist: { write: ["relay"], read: ["edge"] },
  multivariant: MEDIA,
  dvrMultivariant: { write: ["relay"], read: ["edge"] },
  mpd: MEDIA,
  captionPlaylist: { write: ["relay"], read: ["edge"] },
  captionSegment: { write: ["relay"], read: ["edge"] },
  captionFile: { write: ["relay"], read: ["edge"] },
  thumbnail: { write: ["relay"], read: ["edge"] },
  poster: { write: ["relay"], read: ["edge"] },
  download: { write: ["relay"], read: ["edge"] },
  storyboardSprite: { write: ["relay"], read: ["edge"] },
  storyboardIndex: { write: ["relay"], read: ["edge"] },
  // Decoded by the Node edge, which runs with the relay's role.
  frame: { write: ["relay"], read: ["edge"] },
  ingestHealth: { write: ["relay"], read: ["relay", "edge"] },
  tenantStreams: {},
  tenantStream: {},
  tenantAssets: {},
  tenantAsset: { write: ["relay"] },
  tenantSpeke: { write: ["relay"], read: ["relay"] },
  mediaRecord: { write: ["relay"], read: ["relay", "edge"] },
  apiKey: { write: ["relay"], read: ["relay"] },
  idempotency: {},
  priceBook: { read: ["edge"] },
  webhookEndpoints: { list: ["relay"] },
  webhookEndpoint: { read: ["relay"] },
  webhookDeliveries: { list: ["relay"] },
  webhookDelivery: { write: ["relay"], read: ["relay"], delete: ["relay"] },
  webhookOutboxEvents: { list: ["relay"] },
  webhookOutboxEvent: { write: ["relay", "jobEvents"], read: ["relay"], delete: ["relay"] },
  webhookOutboxDeliveries: { list: ["relay"] },
  webhookOutboxDelivery: { write: ["relay"], read: ["relay"], delete: ["relay"] },
  contentKey: { write: ["relay"], read: ["relay", "edge"], delete: ["relay"] },
  contentKeyPeriod: { write: ["relay"], read: ["relay"] },
  system: { write: ["relay"], read: ["relay", "edge"] },
  usage: { write: ["relay"] },
  // The compaction job (on the relay) lists and reads every source's hour and writes its Parquet and marker.
  usageHour: { list: ["relay"], read: ["relay"] },
  usageCompacted: { write: ["relay"], read: ["relay"] },
  usageCompactedMarker: { write: ["relay"], read: ["relay"] },
};

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

function statementsOf(role: StorageRole) {
  switch (role) {
    case "relay":
      return policyStatements(s.templates.relay, /"Role[0-9A-F]{8}"/);
    case "edge":
      return policyStatements(s.templates.storage, /EdgeAccessUser/);
    case "mediaConvert":
      return policyStatements(s.templates.transcode, /MediaConvertRole/);
    case "jobEvents":
      return policyStatements(s.templates.transcode, /JobEventsRole/);
  }
}

/** Whether the role's synthesized policy allows `action` on `key` (object ARNs end in `<prefix>*`). */
function allows(role: StorageRole, action: string, key: string): boolean {
  const statements = statementsOf(role).filter((st) => [st.Action].flat().includes(action));
  if (action === "s3:ListBucket") {
    const prefixes = statements.flatMap((st) => [((st.Condition as { StringLike?: Record<string, string[]> } | undefined)?.StringLike?.["s3:prefix"] ?? [])].flat());
    return prefixes.some((p) => key.startsWith(p.replace(/\*$/, "")));
  }
  const prefixes = statements.flatMap((st) => resourceStrings(st.Resource)).map((r) => r.replace(/^.*?\/(?=[a-z])/, "").replace(/\*$/, ""));
  return prefixes.some((p) => key.startsWith(p));
}

describe("storage contract", () => {
  it("every key falls under a prefix the layout declares", () => {
    const prefixes = Object.values(layout).map((rule) => rule.prefix);
    for (const [builder, key] of Object.entries(sample)) expect(prefixes.some((p) => key.startsWith(p)), `${builder}: ${key}`).toBe(true);
  });

  it("each principal's policy covers the keys it writes, reads, deletes and lists", () => {
    const actions = { write: "s3:PutObject", read: "s3:GetObject", delete: "s3:DeleteObject", list: "s3:ListBucket" } as const;
    for (const [builder, touch] of Object.entries(touchedBy) as [Builder, Touch][]) {
      for (const [verb, action] of Object.entries(actions) as [keyof Touch, string][]) {
        for (const role of touch[verb] ?? []) expect(allows(role, action, sample[builder]), `${role} ${verb} ${sample[builder]}`).toBe(true);
      }
    }
  });

  it("the edge writes nothing and the relay cannot touch keys it has no business with", () => {
    for (const key of Object.values(sample)) {
      expect(allows("edge", "s3:PutObject", key), key).toBe(false);
      expect(allows("edge", "s3:DeleteObject", key), key).toBe(false);
    }
    expect(allows("relay", "s3:GetObject", sample.idempotency)).toBe(false);
    expect(allows("relay", "s3:PutObject", sample.stream)).toBe(false);
    expect(allows("mediaConvert", "s3:PutObject", sample.tenant)).toBe(false);
  });

  it("recorded media may be tagged by the relay for the recording expiry", () => {
    expect(allows("relay", "s3:PutObjectTagging", sample.segment)).toBe(true);
    expect(allows("relay", "s3:PutObjectTagging", sample.poster)).toBe(true);
  });
});
