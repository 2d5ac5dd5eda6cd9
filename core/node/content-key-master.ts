/**
 * Where a Node process finds the content-key master secret: the Secrets Manager secret
 * `drm.masterKeySecretArn` names (AWS), else `drm.masterKey` from config, else a secret generated
 * once into `<dataDir>/content-key-master` (mode 0600) so `npm start` works without setup. The file
 * lives outside storage: sealed keys and the key that opens them are never kept together.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TributaryConfig } from "#core/config/schema.ts";
import { importMasterKey, type MasterKey } from "#core/drm/master-key.ts";
import type { SecretsOptions } from "./secrets.ts";

export const LOCAL_MASTER_FILE = "content-key-master";

export async function loadMasterKey(config: Pick<TributaryConfig, "drm" | "dataDir">, secretsOptions: SecretsOptions = {}): Promise<MasterKey> {
  const { masterKeySecretArn, masterKey } = config.drm;
  if (masterKeySecretArn !== undefined) {
    const { Secrets, contentKeyMasterSecretSchema } = await import("./secrets.ts");
    const secrets = new Secrets(secretsOptions);
    try {
      return await importMasterKey((await secrets.readJson(masterKeySecretArn, contentKeyMasterSecretSchema)).masterKey);
    } finally {
      secrets.close();
    }
  }
  if (masterKey !== undefined) return importMasterKey(masterKey);
  return importMasterKey(await localMasterSecret(config.dataDir));
}

async function localMasterSecret(dataDir: string): Promise<string> {
  const path = join(dataDir, LOCAL_MASTER_FILE);
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process of this platform wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return (await readFile(path, "utf8")).trim();
    throw error;
  }
}
