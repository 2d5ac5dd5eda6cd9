/** `/streams`: live stream CRUD, paginated list and key rotation, all scoped to the caller's tenant. */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { createStream, deleteStream, getStream, listStreams, rotateStreamKey, updateStream } from "#core/records/streams.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { ApiDeps } from "./api-deps.ts";
import { pageQuerySchema, streamCreateSchema, streamUpdateSchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { idempotent } from "./idempotency.ts";
import { recordContext } from "./record-context.ts";
import { streamView } from "./stream-view.ts";
import { jsonBody, query } from "./validation.ts";

export function streamRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ctx = recordContext(deps);
  const view = (stream: StreamRecord, streamKey?: string) => streamView(deps.store, deps.ingest, deps.clock.now(), stream, streamKey);

  app.post("/", requireScope("write"), (c) =>
    idempotent(c, deps, async () => {
      const body = await jsonBody(c, streamCreateSchema);
      const { stream, streamKey } = await createStream(ctx, tenantOf(c), body);
      return c.json(await view(stream, streamKey), 201);
    }),
  );

  app.get("/", requireScope("read"), async (c) => {
    const page = await listStreams(ctx, tenantOf(c), query(c, pageQuerySchema));
    const data = await Promise.all(page.items.map((stream) => view(stream)));
    return c.json({ data, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) });
  });

  app.get("/:id", requireScope("read"), async (c) => {
    const stream = await getStream(ctx, tenantOf(c), c.req.param("id"));
    if (stream === undefined) throw new TributaryError("request.not_found", "stream not found");
    return c.json(await view(stream));
  });

  app.patch("/:id", requireScope("write"), async (c) => {
    const body = await jsonBody(c, streamUpdateSchema);
    return c.json(await view(await updateStream(ctx, tenantOf(c), c.req.param("id"), body)));
  });

  app.delete("/:id", requireScope("write"), async (c) => {
    await deleteStream(ctx, tenantOf(c), c.req.param("id"));
    return c.body(null, 204);
  });

  app.post("/:id/rotate-key", requireScope("write"), async (c) => {
    const { stream, streamKey } = await rotateStreamKey(ctx, tenantOf(c), c.req.param("id"));
    return c.json(await view(stream, streamKey));
  });

  return app;
}
