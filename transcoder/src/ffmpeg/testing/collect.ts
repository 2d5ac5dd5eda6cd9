/** Drains a Node readable into one buffer (tests and small tools). */
import type { Readable } from "node:stream";

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
