/**
 * The ListObjectsV2 response body (S3 API Reference, "ListObjectsV2": `ListBucketResult`), read without
 * an XML library: Workers have no DOMParser, and the elements used are flat text. Entities are decoded
 * as XML 1.0 §4.6 predefines them, plus character references.
 */
import type { ObjectMetadata } from "#core/storage/object-store.ts";

export interface ListObjectsV2Page {
  contents: ObjectMetadata[];
  isTruncated: boolean;
  nextContinuationToken?: string | undefined;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The text of the first `<name>` element in `xml`, decoded, or `undefined`. */
function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decodeXmlText(match[1]);
}

export function parseListObjectsV2(xml: string): ListObjectsV2Page {
  const contents: ObjectMetadata[] = [];
  for (const [, entry = ""] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    contents.push({
      key: element(entry, "Key") ?? "",
      size: Number(element(entry, "Size") ?? 0),
      etag: element(entry, "ETag") ?? '""',
      lastModified: new Date(element(entry, "LastModified") ?? 0),
    });
  }
  return { contents, isTruncated: element(xml, "IsTruncated") === "true", nextContinuationToken: element(xml, "NextContinuationToken") };
}
