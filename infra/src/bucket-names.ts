/**
 * Bucket names, derived from the deployment name, account and region so every stack can address the
 * buckets without cross-stack exports (which would pin the storage stack to its consumers and make
 * IAM findings depend on export names).
 */
export function bucketNames(env: string, account: string, region: string): { media: string; logs: string } {
  return { media: `tributary-${env}-media-${account}-${region}`, logs: `tributary-${env}-logs-${account}-${region}` };
}
