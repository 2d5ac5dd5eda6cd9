/**
 * Start-up secrets against real peers: a Secrets Manager JSON-protocol server and s3rver (which
 * checks SigV4 signatures, so the token read from the secret is what reaches storage).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { parseConfig } from "#core/config/parse.ts";
import { isTributaryError } from "#core/errors.ts";
import { authenticateApiKey, listApiKeys, revokeApiKey } from "#core/records/api-keys.ts";
import type { RecordContext } from "#core/records/context.ts";
import { ensureLocalTenant, LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { startSecretsManagerServer, TEST_CREDENTIALS, type SecretsManagerServer } from "#core-node/testing/secrets-manager-server.ts";
import { adminKeyFromSecret, adoptBootstrapAdminKey, openConfiguredStore } from "./bootstrap.ts";

const ADMIN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/admin-key-AbCdEf";
const R2_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx";
/** What Secrets Manager generates for the admin key: 64 characters of [0-9a-z]. */
const GENERATED = "0123456789abcdefghjkmnpqrstvwxyz0123456789abcdefghjkmnpqrstvwxyz";

let sm: SecretsManagerServer;
let s3: S3rverProcess;
const secretsOptions = () => ({ endpoint: sm.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

beforeAll(async () => {
  [sm, s3] = await Promise.all([startSecretsManagerServer(), startS3rver()]);
});

afterAll(async () => {
  await Promise.all([sm?.close(), s3?.stop()]);
});

async function localTenant(): Promise<RecordContext> {
  const records: RecordContext = { store: new MemoryObjectStore(), clock: new ManualClock(), random: cryptoRandom };
  await ensureLocalTenant(records);
  return records;
}

describe("adoptBootstrapAdminKey", () => {
  it("does nothing without a secrets ARN", async () => {
    const calls = sm.calls.length;
    expect(await adoptBootstrapAdminKey(parseConfig({}), await localTenant(), secretsOptions())).toBeUndefined();
    expect(sm.calls.length).toBe(calls);
  });

  it("makes the local tenant accept a generated key, stores only its hash and writes the tk_ form back", async () => {
    sm.secrets.set(ADMIN_ARN, JSON.stringify({ adminKey: GENERATED }));
    const records = await localTenant();
    const config = parseConfig({ secretsArn: ADMIN_ARN });
    const keyId = await adoptBootstrapAdminKey(config, records, secretsOptions());
    const { adminKey } = JSON.parse(sm.secrets.get(ADMIN_ARN) ?? "{}") as { adminKey: string };
    expect(adminKey).toBe(`tk_${GENERATED.slice(0, 26)}_${GENERATED.slice(26)}`);
    expect(keyId).toBe(GENERATED.slice(0, 26));
    const principal = await authenticateApiKey(records, adminKey);
    expect(principal?.tenant.id).toBe(LOCAL_TENANT_ID);
    expect(principal?.apiKey.scopes).toEqual(["read", "write", "admin"]);
    const tenantObject = await records.store.get(`tenants/${LOCAL_TENANT_ID}.json`);
    expect(await new Response(tenantObject?.body).text()).not.toContain(GENERATED.slice(26));

    // Every later start (every relay) finds the tk_ form and writes nothing.
    const puts = sm.calls.filter((c) => c === "PutSecretValue").length;
    const keysBefore = await listApiKeys(records, LOCAL_TENANT_ID);
    expect(await adoptBootstrapAdminKey(config, records, secretsOptions())).toBe(keyId);
    expect(sm.calls.filter((c) => c === "PutSecretValue").length).toBe(puts);
    expect(await listApiKeys(records, LOCAL_TENANT_ID)).toEqual(keysBefore);
  });

  it("follows a new value an operator puts under the same key id, and keeps a revoked key revoked", async () => {
    const records = await localTenant();
    const config = parseConfig({ secretsArn: ADMIN_ARN });
    const first = `tk_${GENERATED.slice(0, 26)}_first-secret-value`;
    sm.secrets.set(ADMIN_ARN, JSON.stringify({ adminKey: first }));
    await adoptBootstrapAdminKey(config, records, secretsOptions());
    const second = `tk_${GENERATED.slice(0, 26)}_second-secret-value`;
    sm.secrets.set(ADMIN_ARN, JSON.stringify({ adminKey: second }));
    await adoptBootstrapAdminKey(config, records, secretsOptions());
    expect(await authenticateApiKey(records, first)).toBeUndefined();
    expect((await authenticateApiKey(records, second))?.tenant.id).toBe(LOCAL_TENANT_ID);
    await revokeApiKey(records, LOCAL_TENANT_ID, GENERATED.slice(0, 26));
    await adoptBootstrapAdminKey(config, records, secretsOptions());
    expect(await authenticateApiKey(records, second)).toBeUndefined();
  });

  it("refuses a secret value that cannot be an API key", () => {
    expect(adminKeyFromSecret("tk_0123456789abcdefghjkmnpqrs_x")).toBe("tk_0123456789abcdefghjkmnpqrs_x");
    for (const bad of ["Abc", GENERATED.toUpperCase(), "tk_short_x"]) {
      let error: unknown;
      try {
        adminKeyFromSecret(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isTributaryError(error, "config.invalid")).toBe(true);
    }
  });
});

describe("openConfiguredStore", () => {
  const r2Config = () =>
    parseConfig({ storage: { kind: "s3", bucket: s3.bucket, region: "auto", endpoint: s3.endpoint, forcePathStyle: true, credentialsSecretArn: R2_ARN } });

  it("signs storage requests with the token from the credentials secret", async () => {
    sm.secrets.set(R2_ARN, JSON.stringify(s3.credentials));
    const store = await openConfiguredStore(r2Config(), secretsOptions());
    await store.put("system/bootstrap-probe.json", "{}", { contentType: "application/json" });
    expect(await new Response((await store.get("system/bootstrap-probe.json"))?.body).text()).toBe("{}");
  });

  it("is refused by storage when the secret holds another token", async () => {
    sm.secrets.set(R2_ARN, JSON.stringify({ accessKeyId: "NOT-S3RVER", secretAccessKey: "not-the-secret" }));
    const store = await openConfiguredStore(r2Config(), secretsOptions());
    await expect(store.get("system/bootstrap-probe.json")).rejects.toThrow();
  });

  it("reads no secret for filesystem storage", async () => {
    const calls = sm.calls.length;
    await openConfiguredStore(parseConfig({ dataDir: "/tmp/tributary-bootstrap-test" }), secretsOptions());
    expect(sm.calls.length).toBe(calls);
  });
});
