/** Every fuzz target, in the order `npm run fuzz` runs them. */
import type { FuzzTarget } from "#core/testing/fuzz/fuzz-target.ts";
import { flvFuzz } from "#relay/flv/flv.fuzz.ts";
import { tsDemuxerFuzz } from "#relay/mpegts/demuxer.fuzz.ts";
import { mp4ReaderFuzz } from "#transcoder/boxes/mp4-reader.fuzz.ts";
import { videoSubsamplesFuzz } from "#transcoder/encryption/video-subsamples.fuzz.ts";
import { cmcdFuzz } from "#core/usage/cmcd.fuzz.ts";
import { manifestFuzz } from "#core/manifest/rewrite-manifest.fuzz.ts";
import { tokenVerifyFuzz } from "#core/tokens/verify.fuzz.ts";
import { streamIdFuzz } from "#relay/srt/stream-id.fuzz.ts";
import { apiBodyFuzz } from "#edge/api/api-body.fuzz.ts";
import { amf0Fuzz } from "#relay/rtmp/amf0/amf0.fuzz.ts";
import { chunkDecoderFuzz } from "#relay/rtmp/chunk/chunk-decoder.fuzz.ts";
import { serverHandshakeFuzz } from "#relay/rtmp/handshake/server-handshake.fuzz.ts";
import { cpixResponseFuzz } from "#core/drm/speke/cpix-response.fuzz.ts";
import { webVttFuzz } from "#core/captions/webvtt.fuzz.ts";

export const fuzzTargets: FuzzTarget<unknown>[] = [serverHandshakeFuzz, chunkDecoderFuzz, amf0Fuzz, flvFuzz, tsDemuxerFuzz, mp4ReaderFuzz, videoSubsamplesFuzz, cmcdFuzz, manifestFuzz, tokenVerifyFuzz, streamIdFuzz, apiBodyFuzz, cpixResponseFuzz, webVttFuzz];
