import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { RelayCounters } from "./relay-counters.ts";

describe("RelayCounters", () => {
  it("exposes the same figures as Prometheus series", async () => {
    const registry = new Registry();
    const counters = new RelayCounters(registry, () => 3);
    counters.originRequest();
    counters.transcoderRestart();
    const text = await registry.metrics();
    expect(text).toMatch(/^tributary_active_publishes 3$/m);
    expect(text).toMatch(/^tributary_origin_requests_total 1$/m);
    expect(text).toMatch(/^tributary_transcoder_restarts_total 1$/m);
    expect(text).toMatch(/^tributary_storage_write_errors_total 0$/m);
  });

  it("counts only grow, and the gauge is read when asked for", () => {
    let live = 1;
    const counters = new RelayCounters(new Registry(), () => live);
    counters.storageWriteError();
    counters.storageWriteError();
    live = 4;
    expect(counters.figures()).toEqual({ activePublishes: 4, originRequests: 0, storageWriteErrors: 2, transcoderRestarts: 0 });
  });
});
