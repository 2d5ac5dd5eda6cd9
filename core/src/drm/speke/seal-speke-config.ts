/** Between a tenant's submitted SPEKE config and the stored one: credentials sealed on the way in, opened on the way out. */
import { z } from "zod";
import { openCredential, sealCredential, type SealingKey } from "./sealed-credential.ts";
import type { SpekeConfigInput, SpekeProviderConfig, StoredSpekeConfig } from "./speke-config.ts";

const awsCredentials = z.object({ accessKeyId: z.string(), secretAccessKey: z.string(), sessionToken: z.string().optional() }).strict();

export async function sealSpekeConfig(master: SealingKey, tenantId: string, input: SpekeConfigInput): Promise<StoredSpekeConfig> {
  const { auth, ...settings } = input;
  if (auth.kind === "header") return { ...settings, auth: { kind: "header", name: auth.name, value: await sealCredential(master, tenantId, "header", auth.value) } };
  const { accessKeyId, secretAccessKey, sessionToken } = auth;
  const credentials = await sealCredential(master, tenantId, "sigv4", JSON.stringify({ accessKeyId, secretAccessKey, ...(sessionToken !== undefined && { sessionToken }) }));
  return { ...settings, auth: { kind: "sigv4", region: auth.region, service: auth.service, credentials } };
}

export async function openSpekeConfig(master: SealingKey, tenantId: string, stored: StoredSpekeConfig): Promise<SpekeProviderConfig> {
  const { auth, ...settings } = stored;
  if (auth.kind === "header") return { ...settings, auth: { kind: "header", name: auth.name, value: await openCredential(master, tenantId, "header", auth.value) } };
  const opened = awsCredentials.parse(JSON.parse(await openCredential(master, tenantId, "sigv4", auth.credentials)));
  return { ...settings, auth: { kind: "sigv4", region: auth.region, service: auth.service, ...opened } };
}
