/** Request and response shapes of the usage and invoice routes (validation and the OpenAPI document). */
import { z } from "zod";
import { usageDimensions, usageGranularities, usageMeasures } from "#core/billing/usage-sql.ts";
import { resolutionTiers } from "#core/usage/usage-record.ts";

export { priceBookSchema } from "#core/billing/price-book.ts";

const instant = z.string().max(40).describe("ISO instant in UTC, e.g. 2026-12-01T00:00:00Z");

/** `groupBy=media,tier` (or repeated names in one list); each name once. */
const dimensionList = z
  .string()
  .max(200)
  .transform((value) => value.split(",").map((name) => name.trim()).filter((name) => name !== ""))
  .pipe(z.array(z.enum(usageDimensions)));

/**
 * The usage query. The tenant is never a parameter: it is the API key's tenant (or every tenant on
 * the operator's route), and anything else in the query string is ignored.
 */
export const usageQuerySchema = z.object({
  from: instant,
  to: instant,
  granularity: z.enum(usageGranularities).default("hour"),
  groupBy: dimensionList.optional().describe(`comma-separated: ${usageDimensions.join(", ")}`),
});

const measureColumns = Object.fromEntries(Object.keys(usageMeasures).map((m) => [m, z.number().int()])) as Record<keyof typeof usageMeasures, z.ZodNumber>;

export const usageRowSchema = z.object({
  bucket: z.string().describe("yyyy-mm-ddThh or yyyy-mm-dd (UTC)"),
  tenant_id: z.string().optional(),
  media_id: z.string().nullable().optional(),
  stream_id: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
  rendition: z.string().nullable().optional(),
  tier: z.string().nullable().optional(),
  ...measureColumns,
});

export const usageResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  granularity: z.enum(usageGranularities),
  groupBy: z.array(z.enum(usageDimensions)),
  /** The statement that produced `data`, runnable as is over `usage_records`. */
  sql: z.string(),
  data: z.array(usageRowSchema),
});

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month, yyyy-mm");

export const invoiceLineSchema = z.object({
  product: z.enum(["delivery", "egress", "storage", "vod_encoding", "live_encoding", "ingest"]),
  tier: z.enum(resolutionTiers).optional(),
  description: z.string(),
  quantity: z.string(),
  unit: z.enum(["minute", "GB", "minute-month"]),
  unitPriceMicros: z.number().int(),
  amountMicros: z.number().int(),
  source: z.object({
    measure: z.string(),
    baseQuantity: z.string(),
    baseUnit: z.enum(["ms", "byte", "ms-day"]),
    rows: z.array(z.object({ tier: z.string().nullable(), tenant_id: z.string().optional() })),
    sql: z.string(),
  }),
});

export const invoiceSchema = z.object({
  tenantId: z.string(),
  month: z.string(),
  currency: z.string(),
  lines: z.array(invoiceLineSchema),
  totalMicros: z.number().int(),
});

export const invoicesSchema = z.object({ month: z.string(), data: z.array(invoiceSchema) });
