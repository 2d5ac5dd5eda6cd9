/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests (`z.toJSONSchema`). */
import { z } from "zod";
import { errorSchema } from "./api-schemas.ts";
import { operations, type OperationSpec } from "./route-specs.ts";

type Json = Record<string, unknown>;

const schema = (type: z.ZodType, io: "input" | "output"): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: "any" }) as Json;
  return rest;
};

const errorResponse = (description: string): Json => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function parameters(op: OperationSpec): Json[] {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  const query = op.query === undefined ? [] : Object.entries(op.query.shape).map(([name, field]) => ({ name, in: "query", required: false, schema: schema(field as z.ZodType, "input") }));
  const idempotency = op.idempotent ? [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Same key and body within 24 h returns the first response" }] : [];
  return [...path, ...query, ...idempotency];
}

function operation(op: OperationSpec): Json {
  const success = op.success.schema === undefined ? { description: "Done" } : { description: "OK", content: { "application/json": { schema: schema(op.success.schema, "output") } } };
  return {
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
    description: `Requires the \`${op.scope}\` scope.`,
    security: [{ apiKey: [] }],
    parameters: parameters(op),
    ...(op.body === undefined ? {} : { requestBody: { required: true, content: { "application/json": { schema: schema(op.body, "input") } } } }),
    responses: {
      [String(op.success.status)]: success,
      "400": errorResponse("Validation failed; details.issues lists every problem"),
      "401": errorResponse("Missing, unknown or revoked API key"),
      "403": errorResponse("The API key lacks the scope"),
      "404": errorResponse("Not found (or another tenant's)"),
      "429": errorResponse("Rate limited; see Retry-After"),
    },
  };
}

export function openApiDocument(serverUrl = "/api/v1"): Json {
  const paths: Record<string, Json> = {};
  for (const op of operations) paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: operation(op) };
  return {
    openapi: "3.1.0",
    info: { title: "Tributary broadcaster API", version: "1.0.0" },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key, `tk_<keyId>_<secret>`" } },
      schemas: { Error: schema(errorSchema, "output") },
    },
    paths,
  };
}
