import { beforeEach, describe, expect, it } from "vitest";
import { LIVE_POINTER } from "#core/platform/layout.ts";
import { keys } from "#core/storage/keys.ts";
import { authenticateStreamKey } from "#core/records/stream-key.ts";
import { apiKit, json, type ApiKit } from "../testing/api-test-kit.ts";

let kit: ApiKit;
beforeEach(async () => {
  kit = await apiKit();
});

interface StreamBody {
  id: string;
  status: string;
  name: string;
  latencyMode: string;
  health?: unknown;
  ingest: { rtmp: { server: string; url: string }; rtmps: { url: string }; srt: { url: string; passphrase?: string }; whip?: { url: string }; streamKey?: string };
}

async function create(body: unknown = { name: "Main" }, key = kit.acme): Promise<StreamBody> {
  const response = await kit.call(key, "POST", "/streams", body);
  expect(response.status).toBe(201);
  return (await response.json()) as StreamBody;
}

describe("POST /streams", () => {
  it("creates a stream and shows the key and full ingest URLs once", async () => {
    const stream = await create({ name: "Main", latencyMode: "low", srtPassphrase: "correct horse battery" });
    const key = stream.ingest.streamKey as string;
    expect(key).toMatch(/^sk_/);
    expect(stream.ingest.rtmp).toEqual({ server: "rtmp://ingest.example.com:1935/live", url: `rtmp://ingest.example.com:1935/live/${key}` });
    expect(stream.ingest.rtmps.url).toBe(`rtmps://ingest.example.com:1936/live/${key}`);
    expect(stream.ingest.srt).toEqual({ url: `srt://ingest.example.com:9000?streamid=#!::r=${stream.id},m=publish`, passphrase: "correct horse battery" });
    expect(stream.ingest.whip).toEqual({ url: `https://ingest.example.com/whip/${stream.id}` });
    expect(stream).toMatchObject({ status: "idle", latencyMode: "low" });
    expect((await authenticateStreamKey(kit.ctx.store, key))?.id).toBe(stream.id);

    const fetched = (await json(await kit.call(kit.acme, "GET", `/streams/${stream.id}`))) as unknown as StreamBody;
    expect(fetched.ingest.streamKey).toBeUndefined();
    expect(fetched.ingest.rtmp.url).toBe("stream key hidden");
    expect(fetched.ingest.srt.passphrase).toBeUndefined();
    expect(fetched.ingest.whip?.url).toBe(stream.ingest.whip?.url);
  });

  it("lists every validation issue in a 400", async () => {
    const response = await kit.call(kit.acme, "POST", "/streams", { name: "", latencyMode: "ultra", dvrWindowSeconds: -1, srtPassphrase: "short", extra: 1 });
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error?.code).toBe("request.invalid");
    const paths = (error?.details["issues"] as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "latencyMode", "dvrWindowSeconds", "srtPassphrase", ""]));
    expect((await kit.call(kit.acme, "POST", "/streams", "{not json")).status).toBe(400);
  });
});

describe("stream ladders", () => {
  it("refuses an unknown ladder profile with a 400 that lists the valid ones", async () => {
    const response = await kit.call(kit.acme, "POST", "/streams", { name: "Main", ladder: "ultra" });
    expect(response.status).toBe(400);
    const issues = (await json(response)).error?.details["issues"] as { path: string; message: string }[];
    expect(issues).toEqual([expect.objectContaining({ path: "ladder", message: expect.stringContaining("default, passthrough, mobile, premium-1080p") })]);
    expect((await kit.call(kit.acme, "GET", "/streams")).status).toBe(200);
    expect((await json(await kit.call(kit.acme, "GET", "/streams"))).data).toEqual([]);
  });

  it("accepts every named profile and valid custom rungs, and checks custom rungs at create time", async () => {
    for (const ladder of ["default", "passthrough", "mobile", "premium-1080p"]) expect((await create({ name: ladder, ladder })).name).toBe(ladder);
    const rungs = [{ name: "540p", width: 960, height: 540, bitrate: 1_800_000 }, { name: "270p", width: 480, height: 270, bitrate: 500_000 }];
    const custom = await create({ name: "Custom", ladder: rungs });
    const fetched = await json(await kit.call(kit.acme, "GET", `/streams/${custom.id}`));
    expect(fetched["ladder"]).toEqual(rungs.map((r) => expect.objectContaining(r)));

    const odd = await kit.call(kit.acme, "POST", "/streams", { name: "Odd", ladder: [{ name: "bad", width: 961, height: 540, bitrate: 1_000_000 }, { name: "bad", width: 480, height: 270, bitrate: 1 }] });
    expect(odd.status).toBe(400);
    const paths = ((await json(odd)).error?.details["issues"] as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["ladder.0.width", "ladder.1.bitrate"]));
    expect((await kit.call(kit.acme, "PATCH", `/streams/${custom.id}`, { ladder: "nope" })).status).toBe(400);
  });
});

