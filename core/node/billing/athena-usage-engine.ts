/**
 * `UsageQueryEngine` on Amazon Athena (`@aws-sdk/client-athena`): the SQL text is sent exactly as
 * given, the same text DuckDB runs, in a workgroup whose enforced configuration owns the results
 * location, with the usage database as the query's context. There `usage_records` is the view over
 * the compacted Parquet hours and the recent raw NDJSON hours (infra/src/constructs/usage/, and
 * docs/usage-at-scale.md); the SQL dedupes on record id, so an hour present in both is counted once.
 *
 * The query is started, polled with a backoff until it ends, and its result pages read in order.
 */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from "@aws-sdk/client-athena";
import type { ColumnInfo, QueryExecution } from "@aws-sdk/client-athena";
import { TributaryError } from "#core/errors.ts";
import type { UsageQueryEngine, UsageQueryScope, UsageRow } from "#core/billing/usage-query-engine.ts";
import { pageRows, resultColumns, type ResultColumn } from "./athena-result-rows.ts";

/** How the engine waits for a query: data, so tests and operators tune it without code changes. */
export interface AthenaPollPolicy {
  /** First wait after starting, in ms. */
  readonly initialDelayMs: number;
  /** Each wait is the previous one times this, up to `maxDelayMs`. */
  readonly backoff: number;
  readonly maxDelayMs: number;
  /** A query still running after this long is stopped and fails. */
  readonly timeoutMs: number;
}

export const ATHENA_POLL_DEFAULTS: AthenaPollPolicy = { initialDelayMs: 200, backoff: 1.5, maxDelayMs: 2_000, timeoutMs: 120_000 };

export interface AthenaUsageEngineOptions {
  region: string;
  /** The workgroup (its enforced configuration sets the results bucket and encryption). */
  workGroup: string;
  /** The Glue database whose `usage_records` the SQL reads. */
  database: string;
  /** @default "AwsDataCatalog" */
  catalog?: string;
  /** Endpoint override (tests, VPC endpoints); the regional AWS endpoint when absent. */
  endpoint?: string;
  /** Static credentials; the SDK's default provider chain (instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
  poll?: AthenaPollPolicy;
  /** Rows asked for per GetQueryResults page (Athena's maximum is 1000). @default 1000 */
  pageSize?: number;
  /** Waits between polls; injected so tests need not wait. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AthenaUsageEngine implements UsageQueryEngine {
  readonly name = "athena" as const;
  readonly #client: AthenaClient;
  readonly #options: AthenaUsageEngineOptions & { poll: AthenaPollPolicy; pageSize: number; sleep: (ms: number) => Promise<void> };

  constructor(options: AthenaUsageEngineOptions) {
    const pageSize = options.pageSize ?? 1000;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new TypeError("pageSize must be an integer in 1..1000");
    this.#options = { ...options, poll: options.poll ?? ATHENA_POLL_DEFAULTS, pageSize, sleep: options.sleep ?? defaultSleep };
    this.#client = new AthenaClient({ region: options.region, endpoint: options.endpoint, credentials: options.credentials, maxAttempts: options.maxAttempts });
  }

  /** Runs `sql` as written. The scope is checked here; the relation's definition decides which hours Athena reads. */
  async run(sql: string, scope: UsageQueryScope): Promise<UsageRow[]> {
    if (!(Date.parse(scope.from) < Date.parse(scope.to))) throw new TypeError(`usage query scope must have from < to: ${scope.from} .. ${scope.to}`);
    const { QueryExecutionId: id } = await this.#client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.#options.workGroup,
        QueryExecutionContext: { Catalog: this.#options.catalog ?? "AwsDataCatalog", Database: this.#options.database },
      }),
    );
    if (id === undefined) throw new TributaryError("usage.query_failed", "Athena started no query execution");
    await this.#waitForSuccess(id);
    return this.#readResults(id, sql);
  }

  close(): void {
    this.#client.destroy();
  }

  async #waitForSuccess(id: string): Promise<QueryExecution> {
    const { poll, sleep } = this.#options;
    let waited = 0;
    let delay = poll.initialDelayMs;
    for (;;) {
      await sleep(delay);
      waited += delay;
      const { QueryExecution: execution } = await this.#client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = execution?.Status?.State;
      if (state === "SUCCEEDED") return execution as QueryExecution;
      if (state === "FAILED" || state === "CANCELLED") {
        const status = execution?.Status;
        throw new TributaryError("usage.query_failed", `Athena query ${id} ${state.toLowerCase()}: ${status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? "no reason given"}`, {
          details: { queryExecutionId: id, state, errorCategory: status?.AthenaError?.ErrorCategory, errorType: status?.AthenaError?.ErrorType },
        });
      }
      if (waited >= poll.timeoutMs) {
        await this.#client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
        throw new TributaryError("usage.query_failed", `Athena query ${id} still ${state ?? "unknown"} after ${poll.timeoutMs} ms; stopped`, { details: { queryExecutionId: id, state } });
      }
      delay = Math.min(poll.maxDelayMs, delay * poll.backoff);
    }
  }

  async #readResults(id: string, sql: string): Promise<UsageRow[]> {
    const rows: UsageRow[] = [];
    let token: string | undefined;
    let metadata: { info: ColumnInfo[]; columns: ResultColumn[] } | undefined;
    let first = true;
    do {
      const page = await this.#client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: this.#options.pageSize, NextToken: token }));
      if (metadata === undefined) {
        const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        metadata = { info, columns: resultColumns(info, sql) };
      }
      rows.push(...pageRows(page.ResultSet?.Rows ?? [], metadata.columns, metadata.info, first));
      first = false;
      token = page.NextToken;
    } while (token !== undefined);
    return rows;
  }
}
