/**
 * A Secrets Manager peer for tests: an HTTP server speaking the service's JSON 1.1 protocol
 * (`POST /`, `X-Amz-Target: secretsmanager.<Operation>`, SigV4-signed) for GetSecretValue and
 * PutSecretValue, with errors shaped as the service shapes them (`__type`, HTTP 400).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SecretsManagerServer {
  endpoint: string;
  /** Current SecretString by ARN; tests seed and inspect it. */
  secrets: Map<string, string>;
  /** Operations received, in order (e.g. `GetSecretValue`). */
  calls: string[];
  close(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: "AKIDTESTTESTTEST", secretAccessKey: "test-secret-access-key" };

export async function startSecretsManagerServer(): Promise<SecretsManagerServer> {
  const secrets = new Map<string, string>();
  const calls: string[] = [];
  let version = 0;
  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers["x-amz-target"] ?? "");
    const reply = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
    };
    if (request.method !== "POST" || !target.startsWith("secretsmanager.") || !String(request.headers["authorization"] ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
      reply(400, { __type: "InvalidRequestException", message: "unsigned or not a Secrets Manager JSON request" });
      return;
    }
    const operation = target.slice("secretsmanager.".length);
    calls.push(operation);
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { SecretId?: string; SecretString?: string };
    const id = input.SecretId ?? "";
    if (operation === "GetSecretValue") {
      const value = secrets.get(id);
      if (value === undefined) reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
      else reply(200, { ARN: id, Name: id.split(":").at(-1), SecretString: value, VersionId: `v${version}`, VersionStages: ["AWSCURRENT"] });
      return;
    }
    if (operation === "PutSecretValue" && secrets.has(id) && input.SecretString !== undefined) {
      secrets.set(id, input.SecretString);
      version += 1;
      reply(200, { ARN: id, Name: id.split(":").at(-1), VersionId: `v${version}`, VersionStages: ["AWSCURRENT"] });
      return;
    }
    reply(400, { __type: "ResourceNotFoundException", message: `cannot ${operation} ${id}` });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    secrets,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
