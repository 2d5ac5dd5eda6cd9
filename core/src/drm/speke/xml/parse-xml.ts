/**
 * A strict, namespace-aware XML 1.0 parser for the subset CPIX documents use: one root element,
 * attributes, character data, comments, CDATA, the five predefined entities and character references.
 * Anything else (a DTD, other entities, processing instructions, unbound prefixes, mismatched tags)
 * is refused with an `XmlSyntaxError` naming the offset, and sizes are checked against `XmlLimits`
 * as they are reached.
 */
import type { XmlAttribute, XmlElement } from "./xml-element.ts";
import { defaultXmlLimits, type XmlLimits } from "./xml-limits.ts";

export class XmlSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = "XmlSyntaxError";
    this.offset = offset;
  }
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const NAME = /[A-Za-z_\u00C0-\uFFEF][\w.\-\u00B7\u00C0-\uFFEF]*(?::[A-Za-z_\u00C0-\uFFEF][\w.\-\u00B7\u00C0-\uFFEF]*)?/y;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

interface RawAttribute {
  name: string;
  value: string;
  at: number;
}

/**
 * Where `text` first holds a code unit XML 1.0 §2.2 excludes (C0 controls but tab, line feed and
 * carriage return; U+FFFE, U+FFFF), or -1.
 */
export function firstNonXmlChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code === 0xfffe || code === 0xffff) return i;
  }
  return -1;
}

/** Parses `text` into its root element. */
export function parseXml(text: string, limits: XmlLimits = defaultXmlLimits): XmlElement {
  if (text.length > limits.maxChars) throw new XmlSyntaxError(`document longer than ${limits.maxChars} characters`, limits.maxChars);
  const bad = firstNonXmlChar(text);
  if (bad >= 0) throw new XmlSyntaxError(`character U+${text.charCodeAt(bad).toString(16).padStart(4, "0")} is not allowed in XML`, bad);
  return new Parser(text.startsWith("\uFEFF") ? text.slice(1) : text, limits).document();
}

class Parser {
  readonly #text: string;
  readonly #limits: XmlLimits;
  #at = 0;
  #elements = 0;

  constructor(text: string, limits: XmlLimits) {
    this.#text = text;
    this.#limits = limits;
  }

