/** Writes the MPD model as XML (ISO/IEC 23009-1). Plans become that model in ../playlist/mpd-serializer.ts, the one entry point, with Periods from ../playlist/mpd-periods.ts. */
import { isoDuration } from "./duration.ts";
import { writeTimeline } from "./segment-timeline.ts";
import { CONTENT_PROTECTION_NAMESPACES } from "./content-protection.ts";
import type { DashAdaptationSet, DashContentProtection, DashMpd, DashPeriod, DashRepresentation } from "./types.ts";

/** CMAF + live profiles (ISO/IEC 23009-1 §8.4, 23000-19 Annex B dash profile for CMAF). */
const PROFILES = "urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019";

function attr(name: string, value: string | number | undefined): string {
  if (value === undefined) return "";
  return ` ${name}="${escapeXml(String(value))}"`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Renders `mpd` as an XML document with a trailing newline. */
export function writeMpd(mpd: DashMpd): string {
  const dynamic = mpd.type === "dynamic";
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const protectedSets = mpd.periods.some((p) => p.adaptationSets.some((s) => (s.contentProtection?.length ?? 0) > 0));
  const namespaces = protectedSets ? Object.entries(CONTENT_PROTECTION_NAMESPACES).map(([prefix, uri]) => attr(`xmlns:${prefix}`, uri)).join("") : "";
  lines.push(
    `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"${namespaces}${attr("profiles", PROFILES)}${attr("type", mpd.type)}` +
      attr("availabilityStartTime", mpd.availabilityStartTime?.toISOString()) +
      attr("publishTime", mpd.publishTime.toISOString()) +
      attr("mediaPresentationDuration", mpd.mediaPresentationDuration === undefined ? undefined : isoDuration(mpd.mediaPresentationDuration)) +
      attr("minimumUpdatePeriod", dynamic && mpd.minimumUpdatePeriod !== undefined ? isoDuration(mpd.minimumUpdatePeriod) : undefined) +
      attr("timeShiftBufferDepth", dynamic && mpd.timeShiftBufferDepth !== undefined ? isoDuration(mpd.timeShiftBufferDepth) : undefined) +
      attr("suggestedPresentationDelay", dynamic && mpd.suggestedPresentationDelay !== undefined ? isoDuration(mpd.suggestedPresentationDelay) : undefined) +
      `${attr("minBufferTime", isoDuration(mpd.minBufferTime))}>`,
  );
  if (mpd.lowLatency !== undefined) lines.push(...serviceDescription(mpd.lowLatency));
  for (const period of mpd.periods) lines.push(...periodLines(period, mpd));
  if (mpd.utcTiming !== undefined) lines.push(`  <UTCTiming${attr("schemeIdUri", mpd.utcTiming.schemeIdUri)}${attr("value", mpd.utcTiming.value)}/>`);
  lines.push("</MPD>");
  return `${lines.join("\n")}\n`;
}

/** §5.3.2: Period@start places the Period on the presentation timeline; each Period lists its own sets. */
function periodLines(period: DashPeriod, mpd: DashMpd): string[] {
  const lines = [`  <Period${attr("id", period.id)}${attr("start", isoDuration(period.start))}>`];
  for (const set of period.adaptationSets) lines.push(...adaptationSet(set, mpd));
  lines.push("  </Period>");
  return lines;
}

function adaptationSet(set: DashAdaptationSet, mpd: DashMpd): string[] {
  const lines = [
    `    <AdaptationSet${attr("id", set.id)}${attr("contentType", set.contentType)}${attr("mimeType", set.mimeType)}${attr("lang", set.lang)} segmentAlignment="true" startWithSAP="1">`,
  ];
  for (const descriptor of set.contentProtection ?? []) lines.push(...contentProtectionLines(descriptor));
  for (const rep of set.representations) lines.push(...representation(rep, mpd));
  lines.push("    </AdaptationSet>");
  return lines;
}

/** ISO/IEC 23001-7 §11.2 (cenc:default_KID, cenc:pssh); DASH-IF IOP (dashif:Laurl), with clearkey:Laurl for older ClearKey players. */
function contentProtectionLines(cp: DashContentProtection): string[] {
  const open = `      <ContentProtection${attr("schemeIdUri", cp.schemeIdUri)}${attr("value", cp.value)}${attr("cenc:default_KID", cp.defaultKid)}`;
  const children: string[] = [];
  if (cp.licenseUrl !== undefined) {
    children.push(`        <dashif:Laurl>${escapeXml(cp.licenseUrl)}</dashif:Laurl>`, `        <clearkey:Laurl Lic_type="EME-1.0">${escapeXml(cp.licenseUrl)}</clearkey:Laurl>`);
  }
  if (cp.pssh !== undefined) children.push(`        <cenc:pssh>${Buffer.from(cp.pssh).toString("base64")}</cenc:pssh>`);
  return children.length === 0 ? [`${open}/>`] : [`${open}>`, ...children, "      </ContentProtection>"];
}

function representation(rep: DashRepresentation, mpd: DashMpd): string[] {
  const frameRate = rep.frameRate === undefined ? undefined : Number.isInteger(rep.frameRate) ? rep.frameRate : rep.frameRate.toFixed(3);
  const lines = [
    `      <Representation${attr("id", rep.id)}${attr("bandwidth", Math.round(rep.bandwidth))}${attr("codecs", rep.codecs)}` +
      `${attr("width", rep.width)}${attr("height", rep.height)}${attr("frameRate", frameRate)}${attr("audioSamplingRate", rep.audioSamplingRate)}>`,
  ];
  if (rep.channels !== undefined) {
    lines.push(`        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011"${attr("value", rep.channels)}/>`);
  }
  const ll = mpd.lowLatency;
  const template =
    `        <SegmentTemplate${attr("timescale", rep.timescale)}${attr("initialization", rep.initialization ?? mpd.initialization)}${attr("media", mpd.media)}${attr("startNumber", rep.startNumber)}` +
    `${attr("duration", rep.duration)}${attr("presentationTimeOffset", rep.presentationTimeOffset)}` +
    // §5.3.9.5.3: with an offset and an incomplete segment the client may fetch it chunk by chunk.
    `${attr("availabilityTimeOffset", ll === undefined ? undefined : Number(ll.availabilityTimeOffset.toFixed(3)))}${attr("availabilityTimeComplete", ll === undefined ? undefined : "false")}`;
  if (rep.duration !== undefined) lines.push(`${template}/>`);
  else lines.push(`${template}>`, ...writeTimeline(rep.segments, "          "), "        </SegmentTemplate>");
  lines.push("      </Representation>");
  return lines;
}

/** ISO/IEC 23009-1 Annex K: the latency a low-latency client should hold, and its catch-up rates. */
function serviceDescription(ll: NonNullable<DashMpd["lowLatency"]>): string[] {
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1000));
  const lines = ['  <ServiceDescription id="0">', `    <Latency${attr("target", ms(ll.targetLatency))}${attr("min", ms(ll.minLatency))}${attr("max", ms(ll.maxLatency))}/>`];
  if (ll.playbackRate !== undefined) lines.push(`    <PlaybackRate${attr("min", ll.playbackRate.min)}${attr("max", ll.playbackRate.max)}/>`);
  lines.push("  </ServiceDescription>");
  return lines;
}
