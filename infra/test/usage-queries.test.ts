/**
 * The usage query side as synthesized: the Glue tables' columns are the usage record's fields (read
 * from the zod schema itself, so a field added to the schema and not to the tables fails here), the
 * partitions are projected over the storage layout, the view reads the compacted and recent raw
 * hours, the workgroup enforces its results configuration, and the relay may do no more than query.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { layout } from "#core/platform/layout.ts";
import { usageRecordSchema, usageSources } from "#core/usage/usage-record.ts";
import { usageQueryNames } from "../src/bucket-names.ts";
import type { Synthesized } from "./support.ts";
import { only, policyStatements, renderJoin, resources, resourceStrings, synthesize } from "./support.ts";

interface TableInput {
  Name: string;
  TableType: string;
  Parameters: Record<string, string>;
  PartitionKeys?: Array<{ Name: string; Type: string }>;
  StorageDescriptor: { Columns: Array<{ Name: string; Type: string }>; Location?: string; SerdeInfo: { SerializationLibrary?: string; Parameters?: Record<string, string> }; InputFormat?: string };
  ViewOriginalText?: string;
}

/** The Hive type a schema field needs, from its zod definition alone. */
function hiveType(field: z.ZodType): string {
  const def = field._zod.def as { type: string; innerType?: z.ZodType };
  if (def.type === "optional" && def.innerType) return hiveType(def.innerType);
  if (def.type === "string" || def.type === "enum") return "string";
  if (def.type === "number") return (field as z.ZodNumber).format === "safeint" ? "bigint" : "double";
  if (def.type === "boolean") return "boolean";
  if (def.type === "record") return "map<string,string>";
  throw new Error(`no Glue type for a zod ${def.type}: add one here and in usage-columns.ts`);
}

const expectedColumns = Object.entries(usageRecordSchema.shape).map(([name, field]) => ({ Name: name.toLowerCase(), Type: hiveType(field as z.ZodType) }));

let s: Synthesized;
let tables: Map<string, TableInput>;
const names = usageQueryNames("dev");

beforeAll(() => {
  s = synthesize();
  tables = new Map(Object.values(resources(s.templates.storage, "AWS::Glue::Table")).map((r) => [(r.Properties["TableInput"] as TableInput).Name, r.Properties["TableInput"] as TableInput]));
});

