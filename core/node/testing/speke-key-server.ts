/**
 * Test helper: a SPEKE v2.0 key provider on 127.0.0.1. It checks what a real API-Gateway-fronted
 * provider checks (the SigV4 signature, recomputed from the request it received, or a static header),
 * then answers the CPIX request. `answer` decides the reply; `keyServer` is a small provider that
 * fills any request it can read: one key per KID, a `pssh` box per PSSH asked, ContentProtectionData
 * with that box, and HLS key tags.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsV4Signer } from "aws4fetch";

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface SpekeAnswerSpec {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface SpekeTestServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export interface SpekeTestServerOptions {
  aws?: { accessKeyId: string; secretAccessKey: string; region: string };
  header?: { name: string; value: string };
  answer(request: ReceivedRequest): SpekeAnswerSpec | "hang";
}

async function signatureMatches(request: IncomingMessage, url: string, body: string, aws: NonNullable<SpekeTestServerOptions["aws"]>): Promise<boolean> {
  const authorization = request.headers.authorization ?? "";
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
  const headers = new Headers();
  for (const name of signed) headers.set(name, String(request.headers[name] ?? ""));
  const signer = new AwsV4Signer({ method: request.method ?? "POST", url, headers, body, ...aws, service: "execute-api", datetime: String(request.headers["x-amz-date"] ?? "") });
  const expected = (await signer.sign()).headers.get("authorization");
  return authorization !== "" && expected === authorization;
}

export async function startSpekeTestServer(options: SpekeTestServerOptions): Promise<SpekeTestServer> {
  const received: ReceivedRequest[] = [];
  let base = "";
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const entry = { path: request.url ?? "", headers: request.headers, body };
        received.push(entry);
        if (options.aws && !(await signatureMatches(request, `${base}${entry.path}`, body, options.aws))) {
          response.writeHead(403, { "content-type": "application/json" }).end('{"message":"The request signature we calculated does not match the signature you provided."}');
          return;
        }
        if (options.header && request.headers[options.header.name.toLowerCase()] !== options.header.value) {
          response.writeHead(401, { "content-type": "text/plain" }).end("Unauthorized");
          return;
        }
        const answer = options.answer(entry);
        if (answer === "hang") return;
        response.writeHead(answer.status, answer.headers).end(answer.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const SPEKE_HEADERS = { "content-type": "application/xml", "x-speke-version": "2.0", "x-speke-user-agent": "test-key-server/1.0" };

/** The key this test provider gives `kid` (hex): the first 16 bytes of SHA-256 over it. */
export function testKeyFor(kidHex: string): Buffer {
  return createHash("sha256").update(kidHex).digest().subarray(0, 16);
}

/** A pssh v0 box for `systemId` (UUID text) holding `data` (ISO/IEC 23001-7 §8.1.1). */
export function testPssh(systemId: string, data: Buffer): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32BE(32 + data.length, 0);
  header.write("pssh", 4, "latin1");
  Buffer.from(systemId.replaceAll("-", ""), "hex").copy(header, 12);
  header.writeUInt32BE(data.length, 28);
  return Buffer.concat([header, data]);
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString("base64");

/** Fills a CPIX request the way a key provider does: every empty element the request sent gets its value. */
export function keyServer(request: ReceivedRequest): SpekeAnswerSpec {
  let body = request.body.replace(/<cpix:ContentKey kid="([0-9a-f-]{36})"([^>]*)\/>/g, (_, kid: string, rest: string) => {
    const key = testKeyFor(kid.replaceAll("-", ""));
    const iv = rest.includes("explicitIV") ? "" : ` explicitIV="${b64(createHash("md5").update(kid).digest())}"`;
    return `<cpix:ContentKey kid="${kid}"${rest}${iv}><cpix:Data><pskc:Secret><pskc:PlainValue>${key.toString("base64")}</pskc:PlainValue></pskc:Secret></cpix:Data></cpix:ContentKey>`;
  });
  body = body.replace(/<cpix:DRMSystem kid="([0-9a-f-]{36})" systemId="([0-9a-f-]{36})">([\s\S]*?)<\/cpix:DRMSystem>/g, (whole, kid: string, systemId: string, inner: string) => {
    const pssh = testPssh(systemId, Buffer.concat([Buffer.from([0x12, 0x10]), Buffer.from(kid.replaceAll("-", ""), "hex")]));
    const filled = inner
      .replace("<cpix:PSSH/>", `<cpix:PSSH>${pssh.toString("base64")}</cpix:PSSH>`)
      .replace("<cpix:ContentProtectionData/>", `<cpix:ContentProtectionData>${b64(`<cenc:pssh>${pssh.toString("base64")}</cenc:pssh>`)}</cpix:ContentProtectionData>`)
      .replace('<cpix:HLSSignalingData playlist="media"/>', `<cpix:HLSSignalingData playlist="media">${b64(`#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://${kid}",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"`)}</cpix:HLSSignalingData>`)
      .replace('<cpix:HLSSignalingData playlist="master"/>', `<cpix:HLSSignalingData playlist="master">${b64(`#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://${kid}",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"`)}</cpix:HLSSignalingData>`);
    return whole.replace(inner, filled);
  });
  return { status: 200, headers: SPEKE_HEADERS, body };
}
