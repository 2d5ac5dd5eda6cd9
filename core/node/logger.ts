/** Structured JSON logging (pino) for Node processes. Secrets are redacted by path. */
import { pino, type Logger } from "pino";

export type { Logger };

const REDACT = ["streamKey", "key", "token", "secret", "privateKey", "passphrase", "authorization", "*.streamKey", "*.token", "*.secret", "*.privateKey", "*.passphrase", "*.authorization"];

export function createLogger(name: string, level = "info"): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: "[redacted]" } });
}
