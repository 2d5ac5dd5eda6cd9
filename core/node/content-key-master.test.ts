import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "#core/config/parse.ts";
import { sealKey, unsealKey } from "#core/drm/key-seal.ts";
import { isTributaryError } from "#core/errors.ts";
import { LOCAL_MASTER_FILE, loadMasterKey } from "./content-key-master.ts";
import { configFromEnv } from "./env-config.ts";
import { startSecretsManagerServer, TEST_CREDENTIALS } from "./testing/secrets-manager-server.ts";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tributary-master-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const key = new Uint8Array(16).fill(9);
const kid = "00112233445566778899aabbccddeeff";

describe("loadMasterKey", () => {
  it("generates a local master once, readable by its owner only, and derives the same key from it next time", async () => {
    const config = parseConfig({ dataDir });
    const first = await loadMasterKey(config);
    const file = join(dataDir, LOCAL_MASTER_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim().length).toBeGreaterThanOrEqual(32);
    const again = await loadMasterKey(config);
    expect(again.id).toBe(first.id);
    expect(await unsealKey(again, await sealKey(first, key, "m1", kid), "m1", kid)).toEqual(key);
  });

  it("uses the configured secret, which another master cannot stand in for", async () => {
    const configured = await loadMasterKey(configFromEnv({ TRIBUTARY_DATA_DIR: dataDir, TRIBUTARY_DRM_MASTER_KEY: "c".repeat(40) }));
    const generated = await loadMasterKey(parseConfig({ dataDir }));
    const error = await unsealKey(generated, await sealKey(configured, key, "m1", kid), "m1", kid).catch((e: unknown) => e);
    expect(isTributaryError(error, "drm.unseal_failed")).toBe(true);
  });

  it("reads {masterKey} from Secrets Manager when the config names the secret, ahead of a configured value", async () => {
    const server = await startSecretsManagerServer();
    try {
      const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/content-key-master-AbCdEf";
      server.secrets.set(arn, JSON.stringify({ masterKey: "s".repeat(64) }));
      const options = { endpoint: server.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
      const fromSecret = await loadMasterKey(parseConfig({ dataDir, drm: { masterKeySecretArn: arn, masterKey: "c".repeat(40) } }), options);
      const same = await loadMasterKey(parseConfig({ dataDir, drm: { masterKey: "s".repeat(64) } }));
      expect(fromSecret.id).toBe(same.id);
      expect(server.calls).toContain("GetSecretValue");
    } finally {
      await server.close();
    }
  });

  it("refuses a configured secret under 32 characters", () => {
    expect(() => parseConfig({ drm: { masterKey: "short" } })).toThrow(/drm\.masterKey/);
  });
});
