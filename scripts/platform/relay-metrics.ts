/**
 * On AWS, the relay's figures go to CloudWatch, where the platform's alarms watch them. The SDK client
 * loads only in a relay that publishes.
 */
import type { Logger } from "#core-node/logger.ts";
import type { Relay } from "#relay/relay.ts";

export async function publishRelayMetrics(relay: Relay, region: string, log: Logger): Promise<{ close(): Promise<void> }> {
  const [{ CloudWatchClient }, { CloudWatchPublisher }] = await Promise.all([import("@aws-sdk/client-cloudwatch"), import("#relay/metrics/cloudwatch-publisher.ts")]);
  const client = new CloudWatchClient({ region });
  const publisher = new CloudWatchPublisher({ client, figures: () => relay.counters.figures(), log });
  log.info({ region }, "relay metrics publish to CloudWatch");
  return {
    async close() {
      await publisher.close();
      client.destroy();
    },
  };
}
