/**
 * The app as an S3 asset: the repository zipped without dependencies, build output or local state.
 * Relays download it at boot and run `npm ci`, so the lockfile decides what runs, not the deploy machine.
 */
import { Asset } from "aws-cdk-lib/aws-s3-assets";
import { Construct } from "constructs";

/** Never shipped: installed at boot, machine-local, or CDK's own output. */
export const APP_BUNDLE_EXCLUDES = [
  "node_modules",
  "**/node_modules",
  ".git",
  "cdk.out",
  "**/cdk.out",
  ".data",
  ".wrangler",
  "dist",
  "test/.artifacts",
  "coverage",
  "bench/results",
  "*.log",
  ".env",
  ".env.*",
];

export interface AppBundleProps {
  /** Repository root to package. */
  sourceDir: string;
  /** Extra glob patterns to leave out. @default none */
  exclude?: string[];
}

export class AppBundle extends Construct {
  readonly asset: Asset;

  constructor(scope: Construct, id: string, props: AppBundleProps) {
    super(scope, id);
    this.asset = new Asset(this, "Asset", { path: props.sourceDir, exclude: [...APP_BUNDLE_EXCLUDES, ...(props.exclude ?? [])] });
  }
}
