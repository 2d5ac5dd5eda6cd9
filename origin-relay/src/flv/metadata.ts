/**
 * onMetaData (video_file_format_spec_v10_1 §E.5): the script data encoders send with @setDataFrame.
 * We read the well-known properties and keep the rest, and build the FLV script tag body from it.
 */
import { amf0Properties, type Amf0Object, type Amf0Value } from "../rtmp/amf0/value.ts";
import { encodeData, type DataMessage } from "../rtmp/message/data.ts";

export interface StreamMetadata {
  width?: number;
  height?: number;
  frameRate?: number;
  /** §E.5 videocodecid: 7 for AVC, or an Enhanced RTMP FourCC as a number. */
  videoCodecId?: number;
  audioCodecId?: number;
  /** kbit/s as the encoder announces it. */
  videoDataRate?: number;
  audioDataRate?: number;
  audioSampleRate?: number;
  audioChannels?: number;
  encoder?: string;
  /** Every property as sent. */
  properties: Amf0Object;
}

const num = (value: Amf0Value): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** Unwraps `@setDataFrame("onMetaData", {...})` or `onMetaData({...})`; undefined for other data messages. */
export function metadataFromData(message: DataMessage): StreamMetadata | undefined {
  const values = message.handler === "@setDataFrame" ? message.values : [message.handler, ...message.values];
  if (values[0] !== "onMetaData") return undefined;
  const properties = amf0Properties(values[1] ?? null) ?? {};
  const stereo = properties["stereo"];
  const channels = num(properties["audiochannels"] ?? null) ?? (typeof stereo === "boolean" ? (stereo ? 2 : 1) : undefined);
  const encoder = properties["encoder"];
  return {
    width: num(properties["width"] ?? null),
    height: num(properties["height"] ?? null),
    frameRate: num(properties["framerate"] ?? null) ?? num(properties["fps"] ?? null),
    videoCodecId: num(properties["videocodecid"] ?? null),
    audioCodecId: num(properties["audiocodecid"] ?? null),
    videoDataRate: num(properties["videodatarate"] ?? null),
    audioDataRate: num(properties["audiodatarate"] ?? null),
    audioSampleRate: num(properties["audiosamplerate"] ?? null),
    audioChannels: channels,
    encoder: typeof encoder === "string" ? encoder : undefined,
    properties,
  };
}

/** The FLV script tag body for a data message: `@setDataFrame` is an RTMP instruction, not file content. */
export function scriptTagPayload(message: DataMessage): Uint8Array {
  if (message.handler === "@setDataFrame" && typeof message.values[0] === "string") {
    const [handler, ...values] = message.values;
    return encodeData({ handler, values });
  }
  return encodeData(message);
}
