/** Test helper: the edge app with the API mounted over a MemoryObjectStore, two tenants, and a request helper. */
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { createApiKey } from "#core/records/api-keys.ts";
import type { RecordContext } from "#core/records/context.ts";
import type { ApiKeyScope } from "#core/records/schemas.ts";
import { createTenant } from "#core/records/tenants.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { createEdgeApp } from "../app.ts";
import type { ApiSettings } from "../api/api-deps.ts";
import type { RateLimitPolicy } from "../api/rate-limit.ts";

export const ingest = { publicHost: "ingest.example.com", rtmpPort: 1935, rtmpsPort: 1936, srtPort: 9000, whipBaseUrl: "https://ingest.example.com/whip" };
export const PUBLIC_URL = "https://cdn.example.com";

export interface ApiKit {
  clock: ManualClock;
  ctx: RecordContext;
  app: ReturnType<typeof createEdgeApp>;
  /** Admin keys of tenants `acme` and `bravo`. */
  acme: string;
  bravo: string;
  keyWith(tenantId: string, scopes: ApiKeyScope[]): Promise<string>;
  call(key: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** API settings a test may give, directly or built from the kit's store (a usage engine reads it). */
type KitSettings = Pick<ApiSettings, "webhookTargets" | "usageEngine" | "defaultPrices" | "operatorTenantId">;

export async function apiKit(rateLimit: RateLimitPolicy = { burst: 1000, perSecond: 1000 }, settings: KitSettings | ((store: ObjectStore) => KitSettings) = {}): Promise<ApiKit> {
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
  const store = new MemoryObjectStore({ clock });
  const ctx: RecordContext = { store, clock, random: cryptoRandom };
  const app = createEdgeApp({
    store,
    clock,
    keys: storedPlaybackKeys(store, 0, () => clock.now()),
    viewer: () => ({}),
    api: { ingest, publicUrl: PUBLIC_URL, rateLimit, ...(typeof settings === "function" ? settings(store) : settings) },
  });
  const acme = (await createTenant(ctx, { id: "acme", name: "Acme" })).adminKey;
  const bravo = (await createTenant(ctx, { id: "bravo", name: "Bravo" })).adminKey;
  return {
    clock,
    ctx,
    app,
    acme,
    bravo,
    keyWith: async (tenantId, scopes) => (await createApiKey(ctx, tenantId, { name: scopes.join("+"), scopes })).key,
    call: async (key, method, path, body, headers = {}) =>
      app.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
  };
}

/** The parsed JSON body, typed loosely for assertions. */
export async function json(response: Response): Promise<Record<string, unknown> & { error?: { code: string; message: string; details: Record<string, unknown> } }> {
  return (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; details: Record<string, unknown> } };
}
