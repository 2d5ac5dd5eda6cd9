/**
 * The SQL text of every usage query: one dialect that DuckDB and Athena (Trino) run unchanged, over
 * the `usage_records` relation (./usage-query-engine.ts). Portable on purpose: `at` is compared and
 * bucketed as a string (`substr`), identifiers are double-quoted, sums are cast to BIGINT, and GROUP
 * BY / ORDER BY use ordinals (Trino does not resolve select aliases there).
 *
 * Every query first collapses the records to one row per record `id`, so a batch written twice
 * (a retried flush, a replayed file, an hour present as NDJSON and as Parquet) is counted once.
 * Media time is summed in integer milliseconds (each record's seconds rounded to the nearest
 * millisecond), so totals are exact integers on both engines.
 *
 * The tenant filter comes from the caller's authenticated scope, never from query parameters, and
 * it is not optional: a query names one tenant or, for the operator, all of them.
 */
import { canonicalInstant, sqlColumn, sqlId } from "./sql-literals.ts";
import { USAGE_RELATION, type UsageQueryScope } from "./usage-query-engine.ts";

/** One tenant's records, or every tenant's (the operator's view, with a `tenant_id` column). */
export type TenantFilter = { readonly tenantId: string } | { readonly allTenants: true };

export const usageGranularities = ["hour", "day"] as const;
export type UsageGranularity = (typeof usageGranularities)[number];

export const usageDimensions = ["media", "stream", "country", "rendition", "tier"] as const;
export type UsageDimension = (typeof usageDimensions)[number];

/** Each dimension's record column and its name in results. */
const dimensionColumns: Readonly<Record<UsageDimension, { column: string; as: string }>> = {
  media: { column: "mediaId", as: "media_id" },
  stream: { column: "streamId", as: "stream_id" },
  country: { column: "country", as: "country" },
  rendition: { column: "rendition", as: "rendition" },
  tier: { column: "tier", as: "tier" },
};

/**
 * What is metered, as sums over deduplicated records. Delivered time counts video segments and parts
 * only (those with a resolution tier): a viewer's audio segments cover the same minutes again.
 * Storage values come from the daily inventory, so their sums are byte-days and millisecond-days.
 */
export const usageMeasures = {
  requests: "CASE WHEN source = 'edge' THEN 1 ELSE 0 END",
  egress_bytes: "CASE WHEN source = 'edge' THEN bytes ELSE 0 END",
  delivered_ms: "CASE WHEN source = 'edge' AND kind IN ('segment', 'part') AND tier IS NOT NULL THEN media_ms ELSE 0 END",
  ingest_connected_ms: "CASE WHEN kind = 'ingest' THEN connected_ms ELSE 0 END",
  ingest_media_ms: "CASE WHEN kind = 'ingest' THEN media_ms ELSE 0 END",
  transcoded_ms: "CASE WHEN kind = 'transcode' THEN media_ms ELSE 0 END",
  recorded_ms: "CASE WHEN kind = 'record' THEN media_ms ELSE 0 END",
  encoded_ms: "CASE WHEN kind = 'encode' THEN media_ms ELSE 0 END",
  stored_byte_days: "CASE WHEN kind = 'storage' THEN bytes ELSE 0 END",
  stored_ms_days: "CASE WHEN kind = 'storage' THEN media_ms ELSE 0 END",
} as const;
export type UsageMeasure = keyof typeof usageMeasures;

export interface UsageQuery {
  readonly tenant: TenantFilter;
  /** ISO instant, inclusive. */
  readonly from: string;
  /** ISO instant, exclusive. */
  readonly to: string;
  readonly granularity: UsageGranularity;
  readonly groupBy: readonly UsageDimension[];
}

/** A statement and the time range its engine needs to read. */
export interface UsageStatement {
  readonly sql: string;
  readonly scope: UsageQueryScope;
}

const milliseconds = (column: string) => `CAST(round(coalesce(${sqlColumn(column)}, 0) * 1000) AS BIGINT)`;

