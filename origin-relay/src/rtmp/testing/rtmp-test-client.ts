/** Test helper: a minimal RTMP publisher over a real socket, built from our own protocol layers. */
import { connect, type Socket } from "node:net";
import { cryptoRandom } from "#core/clock.ts";
import type { Amf0Value } from "../amf0/value.ts";
import { ChunkDecoder } from "../chunk/chunk-decoder.ts";
import { ChunkEncoder } from "../chunk/chunk-encoder.ts";
import { ClientHandshake } from "../handshake/client-handshake.ts";
import { decodeCommand, encodeCommand, type Command } from "../message/command.ts";
import { MessageType, type RtmpMessage } from "../message/type-ids.ts";

export class RtmpTestClient {
  readonly socket: Socket;
  readonly closed: Promise<void>;
  readonly #encoder = new ChunkEncoder();
  readonly #decoder = new ChunkDecoder();
  readonly #commands: Command[] = [];
  #waiters: (() => void)[] = [];
  /** The message stream id createStream returned. */
  streamId = 0;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  /** Connects and completes a digest handshake. */
  static async open(port: number): Promise<RtmpTestClient> {
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const client = new RtmpTestClient(socket);
    const handshake = new ClientHandshake(cryptoRandom, { digest: true });
    let done = false;
    let handshaken!: () => void;
    const handshakeDone = new Promise<void>((resolve) => (handshaken = resolve));
    socket.on("data", (data: Buffer) => {
      let bytes: Uint8Array = data;
      if (!done) {
        const step = handshake.push(bytes);
        if (step.reply) socket.write(step.reply);
        if (!step.done) return;
        done = true;
        handshaken();
        bytes = step.rest;
      }
      for (const message of client.#decoder.push(bytes)) client.#receive(message);
    });
    socket.on("error", () => undefined);
    socket.write(handshake.start());
    await handshakeDone;
    return client;
  }

  #receive(message: RtmpMessage): void {
    if (message.typeId !== MessageType.commandAmf0) return;
    this.#commands.push(decodeCommand(message.payload));
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves with the first received command matching `match`, waiting for it if needed. */
  async next(match: (command: Command) => boolean): Promise<Command> {
    for (;;) {
      const index = this.#commands.findIndex(match);
      if (index >= 0) return this.#commands.splice(index, 1)[0] as Command;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  send(message: RtmpMessage): void {
    this.socket.write(this.#encoder.encode(message));
  }

  command(messageStreamId: number, name: string, transactionId: number, commandObject: Amf0Value, ...args: Amf0Value[]): void {
    this.send({ chunkStreamId: 3, timestamp: 0, typeId: MessageType.commandAmf0, messageStreamId, payload: encodeCommand({ name, transactionId, commandObject, args }) });
  }

  /** connect + createStream + publish; resolves with the onStatus info object's code. */
  async publish(app: string, name: string): Promise<string> {
    this.command(0, "connect", 1, { app, tcUrl: `rtmp://127.0.0.1/${app}` });
    await this.next((c) => c.name === "_result" && c.transactionId === 1);
    this.command(0, "createStream", 2, null);
    const created = await this.next((c) => c.transactionId === 2);
    const streamId = created.args[0] as number;
    this.streamId = streamId;
    this.command(streamId, "publish", 3, null, name, "live");
    const status = await this.next((c) => c.name === "onStatus");
    return String((status.args[0] as Record<string, Amf0Value>)["code"]);
  }

  close(): void {
    this.socket.destroy();
  }
}
