/** `tributary usage` and `tributary invoice`: metered usage and invoices, as JSON or (`--csv`) CSV. */
import type { Command } from "./command.ts";
import { cliOptions, required } from "./cli-options.ts";

export const billingCommands: Record<string, Command> = {
  usage: {
    usage: "usage --from <iso> --to <iso> [--granularity hour|day] [--group-by media,stream,country,rendition,tier] [--all-tenants] [--csv]",
    run: (client, args) => {
      const { values } = cliOptions(args, { from: { type: "string" }, to: { type: "string" }, granularity: { type: "string" }, "group-by": { type: "string" }, "all-tenants": { type: "boolean" }, csv: { type: "boolean" } });
      const query = new URLSearchParams({ from: required(values.from, "--from"), to: required(values.to, "--to") });
      if (values.granularity !== undefined) query.set("granularity", values.granularity);
      if (values["group-by"] !== undefined) query.set("groupBy", values["group-by"]);
      const path = `${values["all-tenants"] ? "/admin" : ""}/usage?${query}`;
      return values.csv ? client.text(path, "text/csv") : client.request("GET", path);
    },
  },
  invoice: {
    usage: "invoice <yyyy-mm> [--all-tenants] [--csv]",
    run: (client, args) => {
      const { values, positionals } = cliOptions(args, { "all-tenants": { type: "boolean" }, csv: { type: "boolean" } });
      const path = `${values["all-tenants"] ? "/admin" : ""}/invoices/${encodeURIComponent(required(positionals[0], "<yyyy-mm>"))}`;
      return values.csv ? client.text(path, "text/csv") : client.request("GET", path);
    },
  },
};
