/**
 * The relay's boot script, as lines of bash. Kept free of CDK types so tests can render it with plain
 * strings; the fleet construct passes CloudFormation tokens in their place.
 *
 * Boot: Debian packages (ffmpeg, npm, awscli), the SSM agent (Debian AMIs do not ship it), the app
 * from its S3 asset, `npm ci --omit=dev` (the `node` dependency brings Node 24 into node_modules/.bin,
 * which `npm start` puts first on PATH), then the systemd unit running `TRIBUTARY_ROLE=relay npm start`.
 * Once `/healthz` answers, the instance signals CloudFormation (rolling updates wait for it).
 */

export interface RelayUserDataOptions {
  /** Environment of the relay process (TRIBUTARY_* variables), written to /etc/tributary/relay.env. */
  environment: Record<string, string>;
  /** S3 location of the zipped app. */
  appBucket: string;
  appKey: string;
  region: string;
  /** CloudFormation stack name and the ASG's logical id, for cfn signal-resource. */
  stackName: string;
  asgLogicalId: string;
  /** Name of the termination lifecycle hook the drain watcher completes. */
  lifecycleHookName: string;
  /** Seconds systemd waits for the relay to finish live streams after SIGTERM. */
  stopTimeoutSeconds: number;
  /** Port of the relay's HTTP origin, whose /healthz gates the signal. */
  originPort: number;
}

const APP_DIR = "/opt/tributary/app";

/** Shell-quotes a value for an EnvironmentFile line (systemd accepts double-quoted values). */
function envLine(key: string, value: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new TypeError(`invalid environment variable name: ${key}`);
  return `${key}="${value.replace(/["\\]/g, "\\$&")}"`;
}

function installPackages(o: RelayUserDataOptions): string[] {
  return [
    "export DEBIAN_FRONTEND=noninteractive HOME=/root",
    "apt-get update -q",
    "apt-get install -y -q --no-install-recommends ffmpeg nodejs npm awscli unzip curl ca-certificates",
    "arch=$(dpkg --print-architecture)",
    `curl -fsSL -o /tmp/amazon-ssm-agent.deb "https://s3.${o.region}.amazonaws.com/amazon-ssm-${o.region}/latest/debian_\${arch}/amazon-ssm-agent.deb"`,
    "dpkg -i /tmp/amazon-ssm-agent.deb",
    "systemctl enable --now amazon-ssm-agent",
  ];
}

function installApp(o: RelayUserDataOptions): string[] {
  return [
    "id -u tributary >/dev/null 2>&1 || useradd --system --create-home --home-dir /opt/tributary --shell /usr/sbin/nologin tributary",
    `rm -rf ${APP_DIR} && mkdir -p ${APP_DIR} /etc/tributary`,
    `aws s3 cp --region ${o.region} "s3://${o.appBucket}/${o.appKey}" /tmp/tributary-app.zip`,
    `unzip -q -o /tmp/tributary-app.zip -d ${APP_DIR}`,
    `(cd ${APP_DIR} && npm ci --omit=dev --no-audit --no-fund)`,
    "chown -R tributary:tributary /opt/tributary",
    "cat > /etc/tributary/relay.env <<'TRIBUTARY_ENV'",
    ...Object.entries(o.environment).map(([k, v]) => envLine(k, v)),
    "TRIBUTARY_ENV",
    "chmod 0640 /etc/tributary/relay.env && chgrp tributary /etc/tributary/relay.env",
  ];
}

function relayUnit(o: RelayUserDataOptions): string[] {
  return [
    "cat > /etc/systemd/system/tributary-relay.service <<'TRIBUTARY_UNIT'",
    "[Unit]",
    "Description=Tributary origin relay",
    "Wants=network-online.target",
    "After=network-online.target",
    "[Service]",
    "User=tributary",
    "Group=tributary",
    `WorkingDirectory=${APP_DIR}`,
    "Environment=HOME=/opt/tributary NODE_ENV=production",
    "EnvironmentFile=/etc/tributary/relay.env",
    "ExecStart=/usr/bin/env TRIBUTARY_ROLE=relay /usr/bin/npm start",
    "Restart=always",
    "RestartSec=2",
    // SIGTERM asks the relay to refuse new publishes and let live ones end; systemd waits this long.
    "KillSignal=SIGTERM",
    `TimeoutStopSec=${o.stopTimeoutSeconds}`,
    "LimitNOFILE=1048576",
    "[Install]",
    "WantedBy=multi-user.target",
    "TRIBUTARY_UNIT",
  ];
}

/** Watches the ASG's target lifecycle state; on Terminated, stops the relay gracefully and completes the hook. */
function drainWatcher(o: RelayUserDataOptions): string[] {
  return [
    "cat > /usr/local/bin/tributary-drain <<'TRIBUTARY_DRAIN'",
    "#!/bin/bash",
    "set -u",
    "imds() {",
    "  local token",
    "  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60') || return 1",
    '  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"',
    "}",
    'until [ "$(imds autoscaling/target-lifecycle-state)" = "Terminated" ]; do sleep 5; done',
    "systemctl stop tributary-relay.service",
    `aws autoscaling complete-lifecycle-action --region "$(imds placement/region)" --lifecycle-hook-name ${o.lifecycleHookName} \\`,
    '  --auto-scaling-group-name "$(imds tags/instance/aws:autoscaling:groupName)" --instance-id "$(imds instance-id)" --lifecycle-action-result CONTINUE',
    "TRIBUTARY_DRAIN",
    "chmod 0755 /usr/local/bin/tributary-drain",
    "cat > /etc/systemd/system/tributary-drain.service <<'TRIBUTARY_UNIT'",
    "[Unit]",
    "Description=Drain the Tributary relay when Auto Scaling terminates this instance",
    "After=tributary-relay.service",
    "[Service]",
    "ExecStart=/usr/local/bin/tributary-drain",
    "Restart=on-failure",
    "[Install]",
    "WantedBy=multi-user.target",
    "TRIBUTARY_UNIT",
  ];
}

/**
 * Renders the boot script body (CDK's UserData adds the `#!/bin/bash` line).
 * @example new UserData.forLinux().addCommands(...relayUserDataLines(options))
 */
export function relayUserDataLines(o: RelayUserDataOptions): string[] {
  const signal = (status: "SUCCESS" | "FAILURE") =>
    `aws cloudformation signal-resource --region ${o.region} --stack-name ${o.stackName} --logical-resource-id ${o.asgLogicalId} --unique-id "$(cat /var/lib/cloud/data/instance-id)" --status ${status}`;
  return [
    "set -euo pipefail",
    `trap '${signal("FAILURE")} || true' ERR`,
    ...installPackages(o),
    ...installApp(o),
    ...relayUnit(o),
    ...drainWatcher(o),
    "systemctl daemon-reload",
    "systemctl enable --now tributary-relay.service tributary-drain.service",
    `for attempt in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:${o.originPort}/healthz" && break; [ "$attempt" -lt 60 ] || false; sleep 5; done`,
    signal("SUCCESS"),
  ];
}
