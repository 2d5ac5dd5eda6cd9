/** The CLI's commands as a table: each parses its own options and calls the API. */
import { readFile } from "node:fs/promises";
import { uploadAsset } from "./asset-upload.ts";
import { billingCommands } from "./billing-commands.ts";
import { cliOptions as options, integer, required, UsageError } from "./cli-options.ts";
import type { Command } from "./command.ts";

/** `?limit=…&cursor=…` from the list options, or nothing. */
function pageQuery(limitOption: string | undefined, cursor: string | undefined): string {
  const query = new URLSearchParams();
  const limit = integer(limitOption, "--limit");
  if (limit !== undefined) query.set("limit", String(limit));
  if (cursor !== undefined) query.set("cursor", cursor);
  return query.size > 0 ? `?${query}` : "";
}

export const commands: Record<string, Command> = {
  "streams create": {
    usage: "streams create --name <name> [--latency normal|low] [--ladder <profile>] [--no-recording] [--dvr-window <s>] [--reconnect-window <s>] [--srt-passphrase <p>]",
    run: (client, args) => {
      const { values } = options(args, {
        name: { type: "string" }, latency: { type: "string" }, ladder: { type: "string" }, "no-recording": { type: "boolean" },
        "dvr-window": { type: "string" }, "reconnect-window": { type: "string" }, "srt-passphrase": { type: "string" },
      });
      const body: Record<string, unknown> = { name: required(values.name, "--name") };
      if (values.latency !== undefined) body["latencyMode"] = values.latency;
      if (values.ladder !== undefined) body["ladder"] = values.ladder;
      if (values["no-recording"]) body["recording"] = false;
      const dvr = integer(values["dvr-window"], "--dvr-window");
      if (dvr !== undefined) body["dvrWindowSeconds"] = dvr;
      const reconnect = integer(values["reconnect-window"], "--reconnect-window");
      if (reconnect !== undefined) body["reconnectWindowSeconds"] = reconnect;
      if (values["srt-passphrase"] !== undefined) body["srtPassphrase"] = values["srt-passphrase"];
      return client.request("POST", "/streams", body);
    },
  },
  "streams list": {
    usage: "streams list [--limit <n>] [--cursor <cursor>]",
    run: (client, args) => {
      const { values } = options(args, { limit: { type: "string" }, cursor: { type: "string" } });
      return client.request("GET", `/streams${pageQuery(values.limit, values.cursor)}`);
    },
  },
  "streams rotate-key": {
    usage: "streams rotate-key <streamId>",
    run: (client, args) => {
      const { positionals } = options(args, {});
      return client.request("POST", `/streams/${encodeURIComponent(required(positionals[0], "<streamId>"))}/rotate-key`);
    },
  },
  "token mint": {
    usage: "token mint (--media <mediaId> | --stream <streamId>) [--expires-in <seconds>] [--max-height <px>] [--country <CC>]... [--clip <start>-<end>]",
    run: (client, args) => {
      const { values } = options(args, {
        media: { type: "string" }, stream: { type: "string" }, "expires-in": { type: "string" }, "max-height": { type: "string" }, country: { type: "string", multiple: true }, clip: { type: "string" },
      });
      if ((values.media === undefined) === (values.stream === undefined)) throw new UsageError("give exactly one of --media and --stream");
      const body: Record<string, unknown> = values.media !== undefined ? { mediaId: values.media } : { streamId: values.stream };
      const expiresIn = integer(values["expires-in"], "--expires-in");
      if (expiresIn !== undefined) body["expiresIn"] = expiresIn;
      const maxHeight = integer(values["max-height"], "--max-height");
      if (maxHeight !== undefined) body["caps"] = { maxHeight };
      if (values.country !== undefined) body["rules"] = { countries: values.country };
      if (values.clip !== undefined) {
        const clip = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(values.clip);
        if (clip === null) throw new UsageError("--clip must be <start>-<end> in seconds, e.g. 30-45.5");
        body["clip"] = { start: Number(clip[1]), end: Number(clip[2]) };
      }
      return client.request("POST", "/playback-tokens", body);
    },
  },
  "assets upload": {
    usage: "assets upload <file> [--name <name>] [--ladder <profile>]   (run again after Ctrl-C to resume)",
    run: (client, args, ctx) => {
      const { values, positionals } = options(args, { name: { type: "string" }, ladder: { type: "string" } });
      return uploadAsset(client, required(positionals[0], "<file>"), { name: values.name, ladder: values.ladder }, ctx);
    },
  },
  "assets list": {
    usage: "assets list [--limit <n>] [--cursor <cursor>]",
    run: (client, args) => {
      const { values } = options(args, { limit: { type: "string" }, cursor: { type: "string" } });
      return client.request("GET", `/assets${pageQuery(values.limit, values.cursor)}`);
    },
  },
  "assets get": {
    usage: "assets get <assetId>",
    run: (client, args) => client.request("GET", `/assets/${encodeURIComponent(required(options(args, {}).positionals[0], "<assetId>"))}`),
  },
  "assets delete": {
    usage: "assets delete <assetId>",
    run: async (client, args) => {
      const id = required(options(args, {}).positionals[0], "<assetId>");
      await client.request("DELETE", `/assets/${encodeURIComponent(id)}`);
      return { deleted: id };
    },
  },
  "captions add": {
    usage: "captions add <assetId> <file.vtt> --language <bcp47> [--label <name>]",
    run: async (client, args) => {
      const { values, positionals } = options(args, { language: { type: "string" }, label: { type: "string" } });
      const id = required(positionals[0], "<assetId>");
      const vtt = await readFile(required(positionals[1], "<file.vtt>"), "utf8");
      const language = required(values.language, "--language");
      return client.request("POST", `/assets/${encodeURIComponent(id)}/captions`, { language, label: values.label ?? language, vtt });
    },
  },
  "keys create": {
    usage: "keys create --name <name> --scopes read,write,admin",
    run: (client, args) => {
      const { values } = options(args, { name: { type: "string" }, scopes: { type: "string" } });
      const scopes = required(values.scopes, "--scopes").split(",").map((scope) => scope.trim()).filter(Boolean);
      return client.request("POST", "/api-keys", { name: required(values.name, "--name"), scopes });
    },
  },
  ...billingCommands,
};
