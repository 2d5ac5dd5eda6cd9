/**
 * A real s3rver (S3 HTTP protocol, filesystem-backed) in a child process on 127.0.0.1 and a free port,
 * for tests. The child runs with `--openssl-legacy-provider` because s3rver encrypts ListObjectsV2
 * continuation tokens with DES, which OpenSSL 3 only offers from its legacy provider.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface S3rverProcess {
  endpoint: string;
  bucket: string;
  /** s3rver accepts any credentials with this id and secret. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

const SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[2], configureBuckets: [{ name: process.argv[3] }] });
server.run().then((address) => process.stdout.write(JSON.stringify({ port: address.port }) + "\\n"));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
`;

export async function startS3rver(bucket = "tributary-test"): Promise<S3rverProcess> {
  const directory = await mkdtemp(join(tmpdir(), "tributary-s3rver-"));
  const entry = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", SCRIPT, entry, directory, bucket], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line !== undefined) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(() => reject(new Error(`s3rver exited before listening: ${stderr}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
