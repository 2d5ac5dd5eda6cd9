/** Splits a publishing name ("key?foo=bar") into the stream name and its query parameters. */
export interface PublishingName {
  streamName: string;
  query: Record<string, string>;
}

export function parsePublishingName(publishingName: string): PublishingName {
  const at = publishingName.indexOf("?");
  if (at < 0) return { streamName: publishingName, query: {} };
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(publishingName.slice(at + 1))) {
    Object.defineProperty(query, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { streamName: publishingName.slice(0, at), query };
}
