import { TributaryError } from "../errors.ts";
import { configSchema, type StorageConfig, type TributaryConfig } from "./schema.ts";

/** Validates raw configuration, throwing one `config.invalid` error that lists every problem. */
export function parseConfig(input: unknown): TributaryConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    return `${path}: ${issue.message}`;
  });
  throw new TributaryError("config.invalid", `invalid configuration:\n  ${problems.join("\n  ")}`, { details: { problems } });
}

/** The storage in effect: the configured one, or the filesystem under the data directory. */
export function storageOf(config: TributaryConfig): StorageConfig {
  return config.storage ?? { kind: "fs", root: `${config.dataDir}/storage` };
}
