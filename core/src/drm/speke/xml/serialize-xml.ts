/**
 * Writes an element tree as indented XML 1.0 in UTF-8. Names are written as given (qualified, e.g.
 * `cpix:ContentKey`); the caller declares the namespaces with `xmlns:` attributes on the root.
 */

export interface XmlNode {
  readonly name: string;
  readonly attributes?: readonly (readonly [string, string])[];
  /** Child elements, or character data; an element has one or the other (CPIX has no mixed content). */
  readonly children?: readonly XmlNode[];
  readonly text?: string;
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;");
}

function write(node: XmlNode, indent: string, depth: number, out: string[]): void {
  if (!NAME.test(node.name)) throw new TypeError(`not an XML name: ${JSON.stringify(node.name)}`);
  for (const [name] of node.attributes ?? []) if (!NAME.test(name)) throw new TypeError(`not an XML attribute name: ${JSON.stringify(name)}`);
  const pad = indent.repeat(depth);
  const attributes = (node.attributes ?? []).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join("");
  const children = node.children ?? [];
  if (children.length > 0 && node.text !== undefined && node.text !== "") throw new TypeError(`<${node.name}> has both children and text`);
  if (children.length > 0) {
    out.push(`${pad}<${node.name}${attributes}>`);
    for (const child of children) write(child, indent, depth + 1, out);
    out.push(`${pad}</${node.name}>`);
  } else if (node.text !== undefined && node.text !== "") out.push(`${pad}<${node.name}${attributes}>${escapeText(node.text)}</${node.name}>`);
  else out.push(`${pad}<${node.name}${attributes}/>`);
}

/** The document: an XML declaration, then `root`, one element per line, ending in a newline. */
export function serializeXml(root: XmlNode, indent = "    "): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, indent, 0, out);
  return `${out.join("\n")}\n`;
}
