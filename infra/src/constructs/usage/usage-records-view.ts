/**
 * `usage_records`, the one relation billing's SQL reads (#core/billing/usage-query-engine.ts), as an
 * Athena view: the compacted Parquet hours, then the raw hours of the recent window. An hour that is
 * both compacted and recent appears twice; the SQL dedupes on record id, so it counts once, and the
 * recent window covers hours the compaction job has not reached yet. Older raw hours are not read at
 * all, which is where compaction's saving comes from (docs/usage-at-scale.md).
 *
 * A view in the Glue catalog is a `VIRTUAL_VIEW` table whose original text carries Trino's view
 * definition, base64 JSON inside a `/* Presto View: … *\/` comment, as Athena's CREATE VIEW writes it.
 */
import { Aws } from "aws-cdk-lib";
import { CfnTable } from "aws-cdk-lib/aws-glue";
import { Construct } from "constructs";
import { USAGE_RELATION } from "#core/billing/usage-query-engine.ts";
import { glueColumns, TRINO_TYPES } from "./glue-usage-columns.ts";
import { USAGE_TABLES } from "./usage-tables.ts";

export interface UsageRecordsViewProps {
  databaseName: string;
}

/** The view's SQL: the record columns of the compacted hours and of the recent raw hours. */
export function usageRecordsViewSql(databaseName: string): string {
  const columns = glueColumns().map((c) => `"${c.name}"`).join(", ");
  const from = (table: string) => `SELECT ${columns} FROM "${databaseName}"."${table}"`;
  return `${from(USAGE_TABLES.compacted)}\nUNION ALL\n${from(USAGE_TABLES.rawRecent)}`;
}

export class UsageRecordsView extends Construct {
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: UsageRecordsViewProps) {
    super(scope, id);
    const definition = {
      originalSql: usageRecordsViewSql(props.databaseName),
      catalog: "awsdatacatalog",
      schema: props.databaseName,
      columns: glueColumns(TRINO_TYPES),
    };
    this.table = new CfnTable(this, "View", {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: USAGE_RELATION,
        description: "Usage records billing reads: compacted hours and the recent raw hours (dedupe on id)",
        tableType: "VIRTUAL_VIEW",
        parameters: { presto_view: "true", comment: "Presto View" },
        viewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(definition)).toString("base64")} */`,
        viewExpandedText: "/* Presto View */",
        storageDescriptor: { columns: glueColumns(), serdeInfo: {} },
      },
    });
  }
}
