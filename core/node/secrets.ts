/**
 * The platform's secrets in AWS Secrets Manager, as JSON documents validated on read. Three are read:
 * the bootstrap secret (`TRIBUTARY_SECRETS_ARN`: `{adminKey}`), the content-key master
 * (`TRIBUTARY_DRM_MASTER_KEY_SECRET_ARN`: `{masterKey}`) and, in R2 mode, the storage token
 * (`TRIBUTARY_S3_CREDENTIALS_SECRET_ARN`: `{accessKeyId, secretAccessKey}`). A secret is read from the
 * region its ARN names, so an R2 relay (storage region `auto`) still finds it.
 */
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { TributaryError } from "#core/errors.ts";

export interface SecretsOptions {
  /** Endpoint override (tests, VPC endpoints); the regional AWS endpoint when absent. */
  endpoint?: string;
  /** Static credentials; the SDK's default provider chain (instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

/** `{adminKey}`: the platform tenant's admin API key, so operators find it here rather than in a log. */
export const platformSecretSchema = z.object({ adminKey: z.string().min(16).max(256) });
export type PlatformSecret = z.infer<typeof platformSecretSchema>;

/** `{masterKey}`: the secret content keys are sealed under (core/src/drm/master-key.ts). */
export const contentKeyMasterSecretSchema = z.object({ masterKey: z.string().min(32).max(1024) });

/** `{accessKeyId, secretAccessKey}`: an S3-API token (R2 mode). */
export const storageCredentialsSchema = z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) });
export type StorageCredentials = z.infer<typeof storageCredentialsSchema>;

const ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:.+$/;

/** The region a secret ARN names. */
export function secretRegion(secretArn: string): string {
  const region = ARN.exec(secretArn)?.[1];
  if (region === undefined) throw new TypeError(`not a Secrets Manager secret ARN: ${secretArn}`);
  return region;
}

export class Secrets {
  readonly #options: SecretsOptions;
  readonly #clients = new Map<string, SecretsManagerClient>();

  constructor(options: SecretsOptions = {}) {
    this.#options = options;
  }

  /**
   * The secret's current JSON value, checked against `schema`; a value that is not JSON or does not
   * match is `config.invalid` (naming the fields, never their values).
   * @example const { adminKey } = await secrets.readJson(arn, platformSecretSchema);
   */
  async readJson<T>(secretArn: string, schema: z.ZodType<T>): Promise<T> {
    const output = await this.#client(secretArn).send(new GetSecretValueCommand({ SecretId: secretArn }));
    let value: unknown;
    try {
      value = JSON.parse(output.SecretString ?? "");
    } catch {
      throw new TributaryError("config.invalid", `secret ${secretArn} is not a JSON document`);
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new TributaryError("config.invalid", `secret ${secretArn} does not hold what it should:\n  ${problems.join("\n  ")}`, { details: { problems } });
  }

  /** Stores a new current version of the secret. */
  async writeJson(secretArn: string, value: Record<string, unknown>): Promise<void> {
    await this.#client(secretArn).send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify(value) }));
  }

  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #client(secretArn: string): SecretsManagerClient {
    const region = secretRegion(secretArn);
    let client = this.#clients.get(region);
    if (client === undefined) {
      client = new SecretsManagerClient({
        region,
        ...(this.#options.endpoint !== undefined ? { endpoint: this.#options.endpoint } : {}),
        ...(this.#options.credentials !== undefined ? { credentials: this.#options.credentials } : {}),
        ...(this.#options.maxAttempts !== undefined ? { maxAttempts: this.#options.maxAttempts } : {}),
      });
      this.#clients.set(region, client);
    }
    return client;
  }
}
