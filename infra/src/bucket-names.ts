/**
 * Bucket names, derived from the deployment name, account and region so every stack can address the
 * buckets without cross-stack exports (which would pin the storage stack to its consumers and make
 * IAM findings depend on export names).
 */
export function bucketNames(env: string, account: string, region: string): { media: string; logs: string; queryResults: string } {
  return { media: `tributary-${env}-media-${account}-${region}`, logs: `tributary-${env}-logs-${account}-${region}`, queryResults: `tributary-${env}-query-${account}-${region}` };
}

/**
 * The usage query resources (Glue database, its tables and view, the Athena workgroup), named from
 * the deployment so the relay's policy and its configuration can name them without exports. Glue
 * names are lower case with underscores.
 */
export function usageQueryNames(env: string): { database: string; workGroup: string } {
  return { database: `tributary_${env.replaceAll("-", "_")}_usage`, workGroup: `tributary-${env}-usage` };
}
