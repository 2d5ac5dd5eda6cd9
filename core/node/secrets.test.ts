import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTributaryError } from "../src/errors.ts";
import { platformSecretSchema, secretRegion, Secrets, storageCredentialsSchema } from "./secrets.ts";
import { startSecretsManagerServer, TEST_CREDENTIALS, type SecretsManagerServer } from "./testing/secrets-manager-server.ts";

const ADMIN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/admin-key-AbCdEf";
const R2_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx";

let server: SecretsManagerServer;
let secrets: Secrets;

beforeAll(async () => {
  server = await startSecretsManagerServer();
  secrets = new Secrets({ endpoint: server.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

afterAll(async () => {
  secrets.close();
  await server.close();
});

describe("Secrets", () => {
  it("reads a JSON secret with GetSecretValue and checks its shape", async () => {
    server.secrets.set(R2_ARN, JSON.stringify({ accessKeyId: "r2-key", secretAccessKey: "r2-secret" }));
    expect(await secrets.readJson(R2_ARN, storageCredentialsSchema)).toEqual({ accessKeyId: "r2-key", secretAccessKey: "r2-secret" });
    expect(server.calls.at(-1)).toBe("GetSecretValue");
  });

  it("refuses a value that is not the expected document, naming fields but not values", async () => {
    server.secrets.set(ADMIN_ARN, JSON.stringify({ adminKey: "short" }));
    const error = await secrets.readJson(ADMIN_ARN, platformSecretSchema).catch((e: unknown) => e);
    expect(isTributaryError(error, "config.invalid")).toBe(true);
    expect((error as Error).message).toContain("adminKey");
    expect((error as Error).message).not.toContain("short");
    server.secrets.set(ADMIN_ARN, "not json");
    await expect(secrets.readJson(ADMIN_ARN, platformSecretSchema)).rejects.toThrow(/not a JSON document/);
  });

  it("writes a new version with PutSecretValue", async () => {
    server.secrets.set(ADMIN_ARN, "{}");
    await secrets.writeJson(ADMIN_ARN, { adminKey: "tk_0123456789abcdefghjkmnpqrs_secret" });
    expect(JSON.parse(server.secrets.get(ADMIN_ARN) ?? "")).toEqual({ adminKey: "tk_0123456789abcdefghjkmnpqrs_secret" });
    expect(server.calls.at(-1)).toBe("PutSecretValue");
  });

  it("surfaces a missing secret as the service's error", async () => {
    await expect(secrets.readJson("arn:aws:secretsmanager:eu-west-1:123456789012:secret:absent", platformSecretSchema)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("reads each secret in the region its ARN names", () => {
    expect(secretRegion(ADMIN_ARN)).toBe("eu-west-1");
    expect(secretRegion("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x")).toBe("us-gov-west-1");
    expect(() => secretRegion("tributary/prod/admin-key")).toThrow(TypeError);
  });
});