describe("stream reads and changes", () => {
  it("reports live status and ingest health from what the relay wrote", async () => {
    const stream = await create();
    const origin = { streamId: stream.id, mediaId: "media1", tenantId: "acme", originUrl: "http://10.0.0.5:8080", relayId: "r1", startedAt: new Date(0).toISOString(), heartbeatAt: new Date(kit.clock.now()).toISOString(), state: "live" };
    await kit.ctx.store.put(keys.liveOrigin(stream.id), JSON.stringify(origin));
    const health = { streamId: stream.id, measuredAt: new Date(0).toISOString(), bitrate: 4_500_000, fps: 30, keyframeIntervalSeconds: 2, video: { codec: "avc1.64001f", width: 1280, height: 720 }, audio: { codec: "mp4a.40.2" }, warnings: [] };
    await kit.ctx.store.put(keys.ingestHealth(stream.id), JSON.stringify(health));
    const body = (await json(await kit.call(kit.acme, "GET", `/streams/${stream.id}`))) as unknown as StreamBody & { mediaId: string };
    expect(body.status).toBe("live");
    expect(body.mediaId).toBe("media1");
    // A record from before advisories existed still parses; the list defaults to empty.
    expect(body.health).toEqual({ ...health, advisories: [] });
    await kit.ctx.store.put(keys.liveOrigin(stream.id), JSON.stringify({ ...origin, state: "reconnecting" }));
    expect(((await json(await kit.call(kit.acme, "GET", `/streams/${stream.id}`))) as unknown as StreamBody).status).toBe("reconnecting");
    // The relay died: its pointer is no longer rewritten, and the stream reads idle once it is stale.
    kit.clock.advance(LIVE_POINTER.staleAfterMs + 1);
    expect(((await json(await kit.call(kit.acme, "GET", `/streams/${stream.id}`))) as unknown as StreamBody).status).toBe("idle");
  });

  it("patches, rotates and deletes", async () => {
    const stream = await create();
    const patched = await kit.call(kit.acme, "PATCH", `/streams/${stream.id}`, { name: "Renamed", recording: false });
    expect(await json(patched)).toMatchObject({ name: "Renamed", recording: false });
    expect((await kit.call(kit.acme, "PATCH", `/streams/${stream.id}`, { name: 5 })).status).toBe(400);
    const rotated = (await json(await kit.call(kit.acme, "POST", `/streams/${stream.id}/rotate-key`))) as unknown as StreamBody;
    expect(rotated.ingest.streamKey).not.toBe(stream.ingest.streamKey);
    expect(rotated.ingest.srt.passphrase).not.toBe(stream.ingest.srt.passphrase);
    expect(await authenticateStreamKey(kit.ctx.store, stream.ingest.streamKey as string)).toBeUndefined();
    expect((await kit.call(kit.acme, "DELETE", `/streams/${stream.id}`)).status).toBe(204);
    expect((await kit.call(kit.acme, "GET", `/streams/${stream.id}`)).status).toBe(404);
  });

  it("pages through the list with a cursor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      kit.clock.advance(1);
      ids.push((await create({ name: `s${i}` })).id);
    }
    const first = await json(await kit.call(kit.acme, "GET", "/streams?limit=2"));
    expect((first["data"] as StreamBody[]).map((s) => s.id)).toEqual(ids.slice(0, 2));
    const second = await json(await kit.call(kit.acme, "GET", `/streams?limit=2&cursor=${encodeURIComponent(first["nextCursor"] as string)}`));
    expect((second["data"] as StreamBody[]).map((s) => s.id)).toEqual(ids.slice(2));
    expect(second["nextCursor"]).toBeUndefined();
    expect((await kit.call(kit.acme, "GET", "/streams?limit=0")).status).toBe(400);
  });

  it("keeps tenant B out of tenant A's streams: 404 on every route, absent from lists", async () => {
    const stream = await create();
    for (const [method, path, body] of [
      ["GET", `/streams/${stream.id}`],
      ["PATCH", `/streams/${stream.id}`, { name: "Hijack" }],
      ["POST", `/streams/${stream.id}/rotate-key`],
      ["DELETE", `/streams/${stream.id}`],
    ] as const) {
      expect((await kit.call(kit.bravo, method, path, body)).status).toBe(404);
    }
    expect((await json(await kit.call(kit.bravo, "GET", "/streams")))["data"]).toEqual([]);
    expect(((await json(await kit.call(kit.acme, "GET", `/streams/${stream.id}`))) as unknown as StreamBody).name).toBe("Main");
  });

  it("404s an id that cannot exist", async () => {
    const response = await kit.call(kit.acme, "GET", "/streams/..%2Fsystem");
    expect(response.status).toBe(404);
    expect((await json(response)).error).toEqual({ code: "request.not_found", message: "not found", details: {} });
  });
});

describe("stream encryption", () => {
  it("defaults to none, stores what is set, and refuses an unknown scheme naming the field and the accepted values", async () => {
    const plain = await create({ name: "Plain" });
    expect(plain).toMatchObject({ encryption: "none", keyRotationSegments: 30 });
    const locked = await create({ name: "Locked", encryption: "aes-128", keyRotationSegments: 2 });
    expect(locked).toMatchObject({ encryption: "aes-128", keyRotationSegments: 2 });
    expect((await kit.ctx.store.head(keys.stream(locked.id)))?.size).toBeGreaterThan(0);
    const changed = await json(await kit.call(kit.acme, "PATCH", `/streams/${plain.id}`, { encryption: "cenc" }));
    expect(changed["encryption"]).toBe("cenc");

    const refused = await kit.call(kit.acme, "POST", "/streams", { name: "Bad", encryption: "rot13", keyRotationSegments: 0 });
    expect(refused.status).toBe(400);
    const issues = (await json(refused)).error?.details["issues"] as { path: string; message: string }[];
    const encryption = issues.find((issue) => issue.path === "encryption");
    for (const accepted of ["none", "aes-128", "cenc", "cbcs"]) expect(encryption?.message).toContain(accepted);
    expect(issues.map((issue) => issue.path)).toContain("keyRotationSegments");
  });
});
