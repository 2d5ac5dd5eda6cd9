/**
 * An `ObjectStore` that reports each failed write (put or delete) before passing the failure on. A
 * failed condition (`storage.precondition_failed`) is an answer, not a failure, and is not reported.
 */
import { isTributaryError } from "#core/errors.ts";
import type { GetOptions, ListOptions, ObjectBody, ObjectStore, PresignOptions, PutOptions } from "#core/storage/object-store.ts";

export function countWriteErrors(store: ObjectStore, onWriteError: () => void): ObjectStore {
  const failed = (error: unknown): never => {
    if (!isTributaryError(error, "storage.precondition_failed")) onWriteError();
    throw error;
  };
  const counted: ObjectStore = {
    get: (key: string, options?: GetOptions) => store.get(key, options),
    head: (key: string) => store.head(key),
    put: (key: string, body: ObjectBody, options?: PutOptions) => store.put(key, body, options).catch(failed),
    list: (options: ListOptions) => store.list(options),
    delete: (key: string) => store.delete(key).catch(failed),
    presign: (key: string, options: PresignOptions) => store.presign(key, options),
  };
  const flush = store.flush?.bind(store);
  if (flush !== undefined) counted.flush = () => flush().catch(failed);
  return counted;
}
