/** Request bodies and queries checked with zod; a 400 lists every issue, not just the first. */
import type { Context } from "hono";
import type { z } from "zod";
import { TributaryError } from "#core/errors.ts";

function invalid(where: string, issues: z.core.$ZodIssue[]): TributaryError {
  return new TributaryError("request.invalid", `invalid ${where}`, {
    details: { issues: issues.map((issue) => ({ path: issue.path.map(String).join("."), code: issue.code, message: issue.message })) },
  });
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(where, result.error.issues);
  return result.data;
}

/** The JSON body parsed against `schema`; a body that is not JSON is a 400 too. */
export async function jsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new TributaryError("request.invalid", "body is not valid JSON", { details: { issues: [{ path: "", code: "invalid_json", message: "body is not valid JSON" }] } });
  }
  return parseWith(schema, body, "request body");
}

export function query<T>(c: Context, schema: z.ZodType<T>): T {
  return parseWith(schema, c.req.query(), "query");
}
