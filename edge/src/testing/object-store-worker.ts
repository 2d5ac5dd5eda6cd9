/**
 * Test Worker: the store `workersStore(env)` builds (R2 binding or S3 HTTP), driven over HTTP, so the
 * shared `ObjectStore` contract runs against the adapter inside workerd (object-store-client.ts is the
 * other end). `POST /<method>` with the arguments as URL-encoded JSON in `x-args`; a put's body is the
 * request body, a get's body the response body, metadata in `x-result`. `POST /reset` empties the bucket.
 */
import { isTributaryError } from "#core/errors.ts";
import type { ObjectMetadata, ObjectStore } from "#core/storage/object-store.ts";
import { workersStore, type WorkersStorageEnv } from "../runtime/workers-storage.ts";

const result = (value: unknown, body: BodyInit | null = null) => new Response(body, { headers: { "x-result": encodeURIComponent(JSON.stringify(value ?? null)) } });

async function reset(store: ObjectStore): Promise<void> {
  for (;;) {
    const page = await store.list({ prefix: "" });
    await Promise.all(page.objects.map((o: ObjectMetadata) => store.delete(o.key)));
    if (page.objects.length === 0) return;
  }
}

async function call(store: ObjectStore, method: string, args: { key: string; options?: never }, request: Request): Promise<Response> {
  switch (method) {
    case "get": {
      const object = await store.get(args.key, args.options);
      if (object === undefined) return result(undefined);
      const { body, ...metadata } = object;
      return result(metadata, body);
    }
    case "head":
      return result(await store.head(args.key));
    case "put":
      return result(await store.put(args.key, request.body ?? new Uint8Array(0), args.options));
    case "list":
      return result(await store.list(args.options ?? { prefix: "" }));
    case "delete":
      return result(await store.delete(args.key));
    case "presign":
      return result(await store.presign(args.key, args.options ?? { method: "GET", expiresIn: 60 }));
    case "reset":
      return result(await reset(store));
    default:
      return new Response("unknown method", { status: 404 });
  }
}

export default {
  async fetch(request: Request, env: WorkersStorageEnv): Promise<Response> {
    const method = new URL(request.url).pathname.slice(1);
    const args = JSON.parse(decodeURIComponent(request.headers.get("x-args") ?? "%7B%7D")) as { key: string };
    try {
      return await call(workersStore(env), method, args, request);
    } catch (error) {
      const code = isTributaryError(error) ? error.code : error instanceof TypeError ? "TypeError" : "Error";
      return Response.json({ code, message: error instanceof Error ? error.message : String(error) }, { status: 500 });
    }
  },
};
