/**
 * Fuzz target: the broadcaster API's JSON bodies, POSTed (and PATCHed) to the real app over an
 * in-memory store, as a client would send them. Inputs are random text, random JSON, and objects
 * built from each route's schema keys with values that are valid, of the wrong type, out of range or
 * oversized, plus mutations of valid bodies. Invariants: the answer is never a 5xx, and every 4xx
 * carries the API's error shape; refusals of a body are 400 `request.invalid`.
 */
import * as fc from "fast-check";
import { fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, textSeeds } from "#core/testing/fuzz/mutations.ts";
import { apiKit, json, type ApiKit } from "../testing/api-test-kit.ts";
import { apiKeyCreateSchema, playbackTokenRequestSchema, signingKeyCreateSchema, streamCreateSchema, webhookCreateSchema } from "./api-schemas.ts";
import { parseWith } from "./validation.ts";

interface Route {
  method: "POST" | "PATCH";
  path: string;
  keys: readonly string[];
  schema: { safeParse(value: unknown): unknown };
}

const STREAM = "{stream}";
const routes: Route[] = [
  { method: "POST", path: "/streams", keys: Object.keys(streamCreateSchema.shape), schema: streamCreateSchema },
  { method: "PATCH", path: `/streams/${STREAM}`, keys: Object.keys(streamCreateSchema.shape), schema: streamCreateSchema.partial() },
  { method: "POST", path: "/playback-tokens", keys: ["mediaId", "streamId", "expiresIn", "notBeforeIn", "rules", "caps", "downloadable"], schema: playbackTokenRequestSchema },
  { method: "POST", path: "/signing-keys", keys: Object.keys(signingKeyCreateSchema.shape), schema: signingKeyCreateSchema },
  { method: "POST", path: "/api-keys", keys: Object.keys(apiKeyCreateSchema.shape), schema: apiKeyCreateSchema },
  { method: "POST", path: "/webhooks", keys: Object.keys(webhookCreateSchema.shape), schema: webhookCreateSchema },
];

/** Values a field might get: plausible ones, edges of the ranges, wrong types and oversized ones. */
const fieldValue = fc.oneof(
  fc.constantFrom("live", "low", "normal", "720p", "default", "ES256", "EdDSA", "read", "admin", "https://hooks.example.com/x", "stream.started", "media1", "0123456789ab"),
  fc.constantFrom(0, -1, 59, 60, 3600, 86_400, 2_592_001, 1.5, Number.MAX_SAFE_INTEGER, true, false, null),
  fc.record({ maxHeight: fc.integer({ min: -1, max: 4320 }), maxBitrate: fc.integer() }, { requiredKeys: [] }),
  fc.record({ ip: fc.array(fc.string(), { maxLength: 70 }), countries: fc.array(fc.constantFrom("DE", "us", "ZZZ")), referrers: fc.array(fc.string()) }, { requiredKeys: [] }),
  fc.array(fc.constantFrom("read", "write", "admin", "root", "stream.started", "stream.ended"), { maxLength: 4 }),
  fc.array(fc.record({ height: fc.integer({ min: -10, max: 5000 }), bitrate: fc.integer({ min: -10, max: 100_000_000 }) }, { requiredKeys: [] }), { maxLength: 12 }),
  fc.nat({ max: 5000 }).map((n) => "x".repeat(n)),
  fc.jsonValue({ maxDepth: 2 }),
);

const bodyFor = (route: Route) =>
  fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...route.keys) }, fc.constantFrom("__proto__", "constructor", "extra")), fieldValue, { maxKeys: route.keys.length + 1 }).map((o) => JSON.stringify(o));

interface ApiInput {
  route: number;
  body: string;
}

const onRoute = (body: fc.Arbitrary<string>) => fc.tuple(fc.nat({ max: routes.length - 1 }), body).map(([route, b]): ApiInput => ({ route, body: b }));

let kit: ApiKit | undefined;
let streamId = "";
let uses = 0;

/** The app over a fresh in-memory store every 500 inputs, so accepted bodies do not pile up. */
async function app(): Promise<ApiKit> {
  if (kit === undefined || ++uses > 500) {
    kit = await apiKit({ burst: 1e9, perSecond: 1e9 });
    const created = await json(await kit.call(kit.acme, "POST", "/streams", { name: "fuzz" }));
    streamId = String(created["id"]);
    uses = 0;
  }
  return kit;
}

export const apiBodyFuzz = fuzzTarget<ApiInput>({
  name: "api-body",
  parser: "edge/src/api/validation.ts (jsonBody, parseWith over api-schemas.ts)",
  async: true,
  seeds: () => textSeeds('{"name":"Main stage","ladder":"default","latencyMode":"low","dvrWindowSeconds":600}', '{"mediaId":"media1","expiresIn":3600,"caps":{"maxHeight":720},"rules":{"countries":["DE"]}}', '{"name":"ci","scopes":["read","write"]}', '{"url":"https://hooks.example.com/t","events":["stream.started"]}', '{"alg":"EdDSA"}'),
  arbitraries: (seeds) => ({
    text: onRoute(fc.string({ unit: "binary", maxLength: 200 })),
    json: onRoute(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null")),
    structured: fc.nat({ max: routes.length - 1 }).chain((route) => bodyFor(routes[route] as Route).map((body): ApiInput => ({ route, body }))),
    mutated: onRoute(mutatedBytes(seeds).map(asText)),
  }),
  async run({ route: index, body }) {
    const route = routes[index] as Route;
    let parsedBody: unknown = undefined;
    try {
      parsedBody = body === "" ? {} : JSON.parse(body);
    } catch {
      // Not JSON: the app must answer 400 too.
    }
    // The schema alone: parseWith accepts or refuses with a TributaryError (the runner checks which).
    if (parsedBody !== undefined) parseWith(route.schema as never, parsedBody, "request body");
    const k = await app();
    const response = await k.call(k.acme, route.method, route.path.replace(STREAM, streamId), body);
    invariant(response.status < 500, () => `${route.method} ${route.path} ${body} answered ${response.status}`);
    if (response.status >= 400) {
      const answer = await json(response);
      invariant(typeof answer.error?.code === "string" && typeof answer.error.message === "string", () => `${response.status} without the error shape: ${JSON.stringify(answer)}`);
      if (response.status === 400) invariant(answer.error?.code === "request.invalid", () => `400 with code ${answer.error?.code}`);
    } else await response.arrayBuffer();
  },
});
