import { describe, expect, it } from "vitest";
import { isTributaryError } from "../errors.ts";
import { parseCmcdPayload, readCmcd } from "./cmcd.ts";

const refusal = (payload: string): string => {
  try {
    parseCmcdPayload(payload);
  } catch (error) {
    if (isTributaryError(error, "request.invalid")) return error.message;
    throw error;
  }
  throw new Error("accepted");
};

describe("CMCD (CTA-5004)", () => {
  it("parses every key with its type", () => {
    const payload = 'bl=21300,br=3200,bs,cid="faec5fc2-ac30-11ea-bb37-0242ac130002",d=4004,dl=18500,mtp=48100,nor="..%2F300kbps%2Fsegment35.m4v",nrr="12323-48763",ot=v,pr=1.08,rtp=12000,sf=d,sid="6e2fb550-c457-11e9-bb97-0800200c9a66",st=v,su,tb=6000,v=1';
    expect(parseCmcdPayload(payload)).toEqual({
      bl: 21300, br: 3200, bs: true, cid: "faec5fc2-ac30-11ea-bb37-0242ac130002", d: 4004, dl: 18500, mtp: 48100,
      nor: "..%2F300kbps%2Fsegment35.m4v", nrr: "12323-48763", ot: "v", pr: 1.08, rtp: 12000, sf: "d",
      sid: "6e2fb550-c457-11e9-bb97-0800200c9a66", st: "v", su: true, tb: 6000, v: 1,
    });
  });

  it("ignores unknown and custom keys, and commas inside strings", () => {
    expect(parseCmcdPayload('com.example-x="a,b",zz=9,sid="a,b"')).toEqual({ sid: "a,b" });
  });

  it.each([
    ["br=fast", "br must be a non-negative integer"],
    ["br=-1", "br must be a non-negative integer"],
    ["bs=true", "bs is a boolean and takes no value"],
    ["ot=video", "ot must be one of"],
    ["sid=unquoted", "sid must be a quoted string"],
    [`sid="${"x".repeat(65)}"`, "sid longer than 64"],
    ['sid="open', "unterminated string"],
    ["br=1,br=2", "given twice"],
    ["pr=1.2.3", "pr must be a decimal"],
    ['nrr="abc"', "nrr must be a byte range"],
    ["mtp", "mtp needs a value"],
  ])("refuses %s", (payload, reason) => {
    expect(refusal(payload)).toContain(reason);
  });

  it("merges the four headers and prefers the query parameter", () => {
    const headers: Record<string, string> = { "cmcd-request": "bl=1000,mtp=2000", "cmcd-object": "br=800,ot=v", "cmcd-session": 'sid="s1",st=l' };
    expect(readCmcd(null, (name) => headers[name])).toEqual({ bl: 1000, mtp: 2000, br: 800, ot: "v", sid: "s1", st: "l" });
    expect(readCmcd("br=1", (name) => headers[name])).toEqual({ br: 1 });
    expect(readCmcd(null, () => undefined)).toBeUndefined();
  });

  // Found by fuzzing: inherited names were looked up on Object.prototype and refused as "given twice",
  // and a string ending in an escaped backslash was read as unterminated.
  it.each(["constructor=1", "__proto__=2,br=10", "toString,hasOwnProperty=x,br=10"])("ignores the unknown key in %s", (payload) => {
    const parsed = parseCmcdPayload(payload);
    expect(Object.keys(parsed)).toEqual(payload.includes("br=") ? ["br"] : []);
  });

  it("reads an escaped backslash at the end of a string", () => {
    expect(parseCmcdPayload('sid="a\\\\",br=5')).toEqual({ sid: "a\\", br: 5 });
    expect(parseCmcdPayload('cid="x\\"y",bs')).toEqual({ cid: 'x"y', bs: true });
  });
});
