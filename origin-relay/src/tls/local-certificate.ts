/**
 * TLS material for RTMPS: the configured certificate, or for local use a self-signed pair made on
 * first start and kept in the data directory (the private key file is readable by its owner only).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsMaterial {
  cert: string;
  key: string;
}

export async function loadTlsMaterial(options: { certFile?: string | undefined; keyFile?: string | undefined; dataDir: string; hostName: string }): Promise<TlsMaterial> {
  if (options.certFile && options.keyFile) {
    return { cert: await readFile(options.certFile, "utf8"), key: await readFile(options.keyFile, "utf8") };
  }
  const dir = join(options.dataDir, "tls");
  const certPath = join(dir, "rtmps-cert.pem");
  const keyPath = join(dir, "rtmps-key.pem");
  try {
    return { cert: await readFile(certPath, "utf8"), key: await readFile(keyPath, "utf8") };
  } catch {
    const pems = await generate([{ name: "commonName", value: options.hostName }], { keySize: 2048 });
    await mkdir(dir, { recursive: true });
    await writeFile(keyPath, pems.private, { mode: 0o600 });
    await writeFile(certPath, pems.cert);
    return { cert: pems.cert, key: pems.private };
  }
}
