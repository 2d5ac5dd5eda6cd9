/** Workers: one structured JSON line per usage record on stdout, which Logpush ships (`logpush = true`). */
import type { UsageRecord, UsageSink } from "#core/usage/usage-record.ts";

export function logUsageSink(write: (line: string) => void = (line) => console.log(line)): UsageSink {
  return {
    record(record: UsageRecord) {
      write(JSON.stringify({ type: "usage", ...record }));
    },
    async flush() {},
  };
}
