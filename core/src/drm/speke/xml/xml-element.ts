/**
 * The XML model CPIX needs: elements with namespace-resolved names, attributes and text. No DTDs,
 * entities beyond the five predefined ones, or processing instructions: CPIX documents use none, and
 * refusing them rules out entity-expansion and external-entity attacks by construction.
 */

export interface XmlAttribute {
  /** Namespace URI; "" for an unprefixed attribute (XML Namespaces 1.0 §6.3: no default namespace for attributes). */
  readonly ns: string;
  readonly local: string;
  readonly value: string;
}

export interface XmlElement {
  /** Namespace URI, "" when none is in scope. */
  readonly ns: string;
  readonly local: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** The element's own character data (children's excluded), entity references resolved. */
  readonly text: string;
}

/** The value of the attribute `local` in namespace `ns` (default: none), or `undefined`. */
export function attribute(element: XmlElement, local: string, ns = ""): string | undefined {
  return element.attributes.find((a) => a.local === local && a.ns === ns)?.value;
}

/** The child elements named `local` in namespace `ns`. */
export function childrenNamed(element: XmlElement, ns: string, local: string): XmlElement[] {
  return element.children.filter((child) => child.ns === ns && child.local === local);
}