/** One row per record id, filtered to the tenant and range, with the columns the outer query reads. */
function recordsCte(tenant: TenantFilter, scope: UsageQueryScope, dimensions: readonly UsageDimension[]): string {
  const picked = [
    `min(${sqlColumn("at")}) AS record_at`,
    ...["source", "kind", "tier", "bytes"].map((name) => `min(${sqlColumn(name)}) AS ${name}`),
    `min(${milliseconds("mediaSeconds")}) AS media_ms`,
    `min(${milliseconds("connectedSeconds")}) AS connected_ms`,
    ...dimensions.filter((d) => d !== "tier").map((d) => `min(${sqlColumn(dimensionColumns[d].column)}) AS ${dimensionColumns[d].as}`),
    ...("allTenants" in tenant ? [`min(${sqlColumn("tenantId")}) AS tenant_id`] : []),
  ];
  const tenantClause = "allTenants" in tenant ? `${sqlColumn("tenantId")} IS NOT NULL` : `${sqlColumn("tenantId")} = ${sqlId(tenant.tenantId, "tenantId")}`;
  return [
    "WITH records AS (",
    `  SELECT ${sqlColumn("id")},`,
    picked.map((p) => `    ${p}`).join(",\n"),
    `  FROM ${USAGE_RELATION}`,
    `  WHERE ${tenantClause} AND ${sqlColumn("at")} >= '${scope.from}' AND ${sqlColumn("at")} < '${scope.to}'`,
    `  GROUP BY ${sqlColumn("id")}`,
    ")",
  ].join("\n");
}

function sums(measures: readonly UsageMeasure[]): string[] {
  return measures.map((m) => `CAST(sum(${usageMeasures[m]}) AS BIGINT) AS ${m}`);
}

function groupedSelect(keys: readonly string[], measures: readonly UsageMeasure[]): string {
  const ordinals = keys.map((_k, i) => String(i + 1)).join(", ");
  const select = [...keys, ...sums(measures)].map((c) => `  ${c}`).join(",\n");
  return keys.length === 0 ? `SELECT\n${select}\nFROM records` : `SELECT\n${select}\nFROM records\nGROUP BY ${ordinals}\nORDER BY ${ordinals}`;
}

/** The range as the canonical instants `at` compares with; refuses an empty or inverted one. */
export function usageScope(from: string, to: string): UsageQueryScope {
  const scope = { from: canonicalInstant(from, "from"), to: canonicalInstant(to, "to") };
  if (scope.from >= scope.to) throw new TypeError("usage range must have from < to");
  return scope;
}

/**
 * Metered quantities per time bucket (`bucket` is `yyyy-mm-ddThh` or `yyyy-mm-dd`) and per group.
 * @example usageSql({ tenant: { tenantId: "acme" }, from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z", granularity: "hour", groupBy: ["tier"] })
 */
export function usageSql(query: UsageQuery): UsageStatement {
  const scope = usageScope(query.from, query.to);
  const dimensions = [...new Set(query.groupBy)];
  const bucket = `substr(record_at, 1, ${query.granularity === "hour" ? 13 : 10}) AS bucket`;
  const keys = [bucket, ...("allTenants" in query.tenant ? ["tenant_id"] : []), ...dimensions.map((d) => dimensionColumns[d].as)];
  const measures = Object.keys(usageMeasures) as UsageMeasure[];
  return { sql: `${recordsCte(query.tenant, scope, dimensions)}\n${groupedSelect(keys, measures)}`, scope };
}

/** The measures an invoice prices. */
export const invoiceMeasures = ["delivered_ms", "egress_bytes", "stored_ms_days", "encoded_ms", "transcoded_ms", "ingest_connected_ms"] as const satisfies readonly UsageMeasure[];

/** A calendar month, `yyyy-mm`, as its UTC range. */
export function monthScope(month: string): UsageQueryScope {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) throw new TypeError("month must read yyyy-mm");
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)).toISOString(), to: new Date(Date.UTC(year, index + 1, 1)).toISOString() };
}

/**
 * The quantities an invoice for `month` prices, one row per resolution tier (and tenant, for all
 * tenants); tier is NULL for records without one (manifests, audio, ingest, storage).
 */
export function invoiceSql(tenant: TenantFilter, month: string): UsageStatement {
  const scope = monthScope(month);
  const keys = [...("allTenants" in tenant ? ["tenant_id"] : []), "tier"];
  return { sql: `${recordsCte(tenant, scope, ["tier"])}\n${groupedSelect(keys, invoiceMeasures)}`, scope };
}
