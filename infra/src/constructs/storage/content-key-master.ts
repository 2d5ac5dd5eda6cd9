/**
 * The content-key master secret (`TRIBUTARY_DRM_MASTER_KEY_SECRET_ARN` on the relays): `{masterKey}`,
 * 64 characters Secrets Manager generates at deploy time, encrypted at rest under a customer-managed
 * KMS key with rotation on. Content keys in storage are sealed under the AES-256-GCM key derived from
 * it (core/src/drm/master-key.ts); the relays read it at start and the Workers edge gets the same value
 * as its `CONTENT_KEY_MASTER` secret (docs/deploy.md).
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { Key } from "aws-cdk-lib/aws-kms";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { acknowledge } from "../../nag.ts";

export interface ContentKeyMasterProps {
  /** Prefix of the secret name, e.g. `tributary/prod`. */
  namePrefix: string;
}

export class ContentKeyMaster extends Construct {
  readonly secret: Secret;
  readonly encryptionKey: Key;

  constructor(scope: Construct, id: string, props: ContentKeyMasterProps) {
    super(scope, id);
    this.encryptionKey = new Key(this, "Key", {
      description: "Encrypts the Tributary content-key master secret",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.secret = new Secret(this, "Secret", {
      secretName: `${props.namePrefix}/content-key-master`,
      description: "Tributary content-key master: content keys in storage are sealed under it; never rotate without re-sealing them",
      encryptionKey: this.encryptionKey,
      generateSecretString: { secretStringTemplate: "{}", generateStringKey: "masterKey", passwordLength: 64, excludePunctuation: true },
      // Losing it loses every encrypted asset: keep it when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge([this.secret], {
      id: "AwsSolutions-SMG4",
      reason: "Replacing the master secret makes every sealed content key unreadable until content-keys/ is re-sealed (each record names the master that sealed it); a rotation Lambda cannot do that, so the secret is not rotated automatically. The KMS key under it rotates.",
    });
  }
}
