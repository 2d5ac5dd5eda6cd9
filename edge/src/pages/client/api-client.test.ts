import { beforeAll, describe, expect, it } from "vitest";
import { apiKit, type ApiKit } from "../../testing/api-test-kit.ts";
import { ApiError, createApiClient, idempotencyKey, isUnauthorized, type ApiClientOptions } from "./api-client.ts";

let kit: ApiKit;
/** Every request the client sent to the real edge app, as the app received it. */
const sent: Request[] = [];

beforeAll(async () => {
  kit = await apiKit();
});

function client(key: string | undefined, fetch?: ApiClientOptions["fetch"]) {
  return createApiClient({
    key: () => key,
    fetch:
      fetch ??
      (async (input, init) => {
        const request = new Request(new URL(input, "https://edge.test"), init);
        sent.push(request.clone());
        return kit.app.request(request);
      }),
  });
}

async function refusal(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("api client against the edge app", () => {
  it("creates a stream once per idempotency key, lists it, rotates its key and mints a playback token", async () => {
    const api = client(kit.acme);
    const key = idempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const created = await api.createStream({ name: "Main", latencyMode: "low", recording: true }, key);
    expect(created).toMatchObject({ name: "Main", latencyMode: "low", recording: true, status: "idle" });
    expect(created.ingest.streamKey).toMatch(/^sk_/);
    expect((await api.createStream({ name: "Main", latencyMode: "low", recording: true }, key)).id).toBe(created.id);

    const page = await api.listStreams(100);
    expect(page.data.map((s) => s.id)).toEqual([created.id]);
    expect(page.data[0]?.ingest.streamKey).toBeUndefined();

    const rotated = await api.rotateKey(created.id);
    expect(rotated.ingest.streamKey).toMatch(/^sk_/);
    expect(rotated.ingest.streamKey).not.toBe(created.ingest.streamKey);

    const minted = await api.mintPlaybackToken({ streamId: created.id, expiresIn: 600 });
    expect(minted.mediaId).toBe(created.id);
    expect(minted.token.split(".")).toHaveLength(3);
  });

  it("sends the key as a Bearer token, JSON bodies, and nothing the browser would cache or add credentials to", async () => {
    sent.length = 0;
    await client(kit.acme).createStream({ name: "Shape" }, "k-1");
    const [request] = sent;
    expect(request?.method).toBe("POST");
    expect(new URL(request?.url ?? "").pathname).toBe("/api/v1/streams");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${kit.acme}`);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("idempotency-key")).toBe("k-1");
    expect(request?.cache).toBe("no-store");
    expect(request?.credentials).toBe("omit");
    expect(await request?.json()).toEqual({ name: "Shape" });
  });

  it("throws the API's status, code and message when it refuses", async () => {
    const refused = await refusal(client("tk_unknown").listStreams(1));
    expect(refused).toMatchObject({ status: 401, code: "auth.unauthorized", message: "API key is unknown or revoked" });
    expect(isUnauthorized(refused)).toBe(true);

    const invalid = await refusal(client(kit.acme).createStream({ name: "" }, idempotencyKey()));
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe("request.invalid");
    expect(isUnauthorized(invalid)).toBe(false);

    const missing = await refusal(client(kit.acme).rotateKey("no-such-stream"));
    expect(missing).toMatchObject({ status: 404, code: "request.not_found" });
  });

  it("fails as unauthorized without sending anything when signed out", async () => {
    sent.length = 0;
    const refused = await refusal(client(undefined).listStreams(1));
    expect(refused).toMatchObject({ status: 401, message: "Sign in first." });
    expect(sent).toEqual([]);
  });

  it("names the status when an error answer is not the API's JSON (a proxy's page)", async () => {
    const api = client(kit.acme, async () => new Response("<h1>Bad gateway</h1>", { status: 502, headers: { "content-type": "text/html" } }));
    expect(await refusal(api.listStreams(1))).toMatchObject({ status: 502, code: "http.error", message: "The API answered 502." });
  });
});
