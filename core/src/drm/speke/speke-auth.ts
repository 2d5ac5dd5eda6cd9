/**
 * Puts a tenant's credentials on a SPEKE request: AWS Signature Version 4 over the whole request
 * (aws4fetch, WebCrypto only, so it runs on Workers) for providers behind API Gateway, or one static
 * header. The signed headers are computed here and sent with the caller's fetch.
 */
import { AwsV4Signer } from "aws4fetch";
import type { SpekeAuth } from "./speke-config.ts";

/** `headers` with the credentials added; `at` (ms since the epoch) is the signature's time. */
export async function authorizedHeaders(auth: SpekeAuth, url: string, headers: Headers, body: string, at: number): Promise<Headers> {
  if (auth.kind === "header") {
    const out = new Headers(headers);
    out.set(auth.name, auth.value);
    return out;
  }
  const signer = new AwsV4Signer({
    method: "POST",
    url,
    headers,
    body,
    accessKeyId: auth.accessKeyId,
    secretAccessKey: auth.secretAccessKey,
    ...(auth.sessionToken !== undefined && { sessionToken: auth.sessionToken }),
    service: auth.service,
    region: auth.region,
    // SigV4's timestamp: YYYYMMDD'T'HHMMSS'Z'.
    datetime: new Date(at).toISOString().replace(/[:-]|\.\d{3}/g, ""),
  });
  return (await signer.sign()).headers;
}
