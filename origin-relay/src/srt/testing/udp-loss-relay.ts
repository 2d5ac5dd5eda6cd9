/**
 * Test helper: a UDP relay between one SRT caller and the listener that drops a seeded fraction of
 * datagrams in both directions. Stands in for `tc netem loss`, which this kernel lacks (no sch_netem).
 */
import { createSocket, type RemoteInfo } from "node:dgram";
import { prng } from "#core/testing/prng.ts";

export interface UdpLossRelay {
  /** Where the caller sends. */
  port: number;
  readonly dropped: number;
  readonly forwarded: number;
  close(): Promise<void>;
}

export async function startUdpLossRelay(targetPort: number, lossRate: number, seed: number): Promise<UdpLossRelay> {
  const random = prng(seed);
  const front = createSocket("udp4");
  const back = createSocket("udp4");
  let caller: RemoteInfo | undefined;
  let dropped = 0;
  let forwarded = 0;
  const pass = (): boolean => {
    if (random() < lossRate) {
      dropped++;
      return false;
    }
    forwarded++;
    return true;
  };
  front.on("message", (message, from) => {
    caller = from;
    if (pass()) back.send(message, targetPort, "127.0.0.1");
  });
  back.on("message", (message) => {
    if (caller !== undefined && pass()) front.send(message, caller.port, caller.address);
  });
  await Promise.all([
    new Promise<void>((resolve) => front.bind(0, "127.0.0.1", resolve)),
    new Promise<void>((resolve) => back.bind(0, "127.0.0.1", resolve)),
  ]);
  return {
    port: front.address().port,
    get dropped() {
      return dropped;
    },
    get forwarded() {
      return forwarded;
    },
    close: async () => {
      await Promise.all([new Promise<void>((resolve) => front.close(() => resolve())), new Promise<void>((resolve) => back.close(() => resolve()))]);
    },
  };
}
