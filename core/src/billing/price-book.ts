/**
 * A tenant's price book: what each metered unit costs, in integer micro-units of `currency`
 * (./money.ts). Kept at `price-books/<tenantId>.json`; a tenant without one is priced with the
 * platform's defaults from config (`billing.prices`).
 */
import { z } from "zod";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/** A price in micro-units: a non-negative safe integer, never a float. */
const micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const byTier = (sd: number, hd: number, uhd: number) => z.object({ SD: micros.default(sd), HD: micros.default(hd), UHD: micros.default(uhd) }).strict().prefault({});

export const priceBookSchema = z
  .object({
    /** ISO 4217 code the micro-units are of. */
    currency: z.string().regex(/^[A-Z]{3}$/).default("USD"),
    /** Per minute of video delivered to viewers, by resolution tier. */
    deliveredMinute: byTier(500, 1_000, 2_000),
    /** Per GB (10^9 bytes) the edge sent. */
    egressGigabyte: micros.default(50_000),
    /** Per minute of media kept for a month (the month's daily inventory, averaged over its days). */
    storedMinute: micros.default(2_000),
    /** Per minute encoded, VOD jobs and live transcodes alike, by the rendition's resolution tier. */
    encodedMinute: byTier(25_000, 40_000, 80_000),
    /** Per minute a publisher was connected. */
    ingestMinute: micros.default(5_000),
  })
  .strict();

export type PriceBook = z.infer<typeof priceBookSchema>;
export type PriceBookInput = z.input<typeof priceBookSchema>;

/** The platform's default prices. */
export const defaultPriceBook: PriceBook = priceBookSchema.parse({});

/** The tenant's price book, or `defaults` when it has none. */
export async function priceBookFor(store: ObjectStore, tenantId: string, defaults: PriceBook = defaultPriceBook): Promise<PriceBook> {
  return (await readJson(store, keys.priceBook(tenantId), priceBookSchema))?.value ?? defaults;
}

/** Sets the tenant's price book (fields left out take the schema's defaults). */
export async function putPriceBook(store: ObjectStore, tenantId: string, input: PriceBookInput): Promise<PriceBook> {
  const book = priceBookSchema.parse(input);
  return (await updateJson(store, keys.priceBook(tenantId), () => book, { schema: priceBookSchema })).value;
}
