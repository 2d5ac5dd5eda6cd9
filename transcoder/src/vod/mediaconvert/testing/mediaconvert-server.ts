/**
 * A MediaConvert endpoint on 127.0.0.1 for tests: it records each request (method, path, JSON body
 * as the SDK put it on the wire) and answers CreateJob (201), GetJob (200) and CancelJob (202) in the
 * service's REST-JSON shapes (lowerCamelCase member names), so the real SDK client runs unmodified.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface MediaConvertServer {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const JOBS = "/2017-08-29/jobs";

function jobShape(id: string, body: Record<string, unknown>): Record<string, unknown> {
  return {
    arn: `arn:aws:mediaconvert:us-east-1:111122223333:jobs/${id}`,
    id,
    status: "SUBMITTED",
    createdAt: 1_767_225_600,
    role: body["role"],
    jobTemplate: body["jobTemplate"],
    queue: body["queue"] ?? "arn:aws:mediaconvert:us-east-1:111122223333:queues/Default",
    settings: body["settings"],
    userMetadata: body["userMetadata"],
    timing: { submitTime: 1_767_225_600 },
  };
}

export async function startMediaConvertServer(jobId = "1767225600000-abc123"): Promise<MediaConvertServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      requests.push({ method: req.method ?? "", path, body });
      const answer = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (req.method === "POST" && path === JOBS) return answer(201, { job: jobShape(jobId, body) });
      if (req.method === "GET" && path === `${JOBS}/${jobId}`) return answer(200, { job: { ...jobShape(jobId, {}), status: "PROGRESSING" } });
      if (req.method === "DELETE" && path === `${JOBS}/${jobId}`) return answer(202, {});
      return answer(404, { message: "The specified job doesn't exist." });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
