/**
 * The CDK app (`cdk.json` runs `node infra/bin/tributary.ts`). Context keys and defaults are in
 * infra/src/config.ts; e.g. `npx cdk deploy --all -c env=prod -c minRelays=3 -c alarmEmail=ops@example.com`.
 */
import { App } from "aws-cdk-lib";
import { buildTributary } from "../src/app.ts";
import { ConfigError, parseConfig } from "../src/config.ts";

const app = new App();
const context = app.node.getAllContext() as Record<string, unknown>;
try {
  // Environment-agnostic unless context pins account/region: synthesis then needs no AWS lookups.
  const config = parseConfig(context);
  buildTributary(app, config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
app.synth();
