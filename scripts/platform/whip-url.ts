/** Where WebRTC publishers POST their offers (RFC 9725): the relay's HTTP server, `<base>/<streamId>`. */
import type { TributaryConfig } from "#core/config/schema.ts";

export function whipBaseUrl(config: Pick<TributaryConfig, "relay">): string {
  const host = config.relay.publicHost.includes(":") ? `[${config.relay.publicHost}]` : config.relay.publicHost;
  return `http://${host}:${config.relay.httpPort}/whip`;
}
