/**
 * What a process takes from Secrets Manager at start-up, when its config names secrets (a relay on
 * AWS): the storage token in R2 mode (`storage.credentialsSecretArn`), and the platform's admin API
 * key (`secretsArn`), which the `local` tenant is made to accept so operators read the key from
 * Secrets Manager rather than from a log line. Without those settings nothing here calls AWS.
 */
import { storageOf } from "#core/config/parse.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import { TributaryError } from "#core/errors.ts";
import { adoptApiKey } from "#core/records/api-keys.ts";
import { apiKeyId } from "#core/records/api-key-format.ts";
import type { RecordContext } from "#core/records/context.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { createObjectStore } from "#core-node/object-store-factory.ts";
import type { SecretsOptions } from "#core-node/secrets.ts";

/** Secrets Manager's client is loaded only by a process whose config names a secret. */
const secretsModule = () => import("#core-node/secrets.ts");

/** The configured object store, with its S3-API token from Secrets Manager when the config names one. */
export async function openConfiguredStore(config: TributaryConfig, secretsOptions: SecretsOptions = {}): Promise<ObjectStore> {
  const storage = storageOf(config);
  if (storage.kind !== "s3" || storage.credentialsSecretArn === undefined) return createObjectStore(storage);
  const { Secrets, storageCredentialsSchema } = await secretsModule();
  const secrets = new Secrets(secretsOptions);
  try {
    return await createObjectStore(storage, await secrets.readJson(storage.credentialsSecretArn, storageCredentialsSchema));
  } finally {
    secrets.close();
  }
}

/** Raw values Secrets Manager generates for the admin key (`[0-9a-z]`, see infra platform-secrets.ts). */
const GENERATED = /^[0-9a-z]{48,128}$/;

/**
 * The API key an admin-key secret value stands for: a `tk_<keyId>_<secret>` value as is; a value
 * Secrets Manager generated (48+ characters of `[0-9a-z]`) read as key id (26) then secret, so every
 * relay derives the same key from it.
 */
export function adminKeyFromSecret(value: string): string {
  if (apiKeyId(value) !== undefined) return value;
  if (GENERATED.test(value)) return `tk_${value.slice(0, 26)}_${value.slice(26)}`;
  throw new TributaryError("config.invalid", "the admin key secret's adminKey must read tk_<keyId>_<secret> or be 48+ characters of [0-9a-z]");
}

/**
 * Makes the `local` tenant accept the admin key kept at `config.secretsArn` (storing its hash only),
 * and writes a generated value back in its `tk_…` form so the secret holds the key operators use.
 * Idempotent: every relay runs it at every start. Returns the key id, or `undefined` without a secret.
 */
export async function adoptBootstrapAdminKey(config: TributaryConfig, records: RecordContext, secretsOptions: SecretsOptions = {}): Promise<string | undefined> {
  if (config.secretsArn === undefined) return undefined;
  const { Secrets, platformSecretSchema } = await secretsModule();
  const secrets = new Secrets(secretsOptions);
  try {
    const { adminKey: stored } = await secrets.readJson(config.secretsArn, platformSecretSchema);
    const adminKey = adminKeyFromSecret(stored);
    const record = await adoptApiKey(records, LOCAL_TENANT_ID, adminKey, { name: "admin (Secrets Manager)", scopes: ["read", "write", "admin"] });
    // Written after the tenant accepts it: a key shown to operators must already work.
    if (adminKey !== stored) await secrets.writeJson(config.secretsArn, { adminKey });
    return record.id;
  } finally {
    secrets.close();
  }
}
