/**
 * Load from a second process with autocannon: `node bench/support/autocannon-load.ts <config.json>`
 * cycles the config's paths (one per request) against its origin and prints one JSON line:
 * requests per second, p50/p99 latency (ms), and how many answers were not 2xx.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export interface LoadConfig {
  origin: string;
  paths: string[];
  method: "GET" | "POST";
  body?: string;
  seconds: number;
  connections: number;
}

export interface LoadReport {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

const config = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as LoadConfig;
let next = 0;
const result = await autocannon({
  url: config.origin,
  connections: config.connections,
  duration: config.seconds,
  requests: [
    {
      method: config.method,
      ...(config.body === undefined ? {} : { body: config.body, headers: { "content-type": "application/json" } }),
      setupRequest: (request) => ({ ...request, path: config.paths[next++ % config.paths.length] ?? "/" }),
    },
  ],
});
const report: LoadReport = { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
console.log(JSON.stringify(report));
