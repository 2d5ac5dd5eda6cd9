import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isTributaryError } from "#core/errors.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { AthenaUsageEngine } from "./athena-usage-engine.ts";
import { startAthenaServer, type AthenaServer } from "../testing/athena-server.ts";
import { TEST_CREDENTIALS } from "../testing/secrets-manager-server.ts";

const SCOPE = { from: "2026-12-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" };

/** An invoice-shaped query: dedupe on id, camelCase aliases, a bigint sum, a double sum, a nullable group key. */
const SQL = `WITH ranked AS (SELECT *, row_number() OVER (PARTITION BY id ORDER BY "at") AS copy FROM usage_records WHERE "at" >= '${SCOPE.from}' AND "at" < '${SCOPE.to}'),
deduped AS (SELECT * FROM ranked WHERE copy = 1)
SELECT "tenantId", tier, sum(bytes) AS "deliveredBytes", sum("mediaSeconds") AS "deliveredSeconds", count(*) AS records
FROM deduped WHERE kind IN ('segment', 'part') GROUP BY "tenantId", tier ORDER BY "tenantId", tier NULLS FIRST`;

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 10, minute)).toISOString();
const base = { source: "edge", mediaId: "m1", status: 200 } as const;
const records: UsageRecord[] = [
  { ...base, id: "r1", at: at(0), tenantId: "t1", kind: "segment", tier: "HD", bytes: 1_000_000, mediaSeconds: 2 },
  { ...base, id: "r1", at: at(0), tenantId: "t1", kind: "segment", tier: "HD", bytes: 1_000_000, mediaSeconds: 2 },
  { ...base, id: "r2", at: at(1), tenantId: "t1", kind: "part", tier: "HD", bytes: 250_000, mediaSeconds: 0.334 },
  // Two untiered records whose sum passes 2^53: it comes back as a decimal string.
  { ...base, id: "r3", at: at(2), tenantId: "t1", kind: "segment", bytes: 6_000_000_000_000_000, mediaSeconds: 2 },
  { ...base, id: "r6", at: at(5), tenantId: "t1", kind: "segment", bytes: 6_000_000_000_000_000, mediaSeconds: 2 },
  { ...base, id: "r4", at: at(3), tenantId: "t2", kind: "segment", tier: "SD", bytes: 400_000, mediaSeconds: 2 },
  { ...base, id: "r5", at: at(4), tenantId: "t2", kind: "manifest", bytes: 900 },
];

type Cell = string | number | boolean | null;

