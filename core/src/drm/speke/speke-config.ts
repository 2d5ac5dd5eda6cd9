/**
 * A tenant's SPEKE v2.0 key provider: where it is, which DRM systems to ask it for, and how to
 * authenticate. Two forms: what a tenant submits (credentials in the clear, validated once, then
 * sealed; see seal-speke-config.ts) and what is stored (credentials sealed under the master key).
 * Credentials never appear in either form's error messages, in logs, or in answers.
 *
 * Auth is AWS SigV4 for providers behind Amazon API Gateway (what MediaPackage and MediaConvert use:
 * an IAM access key with execute-api:Invoke on the provider's API), or one static header (an API key,
 * `Authorization: Basic …`) for providers that take one.
 */
import { z } from "zod";
import { refuseTargetUrl, type OutboundPolicy } from "../../net/outbound-target.ts";
import { DRM_SYSTEM_NAMES, type DrmSystemName } from "./drm-systems.ts";
import { sealedCredentialSchema } from "./sealed-credential.ts";

const systems = z
  .array(z.enum(DRM_SYSTEM_NAMES as [DrmSystemName, ...DrmSystemName[]]))
  .min(1)
  .refine((list) => new Set(list).size === list.length, "each DRM system once");

/** AWS region names (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). */
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "an AWS region such as us-east-1");
const service = z.string().regex(/^[a-z0-9-]{1,64}$/).default("execute-api");
/** An HTTP field name (RFC 9110 §5.6.2 token), not one the client sets itself. */
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, "an HTTP header name")
  .refine((name) => !/^(host|content-type|content-length|x-speke-version|x-speke-user-agent|x-amz-.*)$/i.test(name), "a header the client sets itself");

const settings = {
  /** The provider's copyProtection endpoint, e.g. https://keys.example.com/speke/v2.0/copyProtection. */
  url: z.url({ protocol: /^https?$/ }).max(2048),
  /** Asked for every key: those the stream's scheme plays (FairPlay only with cbcs). */
  systems,
  /** How long one exchange may take. */
  timeoutMs: z.number().int().min(500).max(30_000).default(10_000),
};

export const spekeAuthInputSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("sigv4"),
      region,
      service,
      accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "an AWS access key id"),
      secretAccessKey: z.string().min(16).max(128),
      sessionToken: z.string().min(1).max(4096).optional(),
    })
    .strict(),
  z.object({ kind: z.literal("header"), name: headerName, value: z.string().min(1).max(4096).regex(/^[\t\x20-\x7e]+$/, "visible ASCII") }).strict(),
]);
export type SpekeAuthInput = z.infer<typeof spekeAuthInputSchema>;

export const storedSpekeAuthSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sigv4"), region, service, credentials: sealedCredentialSchema }).strict(),
  z.object({ kind: z.literal("header"), name: headerName, value: sealedCredentialSchema }).strict(),
]);

/**
 * Keys travel in the clear inside the CPIX answer (pskc:PlainValue), so the endpoint must be https;
 * plain http and private addresses only where the deployment allows private targets (tests).
 */
function endpointRule(policy: OutboundPolicy) {
  return (config: { url: string }, ctx: z.RefinementCtx) => {
    const url = new URL(config.url);
    if (url.username !== "" || url.password !== "") ctx.addIssue({ code: "custom", path: ["url"], message: "credentials belong in auth, not in the URL" });
    if (url.protocol !== "https:" && !policy.allowPrivateTargets) ctx.addIssue({ code: "custom", path: ["url"], message: "the key provider must be https: keys come back in the clear" });
    const refusal = refuseTargetUrl(config.url, policy);
    if (refusal !== undefined) ctx.addIssue({ code: "custom", path: ["url"], message: refusal.message });
  };
}

function configSchema<A extends z.ZodType>(auth: A, policy: OutboundPolicy) {
  return z
    .object({ ...settings, auth })
    .strict()
    .superRefine(endpointRule(policy));
}

/** What a tenant submits. */
export const spekeConfigInputSchema = (policy: OutboundPolicy) => configSchema(spekeAuthInputSchema, policy);
export type SpekeConfigInput = z.infer<ReturnType<typeof spekeConfigInputSchema>>;

/** What is stored (tenants/<tenantId>/speke.json). */
export const storedSpekeConfigSchema = (policy: OutboundPolicy) => configSchema(storedSpekeAuthSchema, policy);
export type StoredSpekeConfig = z.infer<ReturnType<typeof storedSpekeConfigSchema>>;

/** The opened config the client works with: credentials in memory only. */
export type SpekeAuth = { kind: "sigv4"; region: string; service: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string } | { kind: "header"; name: string; value: string };

export interface SpekeProviderConfig {
  readonly url: string;
  readonly systems: readonly DrmSystemName[];
  readonly timeoutMs: number;
  readonly auth: SpekeAuth;
}
