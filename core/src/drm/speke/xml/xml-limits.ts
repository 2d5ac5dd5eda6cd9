/** How much XML a peer may send before the parser refuses it (checked before anything grows). */
export interface XmlLimits {
  /** Characters in the whole document. */
  maxChars: number;
  /** Nesting depth of elements. */
  maxDepth: number;
  /** Elements in the whole document. */
  maxElements: number;
  /** Attributes on one element. */
  maxAttributes: number;
}

/** Enough for a CPIX document with hundreds of keys and DRM systems, PlayReady headers included. */
export const defaultXmlLimits: XmlLimits = { maxChars: 2_000_000, maxDepth: 32, maxElements: 20_000, maxAttributes: 32 };