/** What DuckDB answers for SQL over `records`, and the same rows as Athena's text cells. */
async function duckdbAnswer(): Promise<{ rows: Array<Record<string, Cell>>; columns: Array<{ name: string; type: string }>; text: Array<Array<string | null>> }> {
  const dir = await mkdtemp(join(tmpdir(), "athena-engine-"));
  try {
    const file = join(dir, "usage.ndjson");
    await writeFile(file, records.map((r) => JSON.stringify(r)).join("\n"));
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`CREATE VIEW usage_records AS SELECT * FROM read_ndjson('${file}', columns = {'id': 'VARCHAR', 'at': 'VARCHAR', 'tenantId': 'VARCHAR', 'kind': 'VARCHAR', 'tier': 'VARCHAR', 'bytes': 'BIGINT', 'mediaSeconds': 'DOUBLE'})`);
    const reader = await connection.runAndReadAll(SQL);
    connection.closeSync();
    const names = reader.columnNames();
    const trino: Record<string, string> = { VARCHAR: "varchar", BIGINT: "bigint", HUGEINT: "bigint", DOUBLE: "double" };
    const columns = names.map((name, i) => ({ name: name.toLowerCase(), type: trino[reader.columnTypes()[i]?.toString() ?? ""] ?? "varchar" }));
    const raw = reader.getRows();
    const rows = raw.map((row) => Object.fromEntries(names.map((name, i) => [name, cell(row[i])])));
    const text = raw.map((row) => row.map((value) => (value === null ? null : String(value))));
    return { rows, columns, text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function cell(value: unknown): Cell {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value as Cell;
}

let server: AthenaServer;
let answer: Awaited<ReturnType<typeof duckdbAnswer>>;
const engines: AthenaUsageEngine[] = [];

function engine(overrides: Partial<ConstructorParameters<typeof AthenaUsageEngine>[0]> = {}): AthenaUsageEngine {
  const created = new AthenaUsageEngine({
    region: "eu-west-1",
    workGroup: "tributary-prod-usage",
    database: "tributary_prod_usage",
    endpoint: server.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    sleep: async () => {},
    ...overrides,
  });
  engines.push(created);
  return created;
}

beforeAll(async () => {
  server = await startAthenaServer();
  answer = await duckdbAnswer();
});

beforeEach(() => {
  server.requests.length = 0;
});

afterAll(async () => {
  for (const e of engines) e.close();
  await server.close();
});

describe("AthenaUsageEngine", () => {
  it("sends the DuckDB SQL text unchanged, in the workgroup, with the usage database as context", async () => {
    server.script = () => ({ states: ["QUEUED", "RUNNING", "SUCCEEDED"], columns: answer.columns, rows: answer.text });
    await engine().run(SQL, SCOPE);
    const start = server.requests.find((r) => r.operation === "StartQueryExecution");
    expect(start?.body["QueryString"]).toBe(SQL);
    expect(start?.body["WorkGroup"]).toBe("tributary-prod-usage");
    expect(start?.body["QueryExecutionContext"]).toEqual({ Catalog: "AwsDataCatalog", Database: "tributary_prod_usage" });
    // The enforced workgroup configuration owns the results location; the request names none.
    expect(start?.body["ResultConfiguration"]).toBeUndefined();
    expect(server.requests.map((r) => r.operation)).toEqual(["StartQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryResults"]);
  });

  it("returns the rows DuckDB returns for the same SQL: names as written, typed values, NULLs, big integers as text", async () => {
    server.script = () => ({ columns: answer.columns, rows: answer.text });
    const rows = await engine().run(SQL, SCOPE);
    expect(answer.rows.length).toBe(3);
    expect(rows).toEqual(answer.rows);
    expect(rows.find((r) => r["tier"] === null)?.["deliveredBytes"]).toBe("12000000000000000");
  });

  it("reads every result page in order, the header row only on the first", async () => {
    server.script = () => ({ columns: answer.columns, rows: answer.text });
    const rows = await engine({ pageSize: 2 }).run(SQL, SCOPE);
    expect(rows).toEqual(answer.rows);
    const pages = server.requests.filter((r) => r.operation === "GetQueryResults");
    expect(pages.map((p) => [p.body["MaxResults"], p.body["NextToken"]])).toEqual([
      [2, undefined],
      [2, "page-2"],
    ]);
  });

  it("turns a failed query into usage.query_failed with Athena's reason", async () => {
    server.script = () => ({ states: ["RUNNING", "FAILED"], failure: { reason: "TABLE_NOT_FOUND: line 1:15: Table 'usage_records' does not exist", errorType: 1301 } });
    const error = await engine().run(SQL, SCOPE).catch((e: unknown) => e);
    expect(isTributaryError(error, "usage.query_failed")).toBe(true);
    expect((error as Error).message).toContain("TABLE_NOT_FOUND");
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ state: "FAILED", errorType: 1301 });
    expect(server.requests.some((r) => r.operation === "GetQueryResults")).toBe(false);
  });

  it("stops a query that outlives the poll timeout", async () => {
    server.script = () => ({ states: ["RUNNING"] });
    const poll = { initialDelayMs: 100, backoff: 2, maxDelayMs: 400, timeoutMs: 1_000 };
    const waits: number[] = [];
    const error = await engine({ poll, sleep: async (ms) => void waits.push(ms) }).run(SQL, SCOPE).catch((e: unknown) => e);
    expect(isTributaryError(error, "usage.query_failed")).toBe(true);
    expect(waits).toEqual([100, 200, 400, 400]);
    const stop = server.requests.at(-1);
    expect(stop?.operation).toBe("StopQueryExecution");
    expect(stop?.body["QueryExecutionId"]).toBe(server.requests.find((r) => r.operation === "GetQueryExecution")?.body["QueryExecutionId"]);
  });

  it("refuses an empty scope before calling Athena", async () => {
    await expect(engine().run(SQL, { from: SCOPE.to, to: SCOPE.from })).rejects.toThrow(TypeError);
    expect(server.requests).toEqual([]);
  });
});
