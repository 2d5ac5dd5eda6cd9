// The strict XML subset: what CPIX documents use parses to namespace-resolved elements, the rest is
// refused with the offset named, and what the serializer writes parses back to the same tree.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstNonXmlChar, parseXml, XmlSyntaxError } from "./parse-xml.ts";
import { serializeXml, type XmlNode } from "./serialize-xml.ts";
import type { XmlElement } from "./xml-element.ts";

const CPIX = "urn:dashif:org:cpix";
const PSKC = "urn:ietf:params:xml:ns:keyprov:pskc";

const el = (ns: string, local: string, attributes: XmlElement["attributes"] = [], children: XmlElement[] = [], text = ""): XmlElement => ({ ns, local, attributes, children, text });

const accepted: { name: string; xml: string; root: XmlElement }[] = [
  {
    name: "declaration, comments, prefixed names, self-closing and text",
    xml: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c --><cpix:CPIX xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" version="2.3"><!-- inside --><pskc:PlainValue>AQ==</pskc:PlainValue><cpix:PSSH /></cpix:CPIX>\n',
    root: el(CPIX, "CPIX", [{ ns: "", local: "version", value: "2.3" }], [el(PSKC, "PlainValue", [], [], "AQ=="), el(CPIX, "PSSH")]),
  },
  {
    name: "a default namespace applies to elements but not attributes",
    xml: "<CPIX xmlns='urn:dashif:org:cpix' kid='k'><ContentKey/></CPIX>",
    root: el(CPIX, "CPIX", [{ ns: "", local: "kid", value: "k" }], [el(CPIX, "ContentKey")]),
  },
  {
    name: "predefined entities, character references, CDATA and attribute whitespace",
    xml: '<a b="x&#9;y\tz &quot;&amp;&#x41;">&lt;&#233;<![CDATA[<raw&>]]>&gt;</a>',
    root: el("", "a", [{ ns: "", local: "b", value: 'x\ty z "&A' }], [], "<é<raw&>>"),
  },
  {
    name: "a byte order mark before the document",
    xml: "\uFEFF<a/>",
    root: el("", "a"),
  },
];

const refused: { name: string; xml: string; message: RegExp }[] = [
  { name: "a DTD", xml: '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', message: /DTD is not accepted/ },
  { name: "an undefined entity", xml: "<a>&x;</a>", message: /entity '&x;'/ },
  { name: "a bare ampersand", xml: "<a>fish & chips</a>", message: /'&' that starts no reference/ },
  { name: "an unbound prefix", xml: "<cpix:CPIX/>", message: /prefix 'cpix' is not declared/ },
  { name: "a mismatched end tag", xml: "<a><b></a></b>", message: /<\/a> closes <b>/ },
  { name: "an unclosed element", xml: "<a><b/>", message: /<a> is not closed/ },
  { name: "a repeated attribute", xml: '<a x="1" x="2"/>', message: /attribute 'x' repeated/ },
  { name: "the same attribute through two prefixes", xml: '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>', message: /attribute 'q:x' repeated/ },
  { name: "an unquoted attribute", xml: "<a x=1/>", message: /must be quoted/ },
  { name: "a processing instruction", xml: "<a><?php ?></a>", message: /processing instructions/ },
  { name: "another encoding", xml: '<?xml version="1.0" encoding="ISO-8859-1"?><a/>', message: /encoding ISO-8859-1/ },
  { name: "two roots", xml: "<a/><b/>", message: /content after the root/ },
  { name: "a control character", xml: "<a>\u0001</a>", message: /U\+0001/ },
  { name: "a character reference to NUL", xml: "<a>&#0;</a>", message: /not an XML character/ },
  { name: "'--' inside a comment", xml: "<a><!-- a -- b --></a>", message: /'--' inside a comment/ },
];

describe("parseXml", () => {
  for (const { name, xml, root } of accepted) it(`accepts ${name}`, () => expect(parseXml(xml)).toEqual(root));

  for (const { name, xml, message } of refused) {
    it(`refuses ${name}`, () => {
      expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
      expect(() => parseXml(xml)).toThrow(message);
    });
  }

  it("refuses documents past each limit before building them", () => {
    const limits = { maxChars: 100, maxDepth: 3, maxElements: 4, maxAttributes: 2 };
    expect(() => parseXml(`<a>${"x".repeat(100)}</a>`, limits)).toThrow(/longer than 100 characters/);
    expect(() => parseXml("<a><b><c><d/></c></b></a>", limits)).toThrow(/nested deeper than 3/);
    expect(() => parseXml("<a><b/><b/><b/><b/></a>", limits)).toThrow(/more than 4 elements/);
    expect(() => parseXml('<a x="1" y="2" z="3"/>', limits)).toThrow(/more than 2 attributes/);
  });
});

describe("serializeXml", () => {
  it("writes one element per line, self-closing when empty, text inline and escaped", () => {
    const node: XmlNode = {
      name: "cpix:CPIX",
      attributes: [["xmlns:cpix", CPIX], ["contentId", 'a"<&>']],
      children: [{ name: "cpix:PSSH" }, { name: "cpix:Data", text: "<x>&\r" }],
    };
    expect(serializeXml(node)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<cpix:CPIX xmlns:cpix="urn:dashif:org:cpix" contentId="a&quot;&lt;&amp;&gt;">\n    <cpix:PSSH/>\n    <cpix:Data>&lt;x&gt;&amp;&#xD;</cpix:Data>\n</cpix:CPIX>\n',
    );
  });

  it("refuses names that are not XML names and elements with both text and children", () => {
    expect(() => serializeXml({ name: "a b" })).toThrow(TypeError);
    expect(() => serializeXml({ name: "a", attributes: [["x y", "1"]] })).toThrow(TypeError);
    expect(() => serializeXml({ name: "a", text: "t", children: [{ name: "b" }] })).toThrow(TypeError);
  });

  it("writes what parses back to the same names, attributes and text", () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,8}$/);
    const text = fc.string({ maxLength: 20, unit: "binary" }).filter((s) => firstNonXmlChar(s) < 0 && !/[\uD800-\uDFFF]/.test(s));
    const leaf = fc.record({ name, text, attributes: fc.uniqueArray(fc.tuple(name, text), { maxLength: 3, selector: ([n]) => n }) });
    fc.assert(
      fc.property(name, fc.array(leaf, { maxLength: 5 }), (rootName, leaves) => {
        const parsed = parseXml(serializeXml({ name: rootName, children: leaves }));
        expect(parsed.local).toBe(rootName);
        expect(parsed.children.map((c) => ({ name: c.local, text: c.text, attributes: c.attributes.map((a) => [a.local, a.value]) }))).toEqual(
          leaves.map((l) => ({ name: l.name, text: l.text, attributes: l.attributes })),
        );
      }),
      { numRuns: 300 },
    );
  });
});
