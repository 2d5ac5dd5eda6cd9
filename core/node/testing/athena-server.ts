/**
 * An Athena peer for tests: an HTTP server speaking the service's JSON 1.1 protocol (`POST /`,
 * `X-Amz-Target: AmazonAthena.<Operation>`, SigV4-signed) for StartQueryExecution,
 * GetQueryExecution, GetQueryResults and StopQueryExecution, answering in the API reference's
 * response shapes: a query moves through the states its script lists, one per GetQueryExecution, and
 * its results come in pages of MaxResults rows with a header row first, NULL as a Datum without
 * `VarCharValue`. Every request body is recorded for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface AthenaScriptColumn {
  name: string;
  /** Trino type name as ColumnInfo.Type gives it: `varchar`, `bigint`, `double`, `boolean`, … */
  type: string;
}

/** How the server answers one query. */
export interface AthenaQueryScript {
  /** States reported by successive GetQueryExecution calls; the last one repeats. @default ["SUCCEEDED"] */
  states?: Array<"QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED">;
  columns?: AthenaScriptColumn[];
  /** Values as Athena's text; `null` is SQL NULL. */
  rows?: Array<Array<string | null>>;
  /** For a FAILED query. */
  failure?: { reason: string; errorType: number };
}

export interface AthenaRequest {
  operation: string;
  body: Record<string, unknown>;
}

export interface AthenaServer {
  endpoint: string;
  /** Requests received, in order. */
  requests: AthenaRequest[];
  /** Decides how the next started query runs, from its request. */
  script: (start: Record<string, unknown>) => AthenaQueryScript;
  close(): Promise<void>;
}

interface Execution {
  id: string;
  start: Record<string, unknown>;
  script: AthenaQueryScript;
  polls: number;
  stopped: boolean;
}

export async function startAthenaServer(): Promise<AthenaServer> {
  const requests: AthenaRequest[] = [];
  const executions = new Map<string, Execution>();
  const state: AthenaServer = { endpoint: "", requests, script: () => ({}), close: async () => {} };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers["x-amz-target"] ?? "");
    const reply = (status: number, body: Record<string, unknown>) => response.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
    if (request.method !== "POST" || !target.startsWith("AmazonAthena.") || !String(request.headers["authorization"] ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
      reply(400, { __type: "InvalidRequestException", Message: "unsigned or not an Athena JSON request" });
      return;
    }
    const operation = target.slice("AmazonAthena.".length);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    requests.push({ operation, body });
    const execution = executions.get(String(body["QueryExecutionId"] ?? ""));
    if (operation === "StartQueryExecution") {
      const id = `${String(executions.size + 1).padStart(8, "0")}-aaaa-bbbb-cccc-000000000000`;
      executions.set(id, { id, start: body, script: state.script(body), polls: 0, stopped: false });
      reply(200, { QueryExecutionId: id });
    } else if (execution === undefined) {
      reply(400, { __type: "InvalidRequestException", Message: `QueryExecution ${String(body["QueryExecutionId"])} was not found`, AthenaErrorCode: "INVALID_INPUT" });
    } else if (operation === "GetQueryExecution") {
      reply(200, { QueryExecution: describe(execution) });
    } else if (operation === "GetQueryResults") {
      reply(200, results(execution, body));
    } else if (operation === "StopQueryExecution") {
      execution.stopped = true;
      reply(200, {});
    } else {
      reply(400, { __type: "InvalidRequestException", Message: `unsupported operation ${operation}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.endpoint = `http://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return state;
}

/** The QueryExecution object of GetQueryExecution (API reference: QueryExecution, QueryExecutionStatus). */
function describe(execution: Execution): Record<string, unknown> {
  const states = execution.script.states ?? ["SUCCEEDED"];
  const current = execution.stopped ? "CANCELLED" : (states[Math.min(execution.polls, states.length - 1)] as string);
  execution.polls += 1;
  const done = current === "SUCCEEDED" || current === "FAILED" || current === "CANCELLED";
  const failure = execution.script.failure;
  return {
    QueryExecutionId: execution.id,
    Query: execution.start["QueryString"],
    StatementType: "DML",
    ResultConfiguration: { OutputLocation: `s3://athena-results/${execution.id}.csv` },
    QueryExecutionContext: execution.start["QueryExecutionContext"],
    Status: {
      State: current,
      SubmissionDateTime: 1_796_000_000.123,
      ...(done ? { CompletionDateTime: 1_796_000_002.456 } : {}),
      ...(current === "FAILED" && failure ? { StateChangeReason: failure.reason, AthenaError: { ErrorCategory: 2, ErrorType: failure.errorType, Retryable: false, ErrorMessage: failure.reason } } : {}),
    },
    Statistics: { EngineExecutionTimeInMillis: 1200, DataScannedInBytes: 123_456, TotalExecutionTimeInMillis: 1400, QueryQueueTimeInMillis: 100 },
    WorkGroup: execution.start["WorkGroup"],
    EngineVersion: { SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3" },
  };
}

/** One GetQueryResults page: the header row (labels) leads the first page, as Athena sends it for a SELECT. */
function results(execution: Execution, body: Record<string, unknown>): Record<string, unknown> {
  const columns = execution.script.columns ?? [];
  const all = [columns.map((c) => c.name), ...(execution.script.rows ?? [])];
  const offset = body["NextToken"] === undefined ? 0 : Number(String(body["NextToken"]).slice("page-".length));
  const size = Number(body["MaxResults"] ?? 1000);
  const page = all.slice(offset, offset + size);
  const next = offset + size < all.length ? `page-${offset + size}` : undefined;
  return {
    UpdateCount: 0,
    ResultSet: {
      Rows: page.map((row) => ({ Data: row.map((value) => (value === null ? {} : { VarCharValue: value })) })),
      ResultSetMetadata: {
        ColumnInfo: columns.map((c) => ({ CatalogName: "hive", SchemaName: "", TableName: "", Name: c.name, Label: c.name, Type: c.type, Precision: 0, Scale: 0, Nullable: "UNKNOWN", CaseSensitive: c.type === "varchar" })),
      },
    },
    ...(next !== undefined ? { NextToken: next } : {}),
  };
}
