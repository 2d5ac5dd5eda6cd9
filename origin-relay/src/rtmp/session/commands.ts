/**
 * NetConnection and NetStream commands of a publisher (rtmp_specification_1.0 §7.2; the FMLE/OBS
 * extras releaseStream, FCPublish and FCUnpublish). Play is refused: this is an ingest server.
 */
import { TributaryError } from "#core/errors.ts";
import { isAmf0Object } from "../amf0/value.ts";
import type { Command } from "../message/command.ts";
import { encodeSetChunkSize } from "../message/set-chunk-size.ts";
import { LimitType, encodeSetPeerBandwidth } from "../message/set-peer-bandwidth.ts";
import { ChunkStreamId, MessageType, type RtmpMessage } from "../message/type-ids.ts";
import { UserControlEvent, encodeUserControl } from "../message/user-control.ts";
import { encodeWindowAcknowledgementSize } from "../message/window-acknowledgement-size.ts";
import type { CommandHost } from "./command-host.ts";
import { Publisher } from "./publisher.ts";
import { connectResult, error, onStatus, result } from "./replies.ts";
import { parsePublishingName } from "./stream-name.ts";

/** The acknowledgement window and peer bandwidth we announce (the values FMS and OBS use). */
const WINDOW_SIZE = 2_500_000;
/** Our outgoing chunk size once connected. */
const OUR_CHUNK_SIZE = 4096;

interface ConnectionInfo {
  app: string;
  tcUrl: string | undefined;
  streams: Set<number>;
  nextStreamId: number;
}

const connections = new WeakMap<CommandHost, ConnectionInfo>();

function control(typeId: number, payload: Uint8Array): RtmpMessage {
  return { chunkStreamId: ChunkStreamId.protocolControl, timestamp: 0, typeId, messageStreamId: 0, payload };
}

/** Handles one command received on `messageStreamId`. */
export function handleCommand(host: CommandHost, command: Command, messageStreamId: number): void {
  const info = connections.get(host);
  if (command.name === "connect") return connect(host, command, info);
  if (!info) throw new TributaryError("ingest.protocol", `${command.name} before connect`, { fatal: true });
  switch (command.name) {
    case "releaseStream":
    case "FCPublish":
      if (command.transactionId > 0) host.send(result(command.transactionId, null, undefined));
      return;
    case "createStream":
      return createStream(host, command, info);
    case "publish":
      return publish(host, command, info, messageStreamId);
    case "FCUnpublish":
    case "deleteStream":
    case "closeStream":
      return unpublish(host, command, info, messageStreamId);
    case "play":
    case "play2":
      host.log.info("refused a play request");
      host.send(onStatus(messageStreamId, "error", "NetStream.Play.Failed", "This server accepts publishing only."));
      return;
    default:
      // Calls we do not implement (getStreamLength, _checkbw ...) get an error so clients do not wait.
      if (command.transactionId > 0) host.send(error(command.transactionId, "NetConnection.Call.Failed", `unsupported command ${command.name}`));
  }
}

function connect(host: CommandHost, command: Command, existing: ConnectionInfo | undefined): void {
  if (existing) throw new TributaryError("ingest.protocol", "connect sent twice", { fatal: true });
  const object = command.commandObject;
  const app = isAmf0Object(object) ? object["app"] : undefined;
  if (typeof app !== "string") throw new TributaryError("ingest.protocol", "connect without an app", { fatal: true });
  const tcUrl = isAmf0Object(object) && typeof object["tcUrl"] === "string" ? object["tcUrl"] : undefined;
  const objectEncoding = isAmf0Object(object) && object["objectEncoding"] === 3 ? 3 : 0;
  connections.set(host, { app: app.replace(/\/+$/, ""), tcUrl, streams: new Set(), nextStreamId: 1 });
  host.send(control(MessageType.windowAcknowledgementSize, encodeWindowAcknowledgementSize({ acknowledgementWindowSize: WINDOW_SIZE })));
  host.send(control(MessageType.setPeerBandwidth, encodeSetPeerBandwidth({ acknowledgementWindowSize: WINDOW_SIZE, limitType: LimitType.dynamic })));
  host.send(control(MessageType.setChunkSize, encodeSetChunkSize({ chunkSize: OUR_CHUNK_SIZE })));
  host.encoder.chunkSize = OUR_CHUNK_SIZE;
  host.send(connectResult(command.transactionId, objectEncoding));
}

