/**
 * The Glue database Athena queries usage in, and its tables over the bucket of record:
 *
 * - `usage_raw`: every raw hour, gzip NDJSON under `usage/<source>/yyyy/mm/dd/hh/` (OpenX JSON SerDe),
 *   for audits that reproduce a bill from the records as written;
 * - `usage_raw_recent`: the same objects, projected over the last `rawWindowHours` only;
 * - `usage_compacted`: the compacted hours, one Parquet object per source and hour under
 *   `usage-compacted/<source>/yyyy/mm/dd/hh/` (the marker beside it starts with `_`, which Athena skips).
 *
 * Partitions are projected, never crawled or added: `log_source` is an enum of the writers and
 * `log_hour` a date in `yyyy/MM/dd/HH`, both spliced into `storage.location.template`, so a new hour
 * is queryable the moment its first object lands. The partition keys are named apart from the
 * record's own `source` field, which the table also carries. Columns come from the usage schema.
 */
import { Aws } from "aws-cdk-lib";
import { CfnDatabase, CfnTable } from "aws-cdk-lib/aws-glue";
import { Construct } from "constructs";
import { layout } from "#core/platform/layout.ts";
import { usageSources } from "#core/usage/usage-record.ts";
import { glueColumns } from "./glue-usage-columns.ts";

export const USAGE_TABLES = { raw: "usage_raw", rawRecent: "usage_raw_recent", compacted: "usage_compacted" } as const;

/** The partition keys every usage table projects. */
export const USAGE_PARTITION_KEYS = [
  { name: "log_source", type: "string" },
  { name: "log_hour", type: "string" },
] as const;

const FORMATS = {
  json: {
    classification: "json",
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    // Malformed lines fail the query rather than vanish from a bill.
    serdeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe", parameters: { "ignore.malformed.json": "false", "case.insensitive": "true" } },
  },
  parquet: {
    classification: "parquet",
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serdeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", parameters: {} },
  },
} as const;

export interface UsageTablesProps {
  databaseName: string;
  bucketName: string;
  /** First hour any usage exists (`yyyy/MM/dd/HH`); projection starts here. @default "2026/01/01/00" */
  firstHour?: string;
  /** Hours `usage_raw_recent` covers; longer than the compaction job's grace plus its run interval. @default 72 */
  rawWindowHours?: number;
}

export class UsageTables extends Construct {
  readonly database: CfnDatabase;
  readonly tables: Record<keyof typeof USAGE_TABLES, CfnTable>;

  constructor(scope: Construct, id: string, props: UsageTablesProps) {
    super(scope, id);
    this.database = new CfnDatabase(this, "Database", {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: props.databaseName, description: "Tributary usage records: raw NDJSON hours, compacted Parquet hours, and the usage_records view billing queries" },
    });
    const firstHour = props.firstHour ?? "2026/01/01/00";
    const table = (id: string, name: string, prefix: string, format: keyof typeof FORMATS, range: string, description: string) => {
      const created = new CfnTable(this, id, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: props.databaseName,
        tableInput: {
          name,
          description,
          tableType: "EXTERNAL_TABLE",
          parameters: { classification: FORMATS[format].classification, EXTERNAL: "TRUE", ...(format === "json" ? { compressionType: "gzip" } : {}), ...projection(props.bucketName, prefix, range) },
          partitionKeys: USAGE_PARTITION_KEYS.map((k) => ({ ...k })),
          storageDescriptor: {
            columns: glueColumns(),
            location: `s3://${props.bucketName}/${prefix}`,
            inputFormat: FORMATS[format].inputFormat,
            outputFormat: FORMATS[format].outputFormat,
            serdeInfo: FORMATS[format].serdeInfo,
            compressed: format === "json",
          },
        },
      });
      created.addResourceDependency(this.database);
      return created;
    };
    const usage = layout.usage.prefix;
    this.tables = {
      raw: table("RawTable", USAGE_TABLES.raw, usage, "json", `${firstHour},NOW`, "Every raw usage hour as written (gzip NDJSON)"),
      rawRecent: table("RawRecentTable", USAGE_TABLES.rawRecent, usage, "json", `NOW-${props.rawWindowHours ?? 72}HOURS,NOW`, "Raw usage hours of the recent window, which compaction may not have reached"),
      compacted: table("CompactedTable", USAGE_TABLES.compacted, layout.usageCompacted.prefix, "parquet", `${firstHour},NOW`, "Compacted usage hours (Parquet, one row per record id)"),
    };
  }
}

/** Partition projection (Athena user guide, "Partition projection"): enum sources, hourly dates. */
function projection(bucketName: string, prefix: string, range: string): Record<string, string> {
  return {
    "projection.enabled": "true",
    "projection.log_source.type": "enum",
    "projection.log_source.values": usageSources.join(","),
    "projection.log_hour.type": "date",
    "projection.log_hour.format": "yyyy/MM/dd/HH",
    "projection.log_hour.range": range,
    "projection.log_hour.interval": "1",
    "projection.log_hour.interval.unit": "HOURS",
    "storage.location.template": `s3://${bucketName}/${prefix}\${log_source}/\${log_hour}/`,
  };
}
