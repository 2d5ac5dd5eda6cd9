/**
 * Credentials for the Cloudflare edge in S3 mode, which reads the bucket through the S3 API with
 * aws4fetch (edge/src/runtime/workers-storage.ts). An IAM user is the only principal a Worker can hold;
 * the Workers edge serves playback only, so its policy reads the prefixes it serves and nothing else
 * (it cannot replace `system/playback-jwks.json`), and the key pair is stored in Secrets Manager.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { AccessKey, User } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { SecretValue, RemovalPolicy } from "aws-cdk-lib";
import { acknowledge, acknowledgeScopedWildcards, underPrefixes } from "../../nag.ts";
import { Construct } from "constructs";
import { grantedPrefixes, grantStorage } from "./storage-grants.ts";

export interface EdgeAccessProps {
  bucket: IBucket;
  /** Name of the secret holding `{accessKeyId, secretAccessKey}`. */
  secretName: string;
}


export class EdgeAccess extends Construct {
  readonly user: User;
  readonly credentials: Secret;

  constructor(scope: Construct, id: string, props: EdgeAccessProps) {
    super(scope, id);
    this.user = new User(this, "User");
    // The layout's edge column: records to authorize and route (media records name the tenant whose
    // signing keys a media id's token is checked against), live pointers, media, the public keys.
    grantStorage(this.user, props.bucket, "edge");
    const key = new AccessKey(this, "AccessKey", { user: this.user });
    this.credentials = new Secret(this, "Credentials", {
      secretName: props.secretName,
      description: "S3 credentials of the Tributary edge (aws4fetch)",
      secretObjectValue: { accessKeyId: SecretValue.unsafePlainText(key.accessKeyId), secretAccessKey: key.secretAccessKey },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const reads = grantedPrefixes("edge");
    acknowledgeScopedWildcards(this.user, { allowed: [underPrefixes(...reads)], reason: `Object wildcards are each confined to one key prefix of the layout (${reads.join(", ")}), read only; the edge addresses objects by id under them.` });
    acknowledge(this.credentials, { id: "AwsSolutions-SMG4", reason: "An IAM access key is rotated by creating a second key and redeploying the edge (docs/deploy.md); Secrets Manager rotation cannot update the Worker." });
  }
}
