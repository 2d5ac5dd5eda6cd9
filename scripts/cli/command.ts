/** One CLI command: its usage line, and what it does with the API and the command's context. */
import type { ApiClient } from "./api-client.ts";
import type { UploadCommandContext } from "./asset-upload.ts";

/** What a command may use besides the API: where to keep state and where progress goes. */
export type CommandContext = UploadCommandContext;

export interface Command {
  usage: string;
  /** Resolves to text printed as it is, or a value printed as JSON. */
  run(client: ApiClient, args: string[], ctx: CommandContext): Promise<unknown>;
}
