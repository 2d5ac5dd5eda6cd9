/**
 * The Node end of object-store-worker.ts: an `ObjectStore` whose every call runs inside workerd, so
 * `describeObjectStoreContract` checks the Workers adapters where they run. Errors come back with their
 * code and are thrown again as the same `TributaryError` (or `TypeError`).
 */
import { TributaryError, type ErrorCode } from "#core/errors.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import type { ObjectMetadata, ObjectStore } from "#core/storage/object-store.ts";

/** Sends one request to the test Worker (e.g. `miniflare.dispatchFetch`). */
export type WorkerFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array }) => Promise<Response>;

type Wire<T> = Omit<T, "lastModified"> & { lastModified: string };
const revive = <T extends ObjectMetadata>(value: Wire<T>): T => ({ ...value, lastModified: new Date(value.lastModified) }) as T;

export interface RemoteObjectStore extends ObjectStore {
  /** Deletes every object in the bucket. */
  reset(): Promise<void>;
}

export function remoteObjectStore(send: WorkerFetch): RemoteObjectStore {
  const call = async (method: string, args: object, body?: Uint8Array): Promise<{ value: unknown; response: Response }> => {
    const response = await send(`http://store.test/${method}`, { method: "POST", headers: { "x-args": encodeURIComponent(JSON.stringify(args)) }, ...(body ? { body } : {}) });
    if (response.status !== 200) {
      const { code, message } = (await response.json()) as { code: string; message: string };
      if (code === "TypeError") throw new TypeError(message);
      throw new TributaryError(code as ErrorCode, message);
    }
    return { value: JSON.parse(decodeURIComponent(response.headers.get("x-result") ?? "null")), response };
  };
  const settled = async (method: string, args: object, body?: Uint8Array): Promise<unknown> => {
    const { value, response } = await call(method, args, body);
    await response.arrayBuffer();
    return value;
  };
  return {
    async get(key, options) {
      const { value, response } = await call("get", { key, options });
      if (value === null) {
        await response.arrayBuffer();
        return undefined;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { ...revive(value as Wire<ObjectMetadata>), body: new Response(bytes).body as ReadableStream<Uint8Array> };
    },
    async head(key) {
      const value = await settled("head", { key });
      return value === null ? undefined : revive(value as Wire<ObjectMetadata>);
    },
    async put(key, body, options) {
      return (await settled("put", { key, options }, await bodyBytes(body))) as { etag: string };
    },
    async list(options) {
      const page = (await settled("list", { options })) as { objects: Wire<ObjectMetadata>[]; cursor?: string };
      return { objects: page.objects.map(revive), cursor: page.cursor ?? undefined };
    },
    async delete(key) {
      await settled("delete", { key });
    },
    async presign(key, options) {
      return ((await settled("presign", { key, options })) as string | null) ?? undefined;
    },
    async reset() {
      await settled("reset", {});
    },
  };
}
