/**
 * Stream keys read `sk_<streamId>_<secret>`: the relay finds the stream record from the key itself and
 * compares the whole key against the stored hash in constant time (ARCHITECTURE.md "Tokens and keys").
 */
import { issueSecret, verifySecret, type IssuedSecret } from "../crypto/secret.ts";
import type { Random } from "../clock.ts";
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { publishAdmissionRetry, retryWrite, type WriteRetryPolicy } from "../storage/write-retry.ts";
import { streamRecordSchema, type StreamRecord } from "./schemas.ts";

const STREAM_KEY = /^sk_([0-9a-z]{26})_[A-Za-z0-9_-]{22}$/;

/** A fresh 128-bit stream key for `streamId`, and the hash to store. */
export function issueStreamKey(streamId: string, random?: Random): Promise<IssuedSecret> {
  return issueSecret(`sk_${streamId}_`, random);
}

/** The stream id a presented key names, or `undefined` when it is not shaped like a stream key. */
export function streamKeyStreamId(presented: string): string | undefined {
  return STREAM_KEY.exec(presented)?.[1];
}

/**
 * The stream a publisher's key opens, or `undefined` for any wrong key (unknown stream or wrong
 * secret alike, so a caller cannot tell which). Throws `storage.unavailable` when the store still
 * cannot answer after `publishAdmissionRetry`.
 * @example const stream = await authenticateStreamKey(store, request.streamName);
 */
export async function authenticateStreamKey(store: ObjectStore, presented: string, retry: WriteRetryPolicy = publishAdmissionRetry): Promise<StreamRecord | undefined> {
  const streamId = streamKeyStreamId(presented);
  if (streamId === undefined) return undefined;
  const document = await retryWrite(() => readJson(store, keys.stream(streamId), streamRecordSchema), retry);
  if (document === undefined) return undefined;
  return (await verifySecret(presented, document.value.streamKeyHash)) ? document.value : undefined;
}
