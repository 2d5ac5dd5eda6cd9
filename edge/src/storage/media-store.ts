/** What the edge reads media from: the `get`/`head` subset of the core `ObjectStore` port. */
import type { ObjectStore } from "#core/storage/object-store.ts";

export type MediaStore = Pick<ObjectStore, "get" | "head">;
