// The publisher drives the real CloudWatch client against a local HTTP server that answers as
// CloudWatch does (AWS JSON 1.0), so what is checked is the request CloudWatch would receive.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "#core-node/logger.ts";
import { CloudWatchPublisher } from "./cloudwatch-publisher.ts";
import { RelayCounters } from "./relay-counters.ts";

interface Datum {
  MetricName: string;
  Value: number;
  Unit: string;
}
let server: Server;
let client: CloudWatchClient;
const received: { target: string | undefined; body: { Namespace: string; MetricData: Datum[] } }[] = [];
let failNext = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      if (failNext) {
        failNext = false;
        res.writeHead(500, { "content-type": "application/x-amz-json-1.0" }).end(JSON.stringify({ __type: "InternalServiceFault", message: "try later" }));
        return;
      }
      received.push({ target: req.headers["x-amz-target"] as string | undefined, body: JSON.parse(text) as (typeof received)[number]["body"] });
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new CloudWatchClient({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "a", secretAccessKey: "s" }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const values = (i: number) => Object.fromEntries((received[i]?.body.MetricData ?? []).map((d) => [d.MetricName, d.Value]));

describe("CloudWatchPublisher", () => {
  it("publishes the gauge as it is and counts as increases, carrying a failed publish's increase forward", async () => {
    let publishers = 2;
    const counters = new RelayCounters(new Registry(), () => publishers);
    const publisher = new CloudWatchPublisher({ client, figures: () => counters.figures(), log: createLogger("test", "silent"), intervalMs: 3_600_000 });
    for (let i = 0; i < 5; i++) counters.originRequest();
    counters.storageWriteError();
    await publisher.publish();
    expect(received[0]?.target).toBe("GraniteServiceVersion20100801.PutMetricData");
    expect(received[0]?.body.Namespace).toBe("Tributary/Relay");
    expect(values(0)).toEqual({ ActivePublishes: 2, OriginRequests: 5, StorageWriteErrors: 1, TranscoderRestarts: 0 });
    expect(received[0]?.body.MetricData.every((d) => d.Unit === "Count")).toBe(true);

    counters.originRequest();
    counters.transcoderRestart();
    failNext = true;
    await publisher.publish();
    expect(received).toHaveLength(1);

    counters.originRequest();
    publishers = 0;
    await publisher.close();
    expect(values(1)).toEqual({ ActivePublishes: 0, OriginRequests: 2, StorageWriteErrors: 0, TranscoderRestarts: 1 });
  });
});
