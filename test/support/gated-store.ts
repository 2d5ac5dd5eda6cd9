/** A store that holds some puts until the test says so (never a timer): a storage backend that is stuck. */
import type { ObjectBody, ObjectStore, PutOptions } from "#core/storage/object-store.ts";

/** Holds every put whose key matches `pattern` until `release()`; `held` resolves at the first one. */
export class GatedStore implements ObjectStore {
  readonly #inner: ObjectStore;
  readonly #pattern: RegExp;
  readonly #waiting: (() => void)[] = [];
  #open = false;
  #onHeld!: (key: string) => void;
  readonly held = new Promise<string>((resolve) => (this.#onHeld = resolve));

  constructor(inner: ObjectStore, pattern: RegExp) {
    this.#inner = inner;
    this.#pattern = pattern;
  }

  release(): void {
    this.#open = true;
    for (const go of this.#waiting.splice(0)) go();
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<{ etag: string }> {
    if (!this.#open && this.#pattern.test(key)) {
      this.#onHeld(key);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    return this.#inner.put(key, body, options);
  }

  get: ObjectStore["get"] = (...args) => this.#inner.get(...args);
  head: ObjectStore["head"] = (...args) => this.#inner.head(...args);
  list: ObjectStore["list"] = (...args) => this.#inner.list(...args);
  delete: ObjectStore["delete"] = (...args) => this.#inner.delete(...args);
  presign: ObjectStore["presign"] = (...args) => this.#inner.presign(...args);
}