describe("usage tables", () => {
  it("every table and the view have exactly the usage record's fields as columns, typed from the schema", () => {
    expect([...tables.keys()].sort()).toEqual(["usage_compacted", "usage_raw", "usage_raw_recent", "usage_records"]);
    for (const [name, table] of tables) expect(table.StorageDescriptor.Columns, name).toEqual(expectedColumns);
  });

  it("projects log_source over the writers and log_hour over yyyy/MM/dd/HH folders of the layout's prefixes", () => {
    const raw = tables.get("usage_raw") as TableInput;
    expect(raw.PartitionKeys).toEqual([
      { Name: "log_source", Type: "string" },
      { Name: "log_hour", Type: "string" },
    ]);
    expect(raw.Parameters).toMatchObject({
      "projection.enabled": "true",
      "projection.log_source.type": "enum",
      "projection.log_source.values": usageSources.join(","),
      "projection.log_hour.type": "date",
      "projection.log_hour.format": "yyyy/MM/dd/HH",
      "projection.log_hour.range": "2026/01/01/00,NOW",
      "projection.log_hour.interval.unit": "HOURS",
    });
    const template = (table: string) => renderJoin((tables.get(table) as TableInput).Parameters["storage.location.template"]);
    expect(template("usage_raw")).toMatch(new RegExp(`^s3://tributary-dev-media-PLACEHOLDER-PLACEHOLDER/${layout.usage.prefix}\\$\\{log_source\\}/\\$\\{log_hour\\}/$`));
    expect(template("usage_compacted")).toMatch(new RegExp(`/${layout.usageCompacted.prefix}\\$\\{log_source\\}/\\$\\{log_hour\\}/$`));
    expect((tables.get("usage_raw_recent") as TableInput).Parameters["projection.log_hour.range"]).toBe("NOW-72HOURS,NOW");
  });

  it("reads raw hours as gzip NDJSON with the JSON SerDe and compacted hours as Parquet", () => {
    const raw = tables.get("usage_raw") as TableInput;
    expect(raw.StorageDescriptor.SerdeInfo).toEqual({ SerializationLibrary: "org.openx.data.jsonserde.JsonSerDe", Parameters: { "ignore.malformed.json": "false", "case.insensitive": "true" } });
    expect(raw.Parameters).toMatchObject({ classification: "json", compressionType: "gzip" });
    const compacted = tables.get("usage_compacted") as TableInput;
    expect(compacted.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    expect(compacted.StorageDescriptor.InputFormat).toBe("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
  });

  it("defines usage_records as an Athena view over the compacted and recent raw hours", () => {
    const view = tables.get("usage_records") as TableInput;
    expect(view.TableType).toBe("VIRTUAL_VIEW");
    const encoded = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(view.ViewOriginalText ?? "")?.[1] ?? "";
    const definition = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as { originalSql: string; schema: string; columns: Array<{ name: string; type: string }> };
    expect(definition.schema).toBe(names.database);
    expect(definition.columns.map((c) => c.name)).toEqual(expectedColumns.map((c) => c.Name));
    expect(definition.columns.find((c) => c.name === "cmcd")?.type).toBe("map(varchar,varchar)");
    expect(definition.originalSql).toContain(`FROM "${names.database}"."usage_compacted"\nUNION ALL\n`);
    expect(definition.originalSql).toContain(`FROM "${names.database}"."usage_raw_recent"`);
    expect(definition.originalSql).not.toMatch(/"usage_raw"/);
  });
});

describe("usage workgroup", () => {
  it("enforces its results location and encryption, caps the bytes a query scans, and expires results", () => {
    const workGroup = only(s.templates.storage, "AWS::Athena::WorkGroup").Properties;
    expect(workGroup["Name"]).toBe(names.workGroup);
    expect(workGroup["WorkGroupConfiguration"]).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      BytesScannedCutoffPerQuery: 1024 ** 4,
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: "SSE_S3" } },
    });
    const results = Object.values(resources(s.templates.storage, "AWS::S3::Bucket")).find((b) => JSON.stringify(b.Properties["BucketName"]).includes("-query-"));
    expect(JSON.stringify(results?.Properties["LifecycleConfiguration"])).toContain('"ExpirationInDays":7');
    expect(results?.Properties["PublicAccessBlockConfiguration"]).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });
});

describe("usage query permissions", () => {
  it("the relay runs queries only in its workgroup, reads only the usage definitions, and writes results only under results/", () => {
    const statements = policyStatements(s.templates.relay, /"Role[0-9A-F]{8}"/);
    const resourcesOf = (action: string) => statements.filter((st) => [st.Action].flat().includes(action)).flatMap((st) => resourceStrings(st.Resource));
    expect(resourcesOf("athena:StartQueryExecution")).toEqual([`arn:<ref>:athena:<ref>:<ref>:workgroup/${names.workGroup}`]);
    expect(statements.flatMap((st) => [st.Action].flat()).filter((a) => a.startsWith("athena:")).sort()).toEqual(
      ["athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup", "athena:StartQueryExecution", "athena:StopQueryExecution"].sort(),
    );
    expect(resourcesOf("glue:GetTable").map((r) => r.replace(/^arn:<ref>:glue:<ref>:<ref>:/, "")).sort()).toEqual(
      ["catalog", `database/${names.database}`, ...["usage_compacted", "usage_raw", "usage_raw_recent", "usage_records"].map((t) => `table/${names.database}/${t}`)].sort(),
    );
    expect(statements.flatMap((st) => [st.Action].flat()).some((a) => /^glue:(Create|Update|Delete|Batch)/.test(a))).toBe(false);
    const puts = resourcesOf("s3:PutObject").filter((r) => r.includes("-query-"));
    expect(puts).toEqual([expect.stringMatching(/-query-.*\/results\/\*$/)]);
    const reads = resourcesOf("s3:GetObject").map((r) => r.replace(/^.*?\/(?=[a-z])/, ""));
    expect(reads).toEqual(expect.arrayContaining(["usage/*", "usage-compacted/*"]));
  });
});