function createStream(host: CommandHost, command: Command, info: ConnectionInfo): void {
  if (info.streams.size >= host.options.limits.maxMessageStreams) {
    host.send(error(command.transactionId, "NetConnection.Call.Failed", "too many streams"));
    return;
  }
  const streamId = info.nextStreamId++;
  info.streams.add(streamId);
  host.send(result(command.transactionId, null, streamId));
}

function refusePublish(host: CommandHost, messageStreamId: number, description: string): void {
  host.log.info({ status: "NetStream.Publish.BadName", description }, "publish refused");
  host.send(onStatus(messageStreamId, "error", "NetStream.Publish.BadName", description));
  host.close("protocol-error", description);
}

function publish(host: CommandHost, command: Command, info: ConnectionInfo, messageStreamId: number): void {
  const name = command.args[0];
  if (!info.streams.has(messageStreamId)) throw new TributaryError("ingest.protocol", `publish on unknown stream ${messageStreamId}`, { fatal: true });
  if (typeof name !== "string" || name === "") return refusePublish(host, messageStreamId, "A stream key is required.");
  if (host.publisher || host.state !== "open") return refusePublish(host, messageStreamId, "This connection is already publishing.");
  const { remoteAddress, secure, limiter, authorize, registry } = host.options;
  if (!limiter.allows(remoteAddress)) {
    host.log.warn({ code: "auth.rate_limited" }, "publish refused: too many failed attempts");
    return refusePublish(host, messageStreamId, "Too many failed attempts; try again later.");
  }
  const { streamName, query } = parsePublishingName(name);
  const decision = authorize({ app: info.app, streamName, query, remoteAddress, tcUrl: info.tcUrl, secure, flow: host.flow }).then((outcome) => {
    if (host.state === "closed") return;
    if (!outcome.ok) {
      limiter.penalize(remoteAddress);
      host.log.warn({ code: "ingest.bad_stream_key", reason: outcome.reason }, "publish refused");
      return refusePublish(host, messageStreamId, "Stream key not accepted.");
    }
    const claim = registry.claim(outcome.streamId, host);
    if (claim === "busy") {
      host.log.warn({ code: "ingest.already_publishing", streamId: outcome.streamId }, "publish refused: stream is live elsewhere");
      outcome.handlers.onEnd("refused", "already publishing");
      return refusePublish(host, messageStreamId, "This stream is already being published.");
    }
    host.publisher = new Publisher(outcome.streamId, messageStreamId, outcome.handlers);
    host.state = "publishing";
    host.log.info({ streamId: outcome.streamId, takeover: claim === "taken-over" }, "publish started");
    host.send(control(MessageType.userControl, encodeUserControl({ eventType: UserControlEvent.streamBegin, streamId: messageStreamId })));
    host.send(onStatus(messageStreamId, "status", "NetStream.Publish.Start", "Publishing started."));
  });
  host.waitFor(decision);
}

function unpublish(host: CommandHost, command: Command, info: ConnectionInfo, messageStreamId: number): void {
  const publisher = host.publisher;
  // deleteStream names its stream in the first argument; FCUnpublish and closeStream use the message's.
  const target = command.name === "deleteStream" && typeof command.args[0] === "number" ? command.args[0] : messageStreamId;
  if (command.name === "deleteStream") info.streams.delete(target);
  if (!publisher || (command.name !== "FCUnpublish" && publisher.messageStreamId !== target)) return;
  host.endPublish("unpublished", command.name);
  host.log.info({ streamId: publisher.streamId }, "publish ended by the encoder");
  host.send(onStatus(publisher.messageStreamId, "status", "NetStream.Unpublish.Success", "Stopped publishing."));
}