  document(): XmlElement {
    if (this.#text.startsWith("<?xml")) this.#declaration();
    this.#misc();
    if (this.#text.startsWith("<!DOCTYPE", this.#at)) this.#fail("a DTD is not accepted");
    if (this.#text[this.#at] !== "<") this.#fail("expected the root element");
    const root = this.#element(new Map([["xml", XML_NS]]), 1);
    this.#misc();
    if (this.#at < this.#text.length) this.#fail("content after the root element");
    return root;
  }

  #fail(message: string, at = this.#at): never {
    throw new XmlSyntaxError(message, at);
  }

  #declaration(): void {
    const end = this.#text.indexOf("?>");
    if (end < 0) this.#fail("unterminated XML declaration");
    const body = this.#text.slice(5, end);
    const version = /\bversion\s*=\s*(["'])([^"']*)\1/.exec(body)?.[2];
    if (version !== "1.0") this.#fail("only XML 1.0 is accepted");
    const encoding = /\bencoding\s*=\s*(["'])([^"']*)\1/.exec(body)?.[2];
    if (encoding !== undefined && encoding.toUpperCase() !== "UTF-8") this.#fail(`encoding ${encoding} is not accepted; CPIX is UTF-8`);
    this.#at = end + 2;
  }

  /** Whitespace and comments between markup outside the root. */
  #misc(): void {
    for (;;) {
      this.#skipSpace();
      if (this.#text.startsWith("<!--", this.#at)) this.#comment();
      else if (this.#text.startsWith("<?", this.#at)) this.#fail("processing instructions are not accepted");
      else return;
    }
  }

  #skipSpace(): void {
    while (/[ \t\r\n]/.test(this.#text[this.#at] ?? "")) this.#at++;
  }

  #comment(): void {
    const end = this.#text.indexOf("-->", this.#at + 4);
    if (end < 0) this.#fail("unterminated comment");
    if (this.#text.slice(this.#at + 4, end).includes("--")) this.#fail("'--' inside a comment");
    this.#at = end + 3;
  }

  #name(): string {
    NAME.lastIndex = this.#at;
    const match = NAME.exec(this.#text);
    if (!match) this.#fail("expected a name");
    this.#at += match[0].length;
    return match[0];
  }

  #element(scope: ReadonlyMap<string, string>, depth: number): XmlElement {
    if (depth > this.#limits.maxDepth) this.#fail(`elements nested deeper than ${this.#limits.maxDepth}`);
    if (++this.#elements > this.#limits.maxElements) this.#fail(`more than ${this.#limits.maxElements} elements`);
    const start = this.#at;
    this.#at++; // "<"
    const qname = this.#name();
    const raw = this.#attributes();
    const inner = new Map(scope);
    for (const { name, value, at } of raw) {
      if (name === "xmlns") inner.set("", value);
      else if (name.startsWith("xmlns:")) {
        if (value === "") this.#fail("a namespace prefix cannot be undeclared in XML 1.0", at);
        inner.set(name.slice(6), value);
      }
    }
    const resolve = (name: string, at: number, isAttribute: boolean): { ns: string; local: string } => {
      const colon = name.indexOf(":");
      if (colon < 0) return { ns: isAttribute ? "" : (inner.get("") ?? ""), local: name };
      const ns = inner.get(name.slice(0, colon));
      if (ns === undefined) this.#fail(`namespace prefix '${name.slice(0, colon)}' is not declared`, at);
      return { ns, local: name.slice(colon + 1) };
    };
    const attributes: XmlAttribute[] = [];
    for (const { name, value, at } of raw) {
      if (name === "xmlns" || name.startsWith("xmlns:")) continue;
      const { ns, local } = resolve(name, at, true);
      if (ns === XMLNS_NS || attributes.some((a) => a.ns === ns && a.local === local)) this.#fail(`attribute '${name}' repeated`, at);
      attributes.push({ ns, local, value });
    }
    const { ns, local } = resolve(qname, start, false);
    if (this.#text.startsWith("/>", this.#at)) {
      this.#at += 2;
      return { ns, local, attributes, children: [], text: "" };
    }
    if (this.#text[this.#at] !== ">") this.#fail(`expected '>' to close <${qname}>`);
    this.#at++;
    const { children, text } = this.#content(inner, depth, qname);
    return { ns, local, attributes, children, text };
  }

  #attributes(): RawAttribute[] {
    const attributes: RawAttribute[] = [];
    for (;;) {
      const before = this.#at;
      this.#skipSpace();
      const next = this.#text[this.#at];
      if (next === ">" || next === "/" || next === undefined) return attributes;
      if (this.#at === before) this.#fail("expected whitespace before an attribute");
      if (attributes.length >= this.#limits.maxAttributes) this.#fail(`more than ${this.#limits.maxAttributes} attributes on one element`);
      const at = this.#at;
      const name = this.#name();
      if (attributes.some((a) => a.name === name)) this.#fail(`attribute '${name}' repeated`, at);
      this.#skipSpace();
      if (this.#text[this.#at] !== "=") this.#fail(`expected '=' after attribute '${name}'`);
      this.#at++;
      this.#skipSpace();
      const quote = this.#text[this.#at];
      if (quote !== '"' && quote !== "'") this.#fail(`attribute '${name}' value must be quoted`);
      const end = this.#text.indexOf(quote, this.#at + 1);
      if (end < 0) this.#fail(`unterminated value of attribute '${name}'`);
      const rawValue = this.#text.slice(this.#at + 1, end);
      if (rawValue.includes("<")) this.#fail(`'<' in the value of attribute '${name}'`, this.#at + 1 + rawValue.indexOf("<"));
      // XML 1.0 §3.3.3: literal white space in an attribute value becomes spaces; character references stay.
      attributes.push({ name, value: this.#unescape(rawValue.replace(/[\t\r\n]/g, " "), this.#at + 1), at });
      this.#at = end + 1;
    }
  }

  #content(scope: ReadonlyMap<string, string>, depth: number, qname: string): { children: XmlElement[]; text: string } {
    const children: XmlElement[] = [];
    let text = "";
    for (;;) {
      const lt = this.#text.indexOf("<", this.#at);
      if (lt < 0) this.#fail(`<${qname}> is not closed`);
      const chars = this.#text.slice(this.#at, lt);
      if (chars.includes("]]>")) this.#fail("']]>' in character data", this.#at + chars.indexOf("]]>"));
      text += this.#unescape(chars, this.#at);
      this.#at = lt;
      if (this.#text.startsWith("</", lt)) {
        this.#at += 2;
        const closing = this.#name();
        if (closing !== qname) this.#fail(`</${closing}> closes <${qname}>`, lt);
        this.#skipSpace();
        if (this.#text[this.#at] !== ">") this.#fail(`expected '>' to close </${closing}>`);
        this.#at++;
        return { children, text };
      }
      if (this.#text.startsWith("<!--", lt)) this.#comment();
      else if (this.#text.startsWith("<![CDATA[", lt)) {
        const end = this.#text.indexOf("]]>", lt + 9);
        if (end < 0) this.#fail("unterminated CDATA section");
        text += this.#text.slice(lt + 9, end);
        this.#at = end + 3;
      } else if (this.#text.startsWith("<?", lt)) this.#fail("processing instructions are not accepted");
      else if (this.#text.startsWith("<!", lt)) this.#fail("declarations are not accepted inside elements");
      else children.push(this.#element(scope, depth + 1));
    }
  }

  /** Resolves entity and character references in `raw`, which starts at `offset`. */
  #unescape(raw: string, offset: number): string {
    if (!raw.includes("&")) return raw;
    return raw.replace(/&([^;&\s]{0,10});?/g, (whole, name: string, index: number) => {
      if (!whole.endsWith(";")) this.#fail("'&' that starts no reference", offset + index);
      const predefined = PREDEFINED[name];
      if (predefined !== undefined) return predefined;
      const code = /^#x[0-9A-Fa-f]{1,6}$/.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]{1,7}$/.test(name) ? parseInt(name.slice(1), 10) : undefined;
      if (code === undefined) this.#fail(`entity '&${name};' is not one XML predefines`, offset + index);
      const valid = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!valid) this.#fail(`character reference '&${name};' is not an XML character`, offset + index);
      return String.fromCodePoint(code);
    });
  }
}
