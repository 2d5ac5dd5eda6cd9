/**
 * Maps what `@aws-sdk/client-s3` throws to Tributary's `storage.*` errors. Everything that is not a
 * failed condition, a missing object or a bad range is the store being unreachable or refusing us.
 */
import { TributaryError } from "#core/errors.ts";
import { preconditionFailed } from "#core/storage/put-conditions.ts";

export interface S3ErrorContext {
  operation: "get" | "head" | "put" | "list" | "delete";
  key?: string | undefined;
  /** The condition the put carried, if any. */
  condition?: "If-None-Match" | "If-Match" | undefined;
}

interface SdkErrorShape {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The HTTP status of an SDK service error; `undefined` for network and client-side errors. */
export function s3Status(error: unknown): number | undefined {
  return (error as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
}

export function isS3NotFound(error: unknown): boolean {
  const name = (error as SdkErrorShape | undefined)?.name;
  return s3Status(error) === 404 || name === "NoSuchKey" || name === "NotFound";
}

export function toStorageError(error: unknown, context: S3ErrorContext): Error {
  if (error instanceof TributaryError || error instanceof TypeError) return error;
  const status = s3Status(error);
  const name = (error as SdkErrorShape | undefined)?.name;
  const key = context.key ?? "";
  if (context.condition !== undefined) {
    // 412 PreconditionFailed; 409 ConditionalRequestConflict (a concurrent conditional write won);
    // 404 NoSuchKey answers If-Match on a key that does not exist.
    if (status === 412 || status === 409 || (status === 404 && context.condition === "If-Match")) return preconditionFailed(key, context.condition, error);
  }
  if (status === 416 || name === "InvalidRange") {
    return new TributaryError("storage.range_not_satisfiable", "range starts past the end of the object", { details: { key }, cause: error });
  }
  return new TributaryError("storage.unavailable", `object store ${context.operation} failed${status === undefined ? "" : ` with HTTP ${status}`}`, {
    details: { ...context, status, name },
    cause: error,
  });
}
